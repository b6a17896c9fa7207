"""The BP2 depth demo and the BP3 bias-nudge demo show what the package computes."""

import numpy as np
import pytest

import bpcourse.widgets.bp2 as bp2_module
from bpcourse.equations import bp1, bp2
from bpcourse.widgets import bias_nudge_demo, delta_norms_demo
from bpcourse.widgets.bp2 import MAX_DEPTH, deep_network, delta_norms, log_limits, size_change
from bpcourse.widgets.bp3 import nudged_cost, small_network

# -- BP2: ‖δ^l‖ layer by layer ------------------------------------------------------------------


def bar_heights(demo):
    """The tops of the bars, as norms (the bars, one collection of rectangles, stand on the axis' bottom)."""
    ax = demo.fig.axes[0]
    (bars,) = ax.collections
    lo, _ = ax.get_ylim()
    assert all(np.allclose(path.vertices[:4, 1].min(), lo) for path in bars.get_paths())
    return np.array([path.vertices[:4, 1].max() for path in bars.get_paths()])


def test_network_errors_are_bp1_then_bp2():
    # Network.errors against BP1 and BP2 chained here by hand from the equations module.
    for activation in ("sigmoid", "tanh", "relu"):
        net, x, y = deep_network(4, 1.5, activation, width=5, seed=3)
        zs, acts = net.forward(x)
        delta = bp1(net.cost_fn.grad_a(acts[-1], y), zs[-1], net.sigma(net.L))
        expected = [delta]
        for l in range(net.L - 1, 1, -1):
            delta = bp2(net.W(l + 1), delta, zs[l - 2], net.sigma(l))
            expected.insert(0, delta)
        _, _, deltas = net.errors(x, y)
        assert len(deltas) == len(expected) == net.L - 1
        for d, e in zip(deltas, expected):
            assert np.allclose(d, e, rtol=1e-12, atol=1e-15)


def test_network_errors_match_finite_differences():
    from bpcourse.gradcheck import numerical_gradient
    net, x, y = deep_network(3, 1.0, "tanh", width=4, seed=1)
    _, num_b = numerical_gradient(net, x, y)
    for d, g in zip(net.errors(x, y)[2], num_b):
        assert np.allclose(d, g, rtol=1e-5, atol=1e-9)


def test_depth_demo_defaults_and_readout():
    demo = delta_norms_demo()
    values = demo.values()
    norms = delta_norms(values["depth"], values["scale"], values["activation"])
    assert demo.readout["L"] == values["depth"] + 2
    assert np.isclose(demo.readout["ratio"], norms[0] / norms[-1])
    assert np.allclose(bar_heights(demo), norms, rtol=1e-9)


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
@pytest.mark.parametrize("depth, scale", [(2, 0.5), (7, 1.0), (MAX_DEPTH, 3.0)])
def test_depth_demo_bars_equal_package_norms(activation, depth, scale):
    demo = delta_norms_demo()
    png_before = demo.png
    demo.sliders["activation"].value = activation
    demo.sliders["depth"].value = depth
    demo.sliders["scale"].value = scale
    net, x, y = deep_network(depth, scale, activation)
    _, grad_b = net.backprop(x, y)
    want = np.array([np.linalg.norm(g) for g in grad_b])
    assert len(bar_heights(demo)) == depth + 1                  # l = 2..L
    lo, hi = demo.fig.axes[0].get_ylim()
    assert lo < want.min() and want.max() < hi                  # the log axis fits every bar
    assert np.allclose(bar_heights(demo), want, rtol=1e-9)
    assert demo.readout["bars_below_axis"] == 0
    assert np.isclose(demo.readout["norm_delta_2"], want[0])
    assert np.isclose(demo.readout["norm_delta_L"], want[-1])
    assert np.isclose(demo.readout["ratio"], want[0] / want[-1])
    assert demo.png != png_before


def test_depth_demo_shows_vanishing_and_exploding():
    demo = delta_norms_demo()
    demo.sliders["depth"].value = 10
    demo.sliders["activation"].value = "sigmoid"
    demo.sliders["scale"].value = 0.5
    assert demo.readout["ratio"] < 1e-6
    demo.sliders["activation"].value = "relu"
    demo.sliders["scale"].value = 4.0
    assert demo.readout["ratio"] > 1e2


@pytest.mark.parametrize("ratio, words", [
    (0.0417, "shrinks by a factor of 24 "), (0.0238, "shrinks by a factor of 42 "),
    (0.49, "shrinks by a factor of 2.04 "),
    (0.5, "keeps about its size"), (1.09, "keeps about its size"), (2.0, "keeps about its size"),
    (2.1, "grows by a factor of 2.1 "), (26.8, "grows by a factor of 26.8 "), (90.3, "grows by a factor of 90.3 "),
    (4.09e-9, "shrinks by a factor of 2.4·10⁸ "), (2.5e4, "grows by a factor of 2.5·10⁴ "),
    (0.0, "lost entirely"), (float("inf"), "output's error is 0"), (float("nan"), "undefined")])
def test_size_change_names_the_factor(ratio, words):
    assert words in size_change(ratio) + " "


def test_depth_demo_status_says_the_factor():
    # the settings notebook 04 prompts: no wide band of ratios is called "keeps its size"
    demo = delta_norms_demo()
    for depth, scale, activation, words in [(2, 1.0, "sigmoid", "shrinks"), (12, 8.0, "sigmoid", "shrinks"),
                                            (6, 3.0, "relu", "grows"), (10, 3.0, "relu", "grows"),
                                            (6, 1.2, "tanh", "keeps about its size")]:
        demo.sliders["activation"].value = activation
        demo.sliders["depth"].value = depth
        demo.sliders["scale"].value = scale
        norms = delta_norms(depth, scale, activation)
        assert words in demo.status_text
        assert (0.5 <= norms[0] / norms[-1] <= 2) == ("keeps" in demo.status_text)


def test_depth_demo_is_fast():
    demo = delta_norms_demo()
    demo.timings.clear()
    for s in np.linspace(0.5, 3.0, 11):
        demo.sliders["scale"].value = float(round(s, 1))
    assert np.median(demo.timings) < 0.2       # generous for a loaded CI machine; ~15 ms here


# -- BP3: nudge a bias ----------------------------------------------------------------------------

def test_nudged_cost_leaves_network_unchanged():
    net, x, y = small_network()
    b_before = [b.copy() for b in net.biases]
    c = nudged_cost(net, x, y, 3, 2, [0.0, 0.5])
    assert np.isclose(c[0], net.cost(x, y))
    assert not np.isclose(c[1], c[0])
    assert all(np.array_equal(b, b0) for b, b0 in zip(net.biases, b_before))


@pytest.mark.parametrize("l, j, db", [(2, 1, 0.3), (2, 3, -1.2), (3, 2, 0.05), (4, 1, 2.0), (4, 3, -0.6)])
def test_bias_demo_slope_is_delta_and_finite_difference(l, j, db):
    demo = bias_nudge_demo()
    png_before = demo.png
    demo.sliders["l"].value = l
    demo.sliders["j"].value = j
    demo.sliders["db"].value = db
    net, x, y = small_network()
    _, grad_b = net.backprop(x, y)
    slope = demo.readout["delta"]
    assert np.isclose(slope, grad_b[l - 2][j - 1, 0], rtol=1e-12)        # the package's δ^l_j (BP3)
    h = 1e-6
    c_plus, c_minus = nudged_cost(net, x, y, l, j, [h, -h])
    assert np.isclose(slope, (c_plus - c_minus) / (2 * h), rtol=1e-5, atol=1e-10)
    c0 = net.cost(x, y)
    dC = nudged_cost(net, x, y, l, j, [db])[0] - c0
    assert np.isclose(demo.readout["dC_true"], dC)
    assert np.isclose(demo.readout["dC_linear"], slope * db)
    assert np.isclose(demo.readout["gap"], dC - slope * db)
    assert demo.png != png_before


def test_bias_demo_gap_shrinks_like_db_squared():
    demo = bias_nudge_demo()
    gaps = []
    for db in (0.4, 0.2, 0.1):
        demo.sliders["db"].value = db
        gaps.append(abs(demo.readout["gap"]))
    assert 3.0 < gaps[0] / gaps[1] < 5.0 and 3.0 < gaps[1] / gaps[2] < 5.0


def test_bias_demo_artists_follow_sliders():
    demo = bias_nudge_demo()
    ax = demo.fig.axes[1]                              # the zoom on the chosen bias
    curve, tangent = ax.lines[0], ax.lines[1]
    old_curve, old_tangent = curve.get_ydata().copy(), tangent.get_ydata().copy()
    demo.sliders["l"].value = 2
    assert not np.allclose(curve.get_ydata(), old_curve)
    assert not np.allclose(tangent.get_ydata(), old_tangent)
    marker = ax.lines[3]
    demo.sliders["db"].value = -1.5
    assert np.isclose(marker.get_xdata()[0], -1.5)
    net, x, y = small_network()
    assert np.isclose(marker.get_ydata()[0], nudged_cost(net, x, y, 2, demo.sliders["j"].value, [-1.5])[0])


def highlight_pixels(demo, ax):
    """How many pixels inside ``ax`` have the gap's colour (the legend, below the panels, is not counted)."""
    from matplotlib.colors import to_rgb
    demo.refresh(full=True)
    rgba = np.asarray(demo.fig.canvas.buffer_rgba())[..., :3].astype(int)
    x0, y0, x1, y1 = ax.bbox.extents
    height = rgba.shape[0]
    inside = rgba[int(height - y1):int(height - y0), int(x0):int(x1)]
    want = np.array([round(255 * c) for c in to_rgb(demo.gap_colour)])
    return int(np.sum(np.all(np.abs(inside - want) <= 12, axis=-1)))


def test_bias_demo_gap_is_visible_at_every_bias_and_nudge():
    # the gap is drawn beside the two points (a bracket and its value), so the markers cannot hide it
    demo = bias_nudge_demo()
    demo.gap_colour = demo.fig.axes[1].lines[2].get_color()
    net, _, _ = small_network()
    for l in range(2, net.L + 1):
        for j in range(1, net.sizes[l - 1] + 1):
            for db in (-2.0, -1.0, 1.0, 2.0, 0.8):
                demo.sliders["l"].value, demo.sliders["j"].value, demo.sliders["db"].value = l, j, db
                assert highlight_pixels(demo, demo.fig.axes[1]) > 150, (l, j, db)


def test_bias_demo_is_fast():
    demo = bias_nudge_demo()
    demo.timings.clear()
    for db in np.linspace(-2, 2, 11):
        demo.sliders["db"].value = float(round(db, 2))
    assert np.median(demo.timings) < 0.2


def test_bias_demo_gap_over_db_squared_readout():
    demo = bias_nudge_demo()
    demo.sliders["db"].value = 0.3
    r = demo.readout
    assert np.isclose(r["gap_over_db2"], r["gap"] / 0.3**2)
    demo.sliders["db"].value = 0.0
    assert demo.readout["dC_true"] == 0.0 and demo.readout["gap_over_db2"].startswith("undefined")


def test_bias_demo_left_panel_has_one_scale_for_every_layer():
    """Slopes of layer 2 and layer 4 can be compared by eye: the left panel never rescales."""
    demo = bias_nudge_demo()
    ax_all = demo.fig.axes[0]
    limits = set()
    for l in (2, 3, 4):
        demo.sliders["l"].value = l
        for j in (1, 2, 3):
            demo.sliders["j"].value = j
            limits.add(ax_all.get_ylim())
            curve = ax_all.lines[-2].get_ydata()                 # the chosen neuron's curve, highlighted
            lo, hi = ax_all.get_ylim()
            assert lo < curve.min() and curve.max() < hi
    assert len(limits) == 1
    net, x, y = small_network()
    _, grad_b = net.backprop(x, y)
    assert abs(grad_b[0]).max() < 0.1 * abs(grad_b[2]).max()   # layer 2's slopes are far flatter than layer 4's


# -- BP2: the log axis fits the data and names the bars below it ----------------------------------

def test_log_limits_fit_the_values_in_whole_decades():
    lo, hi = log_limits([3e-7, 0.2, 5.0])
    assert lo < 3e-7 and hi > 5.0
    assert np.log10(lo) == int(np.log10(lo)) and np.log10(hi) == int(np.log10(hi))
    lo, hi = log_limits([1e-30, 1.0], max_decades=10)
    assert hi / lo == 1e10 and lo > 1e-30                        # the smallest falls below the axis


def test_bars_below_the_axis_are_marked_and_named(monkeypatch):
    monkeypatch.setattr(bp2_module, "MAX_DECADES", 10)
    demo = delta_norms_demo()
    demo.sliders["depth"].value = 12
    demo.sliders["scale"].value = 0.1                           # sigmoid: ‖δ²‖ ≈ 1.7e-21
    lo, _ = demo.fig.axes[0].get_ylim()
    norms = delta_norms(12, 0.1, "sigmoid")
    below = int(np.sum(norms <= lo))
    assert below > 0 and demo.readout["bars_below_axis"] == below
    marks = demo.fig.axes[0].lines[0]                           # the triangles at the bottom
    assert len(marks.get_xdata()) == below
    caption = demo.fig.axes[0].texts[0].get_text()
    assert f"{below} bars below" in caption and f"{norms.min():.1e}" in caption
    assert "below the axis" in demo.alt


# -- the static figures of the two notebooks -----------------------------------------------------

def test_delta_norms_plot_draws_each_curve():
    from matplotlib.figure import Figure

    from bpcourse.plots import delta_norms_plot
    curves = {"sigmoid": delta_norms(5, 1.0, "sigmoid"), "relu": delta_norms(5, 3.0, "relu")}
    fig = delta_norms_plot(curves)
    assert isinstance(fig, Figure)
    lines = [ln for ln in fig.axes[0].lines if ln.get_label() in curves]
    assert len(lines) == 2
    for ln, (label, norms) in zip(lines, curves.items()):
        assert np.array_equal(ln.get_xdata(), np.arange(2, 2 + norms.size))
        assert np.allclose(ln.get_ydata(), norms)


def test_linearization_error_plot_reference_has_slope_two():
    from bpcourse.plots import linearization_error_plot
    db = np.array([0.4, 0.2, 0.1])
    gap = np.array([1e-3, 2.6e-4, 6.4e-5])
    data, ref = linearization_error_plot(db, gap).axes[0].lines[:2]
    assert np.allclose(data.get_ydata(), gap)
    slope = np.diff(np.log(ref.get_ydata())) / np.diff(np.log(ref.get_xdata()))
    assert np.allclose(slope, 2.0)


def test_bias_demo_gap_value_stays_inside_the_panel():
    # the value written beside the gap's bracket switches sides so that it is never clipped
    demo = bias_nudge_demo()
    ax = demo.fig.axes[1]
    (value,) = ax.texts
    for l, j in ((2, 3), (3, 1), (4, 2)):
        demo.sliders["l"].value, demo.sliders["j"].value = l, j
        for db in np.round(np.linspace(-2.0, 2.0, 21), 2):
            demo.sliders["db"].value = float(db)
            demo.fig.canvas.draw()
            box = value.get_window_extent()
            assert ax.bbox.x0 < box.x0 and box.x1 < ax.bbox.x1 and ax.bbox.y0 < box.y0 and box.y1 < ax.bbox.y1, \
                (l, j, db, value.get_text())
