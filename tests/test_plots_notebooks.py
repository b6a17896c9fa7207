"""Run the chapters and check every figure they show inline: sharp, within the page, readable, described.

Each chapter that calls ``setup_notebook`` and draws figures is executed in a kernel of this environment. Right after
its ``setup_notebook`` cell the test adds one cell that measures, while each figure is rendered for
display, the smallest text the renderer draws (in CSS pixels); it changes nothing else. Then every
``image/png`` output must carry its width in CSS pixels, at least 1.5 image pixels per CSS pixel, a
width that fits the output area, text of at least 14 CSS pixels, and a text alternative (in the PNG's
metadata and in the ``<img alt>`` of the HTML that JupyterLab and Voilà show).
"""

from __future__ import annotations

import base64
import html
import re
from pathlib import Path

import pytest

from bpcourse import style
from bpcourse.plots.display import png_size

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"

MEASURE = '''
from unittest import mock as _mock
from matplotlib.backends.backend_agg import RendererAgg as _RendererAgg
from matplotlib.figure import Figure as _Figure
import bpcourse.plots.display as _display

def _measured_bundle(fig, _draw_text=_RendererAgg.draw_text):
    sizes = []
    def spy(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
        if s.strip():
            sizes.append(prop.get_size_in_points() * %r / 72.0)
        return _draw_text(self, gc, x, y, s, prop, angle, ismath=ismath, mtext=mtext)
    with _mock.patch.object(_RendererAgg, "draw_text", spy):
        bundle = _display.figure_bundle(fig)
    if bundle is not None:
        bundle[1]["image/png"]["test_smallest_text_css_px"] = min(sizes) if sizes else None
    return bundle

get_ipython().display_formatter.mimebundle_formatter.for_type(_Figure, _measured_bundle)
''' % style.CSS_PX_PER_INCH


def chapters():
    """The chapters that draw figures (with the plots helpers, pyplot or a Figure of their own)."""
    draws = re.compile(r"bpcourse\.plots|pyplot|Figure\(")
    return sorted(p for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")
                  if "setup_notebook(" in (text := p.read_text()) and draws.search(text))


def run(path: Path):
    """Execute the notebook (with the measuring cell) in a kernel of this Python; return it."""
    import ipykernel.kernelspec
    import nbformat
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient

    class ThisPython(KernelSpecManager):
        def get_kernel_spec(self, kernel_name):
            return self.kernel_spec_class(resource_dir=ipykernel.kernelspec.RESOURCES,
                                          **ipykernel.kernelspec.get_kernel_dict())

    nb = nbformat.read(path, as_version=4)
    first = next(i for i, c in enumerate(nb.cells) if c.cell_type == "code" and "setup_notebook(" in c.source)
    nb.cells.insert(first + 1, nbformat.v4.new_code_cell(MEASURE))
    km = KernelManager(kernel_name="this-python", kernel_spec_manager=ThisPython())
    NotebookClient(nb, km=km, timeout=300, resources={"metadata": {"path": str(path.parent)}}).execute()
    return nb


def images(nb):
    """(cell index, output) of every output that shows a PNG."""
    return [(i, out) for i, cell in enumerate(nb.cells) if cell.cell_type == "code"
            for out in cell.get("outputs", []) if "image/png" in out.get("data", {})]


@pytest.mark.slow
@pytest.mark.parametrize("path", chapters(), ids=lambda p: p.stem)
def test_inline_figures_are_sharp_readable_and_described(path):
    nb = run(path)
    shown = images(nb)
    if re.search(r"from bpcourse\.plots(\.\w+)? import", "\n".join(c.source for c in nb.cells)):
        assert shown, f"{path.name} imports bpcourse.plots but shows no figure"
    for i, out in shown:
        where = f"{path.name}, cell {i}"
        meta = out.get("metadata", {}).get("image/png", {})
        assert "width" in meta and "height" in meta, f"{where}: no width in CSS pixels (shown at 1 pixel per pixel)"
        pixels_wide, pixels_high = png_size(base64.b64decode(out["data"]["image/png"]))
        assert pixels_wide / meta["width"] >= 1.5 and pixels_high / meta["height"] >= 1.5, where
        assert meta["width"] <= style.MAX_FIGURE_WIDTH_CSS_PX, f"{where}: {meta['width']} CSS px wide"
        smallest = meta.get("test_smallest_text_css_px")
        assert smallest is None or smallest >= style.MIN_TEXT_CSS_PX, f"{where}: text of {smallest:.1f} CSS px"
        alt = meta.get("alt", "")
        assert len(alt) > 20, f"{where}: no text alternative"
        assert f'alt="{html.escape(alt, quote=True)}"' in out["data"].get("text/html", ""), where
