"""The demos' canvas keeps rendered text; what it draws must be what matplotlib draws, byte for byte.

A figure of awkward texts (colours, angles, fractional positions, several lines, mathtext, no
antialiasing, glyphs that may touch) is drawn with the demos' canvas (texts and glyphs cached)
and with a plain Agg canvas, several times so that the later draws come from the caches; the
pixels must be equal. (tests/test_widgets_all.py does the same for every demo at every
control's extremes.)
"""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from bpcourse.widgets import _render
from bpcourse.widgets._render import DemoCanvas, NearestImage, imshow_nearest


def _pixels(canvas) -> np.ndarray:
    return np.asarray(canvas.buffer_rgba()).copy()


def _awkward_figure(canvas_class, dx=0.0):
    fig = Figure(figsize=(4.1, 3.3), dpi=150)
    canvas_class(fig)
    ax = fig.add_subplot()
    ax.set_title("Title: ‖δ²‖ / ‖δ⁸‖ = 0.000252 → ✓")
    ax.set_xlabel(r"$\Delta w$, the change of $w^l_{jk}$")
    ax.set_ylabel("rotated label, 90°")
    for i, colour in enumerate(["black", "#D55E00", (0.2, 0.5, 0.9, 0.6)]):
        ax.text(0.1 + 0.013 * i + dx, 0.2 + 0.21 * i, "same string 6→1", color=colour, fontsize=9 + i)
    ax.text(0.5 + dx, 0.5, "two\nlines, centred", ha="center", va="center",
            bbox=dict(boxstyle="round", facecolor="white", alpha=0.8))
    ax.text(0.3 + dx, 0.85, "tilted 33.3°", rotation=33.3)
    ax.text(0.7 + dx, 0.1, "no antialiasing", antialiased=False)
    ax.text(0.05 + dx, 0.05, "AVAWAY ffi fl Tj", fontsize=14)          # kerned pairs; glyphs that may touch
    ax.text(0.6 + dx, 0.7, r"$\frac{\partial C}{\partial w}$ mathtext")
    return fig


@pytest.mark.skipif(not _render.GLYPH_API, reason="this matplotlib draws text as one bitmap; nothing is cached")
def test_awkward_texts_equal_plain_agg_on_every_draw():
    for dx in (0.0, 0.0, 0.0371, 0.0371, -0.0113):            # repeated draws come from the caches
        cached = _awkward_figure(DemoCanvas, dx)
        cached.canvas.draw()
        plain = _awkward_figure(FigureCanvasAgg, dx)
        plain.canvas.draw()
        assert np.array_equal(_pixels(cached.canvas), _pixels(plain.canvas)), f"differs with the texts moved by {dx}"


@pytest.mark.skipif(not _render.GLYPH_API, reason="this matplotlib draws text as one bitmap; nothing is cached")
def test_a_second_draw_renders_no_new_glyph_and_no_new_text():
    fig = _awkward_figure(DemoCanvas, 0.0213)
    before = dict(_render.STATS)
    fig.canvas.draw()
    first = {k: v - before[k] for k, v in _render.STATS.items()}
    assert first["texts_rendered"] > 0 and first["glyphs_rendered"] > 0
    fig.canvas.draw()
    second = {k: v - before[k] - first[k] for k, v in _render.STATS.items()}
    assert second["texts_rendered"] == 0 and second["glyphs_rendered"] == 0
    assert second["texts_cached"] == first["texts_rendered"] + first["texts_cached"]


def _image_figure(A, fast: bool, xlim=None, ylim=None, clim=None, **kwargs):
    fig = Figure(figsize=(4.3, 3.1), dpi=150)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    image = imshow_nearest(ax, A, **kwargs) if fast else ax.imshow(A, interpolation="nearest", **kwargs)
    if xlim:
        ax.set_xlim(*xlim)
    if ylim:
        ax.set_ylim(*ylim)
    if clim:
        image.set_clim(*clim)
    fig.canvas.draw()
    return _pixels(fig.canvas), image


@pytest.mark.parametrize("case", ["mosaic with gaps", "regions, origin lower", "viridis, partly outside the axes",
                                  "RGBA data", "limits changed after drawing"])
def test_nearest_image_covers_the_same_pixels_with_the_same_colours_as_imshow(case):
    from matplotlib.colors import ListedColormap

    rng = np.random.default_rng(1)
    if case == "mosaic with gaps":
        A = rng.uniform(0, 1, (36, 48))
        A[8::12, :] = np.nan
        A[:, 8::12] = np.nan
        kwargs = dict(cmap="gray_r", vmin=0, vmax=1)
    elif case == "regions, origin lower":
        A = np.sign(rng.standard_normal((60, 60)))
        kwargs = dict(origin="lower", extent=(0, 1, 0, 1), vmin=-1, vmax=1, aspect="equal",
                      cmap=ListedColormap(["#cfe3f3", "#f9e2b3"]), xlim=(-0.04, 1.04), ylim=(-0.04, 1.04))
    elif case == "viridis, partly outside the axes":
        A = rng.uniform(0, 1, (7, 5))
        kwargs = dict(cmap="viridis", xlim=(1.3, 7.2), ylim=(-2.0, 5.1))
    elif case == "RGBA data":
        A = rng.uniform(0, 1, (9, 13, 4))
        kwargs = {}
    else:
        A = rng.uniform(0, 1, (6, 8))
        kwargs = dict(cmap="magma", clim=(0.2, 0.7))
    plain, _ = _image_figure(A, False, **kwargs)
    fast, image = _image_figure(A, True, **kwargs)
    assert isinstance(image, NearestImage)
    _assert_same_up_to_ties(fast, plain)
    # a new array is drawn too (the colours looked up for the old one are dropped)
    B = A[::-1].copy()
    image.set_data(B)
    image.figure.canvas.draw()
    _assert_same_up_to_ties(_pixels(image.figure.canvas), _image_figure(B, False, **kwargs)[0])


def _assert_same_up_to_ties(fast, plain):
    """The pictures agree but at a few pixels whose centre lies on an edge between cells (Agg and numpy
    may pick either cell there): at most one pixel in a thousand, each taking the colour that matplotlib's
    picture has right beside it (its cell edge drawn one pixel over), never a colour from elsewhere."""
    differ = np.argwhere(np.any(fast != plain, axis=2))
    assert len(differ) <= fast.shape[0] * fast.shape[1] / 1000, f"{len(differ)} pixels differ"
    for y, x in differ:
        beside = [plain[y + dy, x + dx] for dy, dx in ((0, 1), (0, -1), (1, 0), (-1, 0))
                  if 0 <= y + dy < plain.shape[0] and 0 <= x + dx < plain.shape[1]]
        assert any(np.array_equal(fast[y, x], b) for b in beside), f"pixel ({y}, {x}) has a colour from elsewhere"


def test_the_caches_forget_the_oldest_entries_beyond_their_size():
    cache = _render._LRU(max_bytes=10_000)
    for i in range(100):
        cache.put(i, np.zeros(1000, np.uint8), 1000)
        assert cache.nbytes <= 10_000
    assert 0 not in cache and 99 in cache
    cache.get(92)                                            # used again: the last to go
    for i in range(100, 106):
        cache.put(i, None, 1000)
    assert 92 in cache and 93 not in cache
    assert cache.nbytes == sum(cache._sizes.values()) <= 10_000
