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
from bpcourse.widgets._render import DemoCanvas


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
