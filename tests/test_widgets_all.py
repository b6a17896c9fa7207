"""Every demo in bpcourse.widgets.DEMOS: built with no arguments, every control moved, the view follows.

The topic test files check each demo's numbers against the package; this file makes sure no demo
and no control is left out: moving any control must re-render the figure and refresh the numbers
shown, synchronously, with no browser attached; text must be readable and the image sharp at the
size the page shows it; markers stay inside their axes at every control's extremes; the image has
a text alternative and each move a sentence for screen readers; close() releases what a demo holds.
"""

from __future__ import annotations

import ctypes
import gc
import re
import struct
import sys
import weakref

import ipywidgets as widgets
import numpy as np
import pytest
from matplotlib.collections import PathCollection
from matplotlib.lines import Line2D
from matplotlib.text import Text

import bpcourse.widgets as bw
from bpcourse import style
from bpcourse.widgets._demo import encode_png


def other_values(control, count=3):
    """Up to ``count`` legal values of a control different from its current one."""
    if isinstance(control, (widgets.Dropdown, widgets.ToggleButtons, widgets.RadioButtons,
                            widgets.SelectionSlider)):
        options = [o[1] if isinstance(o, tuple) else o for o in control.options]
        return [o for o in options if o != control.value][:count]
    if isinstance(control, widgets.Checkbox):
        return [not control.value]
    if isinstance(control, widgets.FloatLogSlider):
        lo, hi = control.base ** control.min, control.base ** control.max
        candidates = [lo, hi, (lo * hi) ** 0.5]
    else:
        lo, hi = control.min, control.max
        candidates = [lo, hi, lo + (hi - lo) / 3]
        if isinstance(control, widgets.IntSlider):
            candidates = [int(round(c)) for c in candidates]
    return [c for c in dict.fromkeys(candidates) if c != control.value][:count]


def extremes(control):
    """The smallest and largest value of a control (every option of a dropdown)."""
    if isinstance(control, (widgets.Dropdown, widgets.ToggleButtons, widgets.RadioButtons)):
        return [o[1] if isinstance(o, tuple) else o for o in control.options]
    if isinstance(control, widgets.FloatLogSlider):
        return [control.base ** control.min, control.base ** control.max]
    return [control.min, control.max]


@pytest.fixture(scope="module", params=bw.DEMOS)
def demo(request):
    """Each demo, built once with no arguments (several tests below move its controls)."""
    built = getattr(bw, request.param)()
    built.name = request.param
    yield built
    built.close()


def test_demo_builds_with_no_arguments_and_shows_numbers_and_a_picture(demo):
    assert isinstance(demo, bw.Demo)
    assert demo.sliders, "a demo needs at least one control"
    assert demo.readout, "a demo shows numbers beside its plot"
    assert demo.png.startswith(b"\x89PNG"), "the figure is rendered as a PNG"
    assert demo.image.value == demo.png
    for key in demo.readout:
        assert f"<tr data-name='{key}'>" in demo.table.value
        assert f"<td data-name='{key}'" in demo.table.value


def test_readout_keys_are_machine_readable_and_labels_are_symbols(demo):
    for key in demo.readout:
        assert re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", key), f"{demo.name}: readout key {key!r} is not a plain name"
        assert demo.labels[key], f"{demo.name}: readout key {key!r} has no label"
    assert f"<th scope='row'>{demo.labels[next(iter(demo.readout))]}</th>" in demo.table.value


def test_every_control_is_labelled(demo):
    for name, control in demo.sliders.items():
        assert control.description.strip(), f"{demo.name}: control {name!r} has no label"


def test_image_has_a_text_alternative_and_a_status_sentence(demo):
    assert demo.alt and demo.image.tooltip == demo.alt
    assert len(demo.alt) > 60 and demo.title not in demo.alt, f"{demo.name}: alt text says too little: {demo.alt!r}"
    assert demo.status_text and demo.caption.text == demo.status_text
    assert "nan" not in demo.status_text.lower().split() and "inf" not in demo.status_text.lower().split()


def png_size(png: bytes) -> tuple[int, int]:
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def test_text_is_readable_and_the_image_sharp_at_the_size_shown(demo):
    """Every text artist ≥ MIN_TEXT_CSS_PX as the page shows the image; ≥ 1.5 image pixels per CSS pixel.

    The page shows the image at its layout width, which is never wider than what JupyterLab leaves
    an output (MAX_DEMO_WIDTH_CSS_PX), so the browser does not shrink it.
    """
    css_width = float(demo.image.layout.width.removesuffix("px"))
    assert css_width <= style.MAX_DEMO_WIDTH_CSS_PX, f"{demo.name}: {css_width} CSS px is wider than the page shows"
    width, height = png_size(demo.png)
    assert width / css_width >= style.PIXELS_PER_CSS_PX - 1e-9, f"{demo.name}: {width} pixels shown {css_width} CSS px"
    demo.refresh(full=True)                              # every artist (ticks too) exists and is laid out
    shown = css_width / width                            # CSS px per image pixel
    too_small = []
    for text in demo.fig.findobj(Text):
        if not text.get_visible() or not text.get_text().strip():
            continue
        # the text's height in image pixels is fontsize·dpi/72; shown at `shown` CSS px per pixel
        size_css = text.get_fontsize() * demo.fig.dpi / 72.0 * shown
        if size_css < style.MIN_TEXT_CSS_PX - 1e-6:
            too_small.append((text.get_text()[:30], round(size_css, 1)))
    assert not too_small, f"{demo.name}: text smaller than {style.MIN_TEXT_CSS_PX} CSS px: {too_small}"


def _marker_points(ax):
    """(display x, y, radius in pixels) of every marker drawn in ``ax``."""
    points = []
    px_per_pt = ax.figure.dpi / 72.0
    for artist in ax.get_children():
        if not artist.get_visible():
            continue
        if isinstance(artist, Line2D) and artist.get_marker() not in (None, "", "None", " ", ","):
            xy = np.column_stack([artist.get_xdata(), artist.get_ydata()]).astype(float)
            radius = artist.get_markersize() / 2 * px_per_pt + artist.get_markeredgewidth() * px_per_pt
            transform = artist.get_transform()
        elif isinstance(artist, PathCollection):
            xy = np.asarray(artist.get_offsets(), dtype=float)
            sizes = artist.get_sizes()
            radius = (np.sqrt(sizes.max()) / 2 if sizes.size else 0) * px_per_pt
            transform = artist.get_offset_transform()
        else:
            continue
        xy = xy[np.all(np.isfinite(xy), axis=1)] if xy.size else xy
        if xy.size:
            for x, y in transform.transform(xy):
                points.append((x, y, radius))
    return points


def _outside(demo) -> list:
    bad = []
    for i, ax in enumerate(demo.fig.axes):
        box = ax.get_window_extent()
        for x, y, r in _marker_points(ax):
            slack = 1.0                                    # a pixel of rounding
            if (x - r < box.x0 - slack or x + r > box.x1 + slack or y - r < box.y0 - slack
                    or y + r > box.y1 + slack):
                bad.append((i, round(x), round(y), round(r)))
    return bad


def test_every_control_updates_the_view_with_no_stale_background_and_markers_inside(demo):
    """Move every control to its extremes and one more value, then back. After each move:

    * the figure was re-rendered and the numbers refreshed, all shown in the table;
    * the blitted picture equals a forced full redraw (the Demo caches backgrounds by axis limits
      and its background_key; this catches a background reused after a non-animated artist changed);
    * every marker lies wholly inside its axes (none half-clipped at a slider's end).
    """
    for name, control in list(demo.sliders.items()):
        start = control.value
        values = list(dict.fromkeys(extremes(control) + other_values(control, 3) + [start]))
        changed = False
        for value in values:
            previous = control.value
            before = (demo.png, dict(demo.readout), len(demo.timings))
            control.value = value
            if control.value == previous:                  # not a move: nothing to refresh
                continue
            assert len(demo.timings) > before[2], f"{demo.name}: moving {name!r} did not refresh"
            assert demo.image.value == demo.png, "the Image widget shows the latest render"
            changed |= demo.png != before[0] or demo.readout != before[1]
            for key in demo.readout:                     # every number computed is shown
                assert f"data-name='{key}'" in demo.table.value
            bad = _outside(demo)
            assert not bad, f"{demo.name}: at {name} = {value!r} markers leave their axes (axes, x, y, r): {bad}"
            cached = demo.png
            demo.refresh(full=True)
            assert demo.png == cached, f"{demo.name}: stale picture at {demo.values()}"
        assert changed, f"{demo.name}: moving {name!r} changed neither the picture nor the numbers"


def test_png_encoder_is_lossless():
    from io import BytesIO

    from PIL import Image

    rng = np.random.default_rng(0)
    rgba = np.full((37, 53, 4), 255, dtype=np.uint8)
    rgba[5:30, 10:40] = rng.integers(0, 256, (25, 30, 4))
    for rows in (None, np.empty((37, 4 * 53 + 1), dtype=np.uint8)):
        decoded = np.asarray(Image.open(BytesIO(encode_png(rgba, rows))))
        assert decoded.shape == (37, 53, 4)
        assert np.array_equal(decoded, rgba)


# -- close(): what a demo holds is released ---------------------------------------------------

@pytest.mark.parametrize("name", bw.DEMOS)
def test_close_releases_every_widget_and_the_figure(name):
    from bpcourse.widgets._demo import _all_widgets

    demo = getattr(bw, name)()
    held = list(_all_widgets(demo))
    assert len(held) > 10
    figure = weakref.ref(demo.fig)
    demo.close()
    assert all(w.comm is None for w in held), "a widget (or its layout or style) is still open"
    del held
    gc.collect()
    assert figure() is None, "the figure is still alive after close()"
    demo.close()                                          # twice is harmless


class _MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks",
                                                      "fsmblks", "uordblks", "fordblks", "keepcost")]


def _mallinfo2():
    try:
        function = ctypes.CDLL(None).mallinfo2
    except (AttributeError, OSError):
        return None
    function.restype = _MallInfo2
    return function


def live_bytes() -> int:
    """An upper bound of the memory the process's objects hold now, after a full garbage collection.

    The C heap's bytes in use (glibc's mallinfo2: numpy arrays, matplotlib's pixel buffers, larger
    Python objects) plus 512 bytes for every small Python object (the largest size the Python
    allocator serves from its own pools). Resident memory would be simpler but the C library keeps
    freed pages, which makes it drift by megabytes whether or not anything leaks.
    """
    gc.collect()
    info = _mallinfo2()()
    return info.uordblks + info.hblkhd + 512 * sys.getallocatedblocks()


@pytest.mark.skipif(_mallinfo2() is None, reason="reads the C heap with glibc's mallinfo2")
def test_rebuilding_a_demo_twenty_times_keeps_memory_flat():
    """Build, move, close, twenty times: the memory held grows by less than 2 MB in all.

    One unclosed demo holds about 8 MB (its figure's pixel buffer alone is 4 MB), so a close()
    that released nothing would show twenty times over.
    """
    def cycle():
        demo = bw.bp4_weight_nudge_demo()
        demo.sliders["l"].value = 4
        demo.close()

    for _ in range(3):                                    # first use: fonts, caches, imports
        cycle()
    before = live_bytes()
    for _ in range(20):
        cycle()
    grown = live_bytes() - before
    assert grown < 2 * 2**20, f"twenty rebuilds kept {grown / 2**20:.2f} MB"
    kept = bw.bp4_weight_nudge_demo()                    # the measure sees a demo that is not closed
    assert live_bytes() - before - grown > 4 * 2**20
    kept.close()
