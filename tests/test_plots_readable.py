"""Every figure of bpcourse.plots is readable and sharp as a notebook shows it, and says what it shows.

A figure is shown as a PNG whose ``width`` (in CSS pixels) rides along in the display data; its text
is measured at that size: every string the renderer actually draws, in CSS pixels.
"""

import base64
import html
import re
from unittest import mock

import numpy as np
import pytest
from IPython.core.formatters import DisplayFormatter
from IPython.core.pylabtools import select_figure_formats
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.figure import Figure

import bpcourse.plots as plots
from bpcourse import Network, style
from bpcourse.activations import sigmoid
from bpcourse.data import higham
from bpcourse.plots.display import alt_text, figure_bundle, install, png_size, set_alt_text

X_H, Y_H = higham()
Z = np.linspace(-10, 10, 201)
RNG = np.random.default_rng(0)
NET = Network([3, 4, 2], seed=0)
G = np.linspace(-4, 4, 41)
G1, G2 = np.meshgrid(G, G)
TH = np.linspace(0, 360, 181)
HS = np.logspace(-10, -1, 10)
ACC_TRAIN = np.minimum(1.0, 0.1 + 0.92 * (1 - np.exp(-np.arange(41) / 4)))
ACC_TEST = np.clip(0.1 + 0.86 * (1 - np.exp(-np.arange(41) / 4)) + RNG.uniform(-0.015, 0.015, 41), 0, 0.97)
DIGITS = RNG.random((64, 12))

#: Every plots helper that returns a Figure, called as a notebook calls it (small data).
FIGURES = {
    "network_diagram": lambda: plots.network_diagram(NET.sizes, highlight=(3, 2, 4), weights=NET.weights),
    "cost_contour": lambda: plots.cost_contour(
        G1, G2, G1 ** 2 + 3 * G2 ** 2, point=[1.0, 1.5],
        arrows={r"$u^* = -\nabla C/\|\nabla C\|$": ([-0.2, -0.98], "lime"), "another u": ([-0.87, 0.5], "tab:orange")}),
    "directional_derivative_scan": lambda: plots.directional_derivative_scan(
        TH, np.cos(np.radians(TH - 200)), theta_best=20.0, best_value=-1.0),
    "network_paths": lambda: plots.network_paths(
        [2, 2, 2], [[(1, 1), (2, 1), (3, 1)], [(1, 1), (2, 1), (3, 2)]], labels=["through 1", "through 2"],
        start_edge=((1, 1), (2, 1)), start_label=r"$w^2_{11}$", title="every path"),
    "sigmoid_and_derivative": lambda: plots.sigmoid_and_derivative(Z, sigmoid.fn(Z), sigmoid.prime(Z)),
    "output_error_curves": lambda: plots.output_error_curves(
        Z, {r"quadratic: $(a - y)\,\sigma'(z)$": sigmoid.fn(Z) * sigmoid.prime(Z), r"$a - y$": sigmoid.fn(Z)}),
    "learning_curves": lambda: plots.learning_curves({"quadratic": np.linspace(0.98, 0.5, 50),
                                                      "cross-entropy": np.linspace(0.98, 0.02, 50)}, title="t"),
    "delta_norms_plot": lambda: plots.delta_norms_plot({"sigmoid": np.geomspace(1e-7, 0.2, 11),
                                                        "relu": np.geomspace(300, 3, 11),
                                                        "dead relu": np.r_[0.0, 0.0, np.geomspace(0.1, 1, 9)]}),
    "linearization_error_plot": lambda: plots.linearization_error_plot(
        np.array([0.8, 0.4, 0.2, 0.1]), 0.01 * np.array([0.8, 0.4, 0.2, 0.1]) ** 2),
    "outer_product_figure": lambda: plots.outer_product_figure([0.0123, -0.0456, 0.0789], [0.12, 0.55, 0.91, 0.33],
                                                               l=3),
    "error_vs_step_figure": lambda: plots.error_vs_step_figure(
        HS, {"central": 1e-11 / HS + HS ** 2, "central vs the broken backprop": 0.4 + 0 * HS}),
    "curves": lambda: plots.curves({"train": np.geomspace(2, 0.05, 30), "test": np.geomspace(2, 0.4, 30)},
                                   logy=True, xlabel="epoch"),
    "cost_curves": lambda: plots.cost_curves({"η = 0.1": np.geomspace(1, 0.1, 20), "η = 1": np.geomspace(1, 1e-3, 20)}),
    "accuracy_curves": lambda: plots.accuracy_curves({"train (200 images)": ACC_TRAIN, "test": ACC_TEST}),
    "decision_regions": lambda: plots.decision_regions(X_H, Y_H, Network([2, 2, 3, 2], scale=0.5, seed=1).feedforward,
                                                       resolution=40, title="untrained"),
    "digit_grid": lambda: plots.digit_grid(DIGITS, labels=np.arange(12) % 10, predicted=(np.arange(12) * 7) % 10,
                                           title="wrong ones"),
    "confusion_matrix": lambda: plots.confusion_matrix(RNG.integers(0, 10, 200), RNG.integers(0, 10, 200)),
}
#: The public names of bpcourse.plots that are not figures.
NOT_FIGURES = {"alt_text", "confusion_counts", "neuron_positions", "region_grid", "set_alt_text"}


def test_every_figure_helper_is_checked_here():
    assert set(FIGURES) | NOT_FIGURES == set(plots.__all__)


def shown(fig):
    """Display ``fig`` as a notebook does; return its bundle and every string drawn, as (CSS px, text)."""
    drawn = []
    draw_text = RendererAgg.draw_text

    def spy(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
        drawn.append((prop.get_size_in_points() * style.CSS_PX_PER_INCH / 72.0, s))
        return draw_text(self, gc, x, y, s, prop, angle, ismath=ismath, mtext=mtext)

    with mock.patch.object(RendererAgg, "draw_text", spy):
        data, metadata = figure_bundle(fig)
    return data, metadata, drawn


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_figure_is_readable_and_sharp_at_the_size_shown(name):
    fig = FIGURES[name]()
    assert isinstance(fig, Figure)
    data, metadata, drawn = shown(fig)
    width, height = metadata["image/png"]["width"], metadata["image/png"]["height"]
    assert width <= style.MAX_FIGURE_WIDTH_CSS_PX, f"{name} is {width} CSS px wide: the page would shrink it"
    assert drawn, f"{name} draws no text at all"
    small = [(round(px, 1), text) for px, text in drawn if text.strip() and px < style.MIN_TEXT_CSS_PX]
    assert not small, f"{name} draws text smaller than {style.MIN_TEXT_CSS_PX} CSS px: {small[:5]}"
    pixels_wide, pixels_high = png_size(base64.b64decode(data["image/png"]))
    assert pixels_wide / width >= 1.5 and pixels_high / height >= 1.5
    assert pixels_wide / width == pytest.approx(style.INLINE_PIXELS_PER_CSS_PX, rel=0.01)

    # the text alternative: in the figure, in the <img> JupyterLab and Voila show, in the PNG's metadata
    assert isinstance(fig.alt_text, str) and len(fig.alt_text) > 40
    assert re.search(r"\d", fig.alt_text), "the description should give the numbers the figure shows"
    assert metadata["image/png"]["alt"] == fig.alt_text == data["text/plain"]
    img = data["text/html"]
    assert img.startswith("<img ") and f'alt="{html.escape(fig.alt_text, quote=True)}"' in img
    assert f'width="{width}"' in img and f'height="{height}"' in img
    assert data["image/png"] in img                                     # the same image in both


def test_sizes_come_from_the_style_module():
    assert min(style.TEXT_CSS_PX.values()) >= style.MIN_TEXT_CSS_PX
    assert style.points_for_css_px(style.CSS_PX_PER_INCH * 72 / 72) == pytest.approx(72.0)
    assert style.font_size("tick") == pytest.approx(style.TEXT_CSS_PX["tick"] * 0.72)
    with pytest.raises(ValueError, match="unknown text role"):
        style.font_size("tiny")
    rc = style.rc_params()
    assert rc["figure.dpi"] == style.CSS_PX_PER_INCH
    assert [c.lower() for c in rc["axes.prop_cycle"].by_key()["color"]] == [style.PALETTE[n].lower()
                                                                          for n in style.CYCLE]


def test_a_hand_drawn_figure_gets_a_text_alternative_from_its_labels():
    fig = Figure(figsize=(6, 4))
    ax = fig.subplots()
    ax.plot([0, 1], [1, 0], label="cost")
    ax.plot([0, 1], [0, 1], label="accuracy")
    ax.set_xlabel("epoch")
    ax.set_ylabel("value")
    ax.set_title("training")
    ax.legend()
    assert alt_text(fig) == "Figure, 1 panel. Panel 1 'training': value against epoch; lines: cost, accuracy."
    set_alt_text(fig, "  two lines\n crossing at epoch 0.5 ")
    assert alt_text(fig) == "two lines crossing at epoch 0.5"
    with pytest.raises(ValueError, match="non-empty"):
        set_alt_text(fig, "  ")


def test_the_shell_shows_every_figure_with_the_course_bundle():
    class Shell:
        display_formatter = DisplayFormatter()

    shell = Shell()
    fig = Figure(figsize=(5, 3), dpi=72)                 # any figure, whatever its dpi
    ax = fig.subplots()
    ax.plot([1, 2, 3])
    ax.set_xlabel("step")
    before, _ = shell.display_formatter.format(fig)
    assert "text/html" not in before and "image/png" not in before
    install(shell)
    data, metadata = shell.display_formatter.format(fig)
    assert set(data) == {"text/html", "image/png", "text/plain"}
    assert 'alt="Figure, 1 panel.' in data["text/html"]
    width = metadata["image/png"]["width"]
    assert 400 < width <= 500                            # 5 inches are 500 CSS px, less the margins cropped
    assert png_size(base64.b64decode(data["image/png"]))[0] == pytest.approx(2 * width, abs=2)
    assert figure_bundle(Figure()) is None               # nothing drawn: nothing to show

    # running `%matplotlib inline` again re-registers the inline backend's PNG formatter (as "retina",
    # which install chose): the PNG stays sharp, and the <img> shown keeps its text alternative
    select_figure_formats(shell, {"retina"})
    data, metadata = shell.display_formatter.format(fig)
    width = metadata["image/png"]["width"]
    assert png_size(base64.b64decode(data["image/png"]))[0] / width >= 1.5
    assert 'alt="Figure, 1 panel.' in data["text/html"]


def test_notebook_defaults_outside_a_kernel_set_only_rcparams():
    import matplotlib

    with matplotlib.rc_context():
        style.notebook_defaults()
        assert matplotlib.rcParams["figure.dpi"] == style.CSS_PX_PER_INCH
        assert matplotlib.rcParams["xtick.labelsize"] == pytest.approx(style.font_size("tick"))


def test_log_axes_say_what_they_cannot_draw():
    fig = plots.delta_norms_plot({"relu": [0.0, 0.0, 0.1, 0.5], "tanh": [0.3, 0.4, 0.5, 0.6]})
    notes = [t.get_text() for t in fig.axes[0].texts]
    assert notes == ["not drawn (0 or not finite):\nrelu: l = 2–3"]
    fig = plots.curves({"train": [1.0, 0.1, 0.0, 0.01], "test": [1.0, np.inf, 0.5, 0.4]}, logy=True)
    notes = [t.get_text() for t in fig.axes[0].texts]
    assert len(notes) == 1 and "train: 1" in notes[0] and "test: 1" in notes[0]
    fig = plots.error_vs_step_figure(HS, {"complex": np.zeros_like(HS)})
    assert any("error 0 drawn at 1e-17" in t.get_text() for t in fig.axes[0].texts)
