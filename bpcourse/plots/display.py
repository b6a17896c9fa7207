"""How a notebook shows a figure: a sharp PNG, its size on the page, and a text alternative.

JupyterLab and Voilà (which renders outputs with JupyterLab's own components) show an
``image/png`` output as an ``<img>`` that sets only ``width`` and ``height`` from the output's
metadata; an ``alt`` in that metadata is dropped. Both prefer ``text/html`` to ``image/png``,
though, and keep the ``alt`` of an ``<img>`` in HTML. So a figure is displayed as a bundle of

- ``text/html``: ``<img alt="…" width="…" height="…">`` with the PNG inlined (what JupyterLab,
  Voilà, VS Code and Colab show; a screen reader reads the ``alt``);
- ``image/png`` with ``width``, ``height`` and ``alt`` metadata (what nbconvert's templates and
  other front ends use);
- ``text/plain``: the text alternative itself.

The PNG has :data:`bpcourse.style.INLINE_PIXELS_PER_CSS_PX` image pixels per CSS pixel, and its
``width`` is in CSS pixels: one inch of figure is :data:`bpcourse.style.CSS_PX_PER_INCH` of them.
"""

from __future__ import annotations

import base64
import html
import io
import struct

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from bpcourse import style


def set_alt_text(fig: Figure, text: str) -> Figure:
    """Attach a short description of what ``fig`` shows (its text alternative); return ``fig``."""
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"a text alternative must be a non-empty string, got {text!r}")
    fig.alt_text = " ".join(text.split())
    return fig


def alt_text(fig: Figure) -> str:
    """The text alternative of ``fig``: the one a plots helper attached, or one read from its labels.

    For a figure drawn by hand it lists, panel by panel, the title, the axis labels and the
    legend entries, e.g. ``"Figure, 1 panel. Panel 1 "cost": cost C against epoch; lines: η = 1, η = 2."``
    """
    text = getattr(fig, "alt_text", None)
    if isinstance(text, str) and text.strip():
        return text
    panels = [ax for ax in fig.axes if ax.get_visible() and ax.get_label() != "<colorbar>"]
    suptitle = fig.get_suptitle() if hasattr(fig, "get_suptitle") else ""
    parts = [f"Figure{' ' + repr(suptitle) if suptitle else ''}, {len(panels)} panel{'s' * (len(panels) != 1)}."]
    for i, ax in enumerate(panels, start=1):
        sentence = f"Panel {i}" + (f" {ax.get_title()!r}" if ax.get_title() else "")
        x, y = ax.get_xlabel(), ax.get_ylabel()
        if x or y:
            sentence += f": {y or 'values'} against {x or 'x'}"
        legend = ax.get_legend()
        entries = [t.get_text() for t in legend.get_texts() if t.get_text()] if legend is not None else []
        if entries:
            sentence += f"; lines: {', '.join(entries)}"
        parts.append(sentence + ".")
    return " ".join(parts)


def png_size(png: bytes) -> tuple[int, int]:
    """The (width, height) in pixels written in a PNG's header."""
    if png[:8] != b"\x89PNG\r\n\x1a\n" or png[12:16] != b"IHDR":
        raise ValueError("not a PNG image")
    return struct.unpack(">II", png[16:24])


def render_png(fig: Figure, pixels_per_css_px: float = style.INLINE_PIXELS_PER_CSS_PX) -> tuple[bytes, int, int]:
    """Render ``fig`` (cropped to what it draws) as a PNG; return (png, width, height in CSS pixels).

    The image has ``pixels_per_css_px`` pixels per CSS pixel, whatever ``fig.dpi`` is.
    """
    if fig.canvas is None or not hasattr(fig.canvas, "print_figure"):
        FigureCanvasAgg(fig)
    buffer = io.BytesIO()
    fig.canvas.print_figure(buffer, format="png", dpi=style.CSS_PX_PER_INCH * pixels_per_css_px,
                            bbox_inches="tight", facecolor=fig.get_facecolor(), edgecolor=fig.get_edgecolor())
    png = buffer.getvalue()
    width, height = png_size(png)
    return png, round(width / pixels_per_css_px), round(height / pixels_per_css_px)


def figure_bundle(fig: Figure):
    """The display data of ``fig`` for IPython: ``(data, metadata)``, or None for a figure with nothing drawn."""
    if not fig.axes and not fig.lines and not fig.images and not fig.texts:
        return None
    png, width, height = render_png(fig)
    encoded = base64.b64encode(png).decode("ascii")
    alt = alt_text(fig)
    img = (f'<img src="data:image/png;base64,{encoded}" width="{width}" height="{height}" '
           f'alt="{html.escape(alt, quote=True)}" style="max-width: 100%; height: auto">')
    data = {"text/html": img, "image/png": encoded, "text/plain": alt}
    metadata = {"image/png": {"width": width, "height": height, "alt": alt}}
    return data, metadata


def install(shell) -> None:
    """Have ``shell`` (an IPython shell) display every matplotlib Figure with :func:`figure_bundle`.

    The inline backend's own PNG formatters are removed for Figures (they would render each figure
    a second time, at one pixel per CSS pixel); its format is set to "retina", so that running
    ``%matplotlib inline`` again still gives sharp images.
    """
    try:
        from matplotlib_inline.config import InlineBackend
    except ImportError:
        pass
    else:
        config = InlineBackend.instance()
        if config.figure_formats != {"retina"}:
            config.figure_formats = {"retina"}
    for formatter in shell.display_formatter.formatters.values():
        formatter.pop(Figure, None)
    shell.display_formatter.mimebundle_formatter.for_type(Figure, figure_bundle)
