"""The BP4 weight-nudge demo and the gradient-check step demo show the numbers the package computes."""

from __future__ import annotations

import numpy as np
import pytest

from bpcourse.gradcheck import numerical_gradient, relative_error
from bpcourse.plots import error_vs_step_figure, outer_product_figure
from bpcourse.widgets import bp4_weight_nudge_demo, gradcheck_step_demo


@pytest.fixture(scope="module")
def bp4_demo():
    return bp4_weight_nudge_demo()


@pytest.fixture(scope="module")
def step_demo():
    return gradcheck_step_demo()


def _set(demo, **values):
    for name, value in values.items():
        demo.sliders[name].value = value


def _cost_with(net, x, y, l, j, k, w):
    """C with w^l_jk (j, k from 1, as in the notes) set to w."""
    probe = net.copy()
    probe.W(l)[j - 1, k - 1] = w
    return probe.cost(x, y)


# (l, j, k, Δw) across every layer of the default 2-3-3-2 network, both signs of Δw; j and k from 1
SETTINGS = [(2, 1, 1, 0.8), (2, 3, 2, -1.5), (3, 2, 3, 0.35), (3, 1, 1, -2.5), (4, 2, 3, 1.0), (4, 1, 2, -0.05)]


@pytest.mark.parametrize("l, j, k, dw", SETTINGS)
def test_bp4_demo_shows_the_package_slope_and_true_cost_change(bp4_demo, l, j, k, dw):
    demo = bp4_demo
    _set(demo, l=l, j=j, k=k, dw=dw)
    r = demo.readout
    net, x, y = demo.net, demo.x, demo.y
    assert (r["l"], r["j"], r["k"]) == (l, j, k)
    assert r["dw"] == pytest.approx(dw)

    # The shown slope is BP4's a^{l-1}_k δ^l_j, as Network.backprop computes it.
    grad_W, grad_b = net.backprop(x, y)
    _, acts = net.forward(x)
    assert r["a_prev_k"] == pytest.approx(acts[l - 2][k - 1, 0], rel=1e-14)     # a^{l-1}_k
    assert r["delta_j"] == pytest.approx(grad_b[l - 2][j - 1, 0], rel=1e-12)  # one example: ∂C/∂b^l_j = δ^l_j
    assert r["slope_bp4"] == pytest.approx(r["a_prev_k"] * r["delta_j"], rel=1e-12)
    assert r["slope_bp4"] == pytest.approx(grad_W[l - 2][j - 1, k - 1], rel=1e-12)

    # ... and matches a central difference of the cost. With h = 1e-6 the difference quotient is
    # off by h²|C'''|/6 ≈ 1e-13 (truncation) plus about ε·C/h ≈ 1e-16·0.3/1e-6 ≈ 3e-11 (rounding),
    # so 1e-8 absolute leaves room without letting a wrong slope through (slopes here are ≥ 1e-4).
    assert abs(r["slope_fd"] - r["slope_bp4"]) < 1e-8
    w = net.W(l)[j - 1, k - 1]
    h = 1e-4
    fd = (_cost_with(net, x, y, l, j, k, w + h) - _cost_with(net, x, y, l, j, k, w - h)) / (2 * h)
    assert fd == pytest.approx(r["slope_bp4"], rel=1e-5, abs=1e-9)

    # ΔC is recomputed from scratch; the prediction is slope · Δw.
    C0 = net.cost(x, y)
    assert r["C"] == pytest.approx(C0, rel=1e-14)
    assert r["dC_true"] == pytest.approx(_cost_with(net, x, y, l, j, k, w + dw) - C0, rel=1e-10, abs=1e-15)
    assert r["dC_pred"] == pytest.approx(r["slope_bp4"] * dw, rel=1e-12)
    # the plotted points sit where the numbers say
    assert np.allclose(demo.artists["true_point"].get_xydata(), [[dw, C0 + r["dC_true"]]])
    c_pred = C0 + r["dC_pred"]
    y_lo, y_hi = demo.fig.axes[0].get_ylim()
    if c_pred >= y_lo:
        assert np.allclose(demo.artists["predicted_point"].get_xydata(), [[dw, c_pred]])
        assert demo.artists["predicted_point"].get_marker() == "s"
    else:                                   # below the C axis: a ▼ at the bottom edge, said in words
        x_shown, y_shown = demo.artists["predicted_point"].get_xydata()[0]
        assert x_shown == pytest.approx(dw) and y_lo < y_shown < y_lo + 0.05 * (y_hi - y_lo)
        assert demo.artists["predicted_point"].get_marker() == "v"
        assert "below the plot" in demo.status_text and "below the bottom of the plot" in demo.alt


def _pixels_of(png: bytes, colour: str) -> int:
    import io

    import matplotlib.colors as mcolors
    from PIL import Image
    rgb = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
    want = (np.array(mcolors.to_rgb(colour)) * 255).round().astype(int)
    return int(np.sum(np.all(np.abs(rgb - want) <= 8, axis=-1)))


def test_bp4_demo_draws_the_gap_over_hollow_markers():
    """The gap is drawn after both points, which are hollow: at the notebook's opening setting the gap
    shows (far more of its colour than the legend's key alone), and a gap shorter than a marker still shows."""
    from bpcourse import style
    demo = bp4_weight_nudge_demo(dw=-2.5)
    order = [a for a in demo._animated]
    gap, true_pt, pred_pt = (demo.artists[k] for k in ("gap", "true_point", "predicted_point"))
    assert order.index(gap) > max(order.index(true_pt), order.index(pred_pt))
    assert true_pt.get_markerfacecolor() == "none" and pred_pt.get_markerfacecolor() == "none"
    r = demo.readout
    assert -0.0065 < r["dC_true"] - r["dC_pred"] < -0.005          # the gap notebook 06 describes
    opening = _pixels_of(demo.png, style.HIGHLIGHT)
    _set(demo, dw=0.0)                                               # no gap: the legend's key only
    legend_only = _pixels_of(demo.png, style.HIGHLIGHT)
    assert opening > legend_only + 100
    _set(demo, dw=0.8)                                               # a gap of 2e-4: ~3 px, still drawn
    assert abs(demo.readout["dC_true"] - demo.readout["dC_pred"]) < 3e-4
    assert _pixels_of(demo.png, style.HIGHLIGHT) > legend_only


def test_bp4_demo_cost_axis_fits_each_layer_and_stays_above_zero():
    demo = bp4_weight_nudge_demo()
    net = demo.net
    for l in net.layers:
        lows, highs = [], []
        for j in range(1, net.sizes[l - 1] + 1):
            for k in range(1, net.sizes[l - 2] + 1):
                _set(demo, l=l, j=j, k=k, dw=0.0)
                curve = demo.artists["curve"].get_ydata()
                lows.append(curve.min())
                highs.append(curve.max())
                y_lo, y_hi = demo.fig.axes[0].get_ylim()
        assert 0.0 <= y_lo < min(lows) and max(highs) < y_hi       # every curve of the layer inside, C ≥ 0
        assert y_hi - y_lo < 1.3 * (max(highs) - min(lows)) + 0.35 * max(highs)   # and not much more


def test_bp4_demo_prediction_error_shrinks_like_dw_squared(bp4_demo):
    """The tangent is first-order accurate: halving Δw quarters |ΔC_true − ΔC_pred| (roughly)."""
    _set(bp4_demo, l=3, j=2, k=3)
    gaps = []
    for dw in (0.4, 0.2, 0.1):
        _set(bp4_demo, dw=dw)
        gaps.append(abs(bp4_demo.readout["dC_true"] - bp4_demo.readout["dC_pred"]))
    assert 3.0 < gaps[0] / gaps[1] < 5.0 and 3.0 < gaps[1] / gaps[2] < 5.0


def test_bp4_demo_point_and_picture_move_with_dw(bp4_demo):
    _set(bp4_demo, l=4, j=1, k=2, dw=-1.0)
    before_png, before_pt = bp4_demo.png, bp4_demo.artists["true_point"].get_xydata().copy()
    _set(bp4_demo, dw=1.5)
    assert bp4_demo.png != before_png
    assert not np.allclose(bp4_demo.artists["true_point"].get_xydata(), before_pt)
    # the curve does not depend on Δw, only on which weight is chosen
    curve = bp4_demo.artists["curve"].get_ydata().copy()
    _set(bp4_demo, dw=0.3)
    assert np.array_equal(bp4_demo.artists["curve"].get_ydata(), curve)
    _set(bp4_demo, l=2, j=2, k=1)
    assert not np.allclose(bp4_demo.artists["curve"].get_ydata(), curve)


def test_bp4_demo_keeps_j_and_k_inside_the_chosen_layer():
    demo = bp4_weight_nudge_demo(sizes=(2, 4, 3, 1))
    _set(demo, l=3, j=3, k=4)
    assert (demo.readout["j"], demo.readout["k"]) == (3, 4)
    _set(demo, l=4)                                   # layer 4 has 1 neuron, layer 3 has 3
    assert demo.sliders["j"].max == 1 and demo.sliders["k"].max == 3
    assert (demo.readout["l"], demo.readout["j"], demo.readout["k"]) == (4, 1, 3)
    _set(demo, l=2)                                   # layer 2 has 4 neurons, layer 1 has 2
    assert demo.sliders["j"].max == 4 and demo.sliders["k"].max == 2
    assert 1 <= demo.readout["k"] <= 2
    assert demo.readout["slope_bp4"] == pytest.approx(demo.readout["slope_fd"], abs=1e-8)


def test_bp4_demo_small_activation_means_small_slope():
    """The default input has a^1_2 = 0.05: weights leaving it get a gradient 16× smaller than from a^1_1 = 0.8."""
    demo = bp4_weight_nudge_demo()
    _set(demo, l=2, j=1, k=1)
    big = demo.readout["slope_bp4"]
    _set(demo, k=2)
    assert demo.readout["a_prev_k"] == pytest.approx(0.05)
    assert demo.readout["slope_bp4"] == pytest.approx(big * 0.05 / 0.8, rel=1e-12)


def test_bp4_demo_table_marks_values_for_browser_tests(bp4_demo):
    _set(bp4_demo, l=3, j=2, k=2, dw=0.5)
    html = bp4_demo.table.value
    for key in ("a_prev_k", "delta_j", "slope_bp4", "slope_fd", "dC_true", "dC_pred"):
        assert f"data-name='{key}' data-value='{float(bp4_demo.readout[key])!r}'" in html


def test_bp4_demo_speaks_the_course_symbols_counted_from_1(bp4_demo):
    _set(bp4_demo, l=3, j=2, k=1, dw=0.8)
    assert bp4_demo.sliders["j"].min == 1 and bp4_demo.sliders["k"].min == 1
    assert bp4_demo.labels["delta_j"] == "δ<sup>3</sup><sub>2</sub>"
    assert bp4_demo.labels["a_prev_k"] == "a<sup>2</sup><sub>1</sub>"
    assert bp4_demo.labels["w"] == "w<sup>3</sup><sub>21</sub>"
    r = bp4_demo.readout
    assert bp4_demo.status_text.startswith("a²₁ δ³₂ = ")
    assert "nudging w³₂₁ by +0.8 " in bp4_demo.status_text
    verb = "lowers" if r["dC_true"] < 0 else "raises"
    assert f"{verb} C by {abs(r['dC_true']):.4g}" in bp4_demo.status_text
    assert "w³₂₁" in bp4_demo.alt and "Δw = 0.8" in bp4_demo.alt


# grid points (looked up from the precomputed curves) and off-grid steps (computed on the spot)
@pytest.mark.parametrize("h", [1e-12, 3.1622776601683795e-9, 1e-6, 1e-5, 1e-3, 1e-1, 3.3e-7, 2e-4])
def test_step_demo_readout_equals_gradcheck(step_demo, h):
    _set(step_demo, h=h)
    r = step_demo.readout
    net, X, Y = step_demo.net, step_demo.X, step_demo.Y
    assert r["h"] == pytest.approx(h, rel=1e-12)
    exact = net.backprop(X, Y)
    for method in ("central", "forward", "complex"):
        want = relative_error(exact, numerical_gradient(net, X, Y, eps=r["h"], method=method))
        assert r[f"rel_err_{method}"] == want


def test_step_demo_curves_have_the_v_shape(step_demo):
    hs, c = step_demo.hs, step_demo.curves
    best = int(np.argmin(c["central"]))
    assert 0 < best < len(hs) - 1                                   # the best step is inside the range
    assert 1e-7 < hs[best] < 1e-3                                   # near ε^(1/3) ≈ 6e-6
    assert c["central"][0] > 1e3 * c["central"][best]               # rounding arm (left)
    assert c["central"][-1] > 1e3 * c["central"][best]              # truncation arm (right)
    assert np.min(c["forward"]) > 10 * np.min(c["central"])         # forward differences are worse
    assert np.max(c["complex"][hs < 1e-8]) < 1e-14                  # the complex step has no rounding arm
    assert step_demo.readout["best_h_central"] == hs[best]


def _marker_xy(demo):
    return np.array([[m.get_xdata()[0], m.get_ydata()[0]] for m in demo.artists["markers"]])


def test_step_demo_markers_move(step_demo):
    _set(step_demo, h=1e-10)
    before, png = _marker_xy(step_demo), step_demo.png
    _set(step_demo, h=1e-2)
    after = _marker_xy(step_demo)
    assert np.allclose(after[:, 0], 1e-2) and np.allclose(before[:, 0], 1e-10)
    assert np.allclose(after[:, 1], [step_demo.readout[f"rel_err_{m}"] for m in ("central", "forward", "complex")])
    assert step_demo.png != png


def test_outer_product_figure_shows_delta_times_a_prev_transposed():
    delta, a_prev = np.array([0.1, -0.05, 0.02]), np.array([0.8, 0.05])
    fig = outer_product_figure(delta, a_prev, l=2)
    product = fig.axes[2].images[0].get_array()
    assert product.shape == (3, 2)
    assert np.allclose(product, np.outer(delta, a_prev))
    labels = {t.get_text() for t in fig.axes[2].texts}
    assert f"{0.1 * 0.05:.4f}" in labels and f"{-0.05 * 0.8:.4f}" in labels


def test_error_vs_step_figure_draws_one_line_per_method_on_log_axes():
    hs = np.logspace(-8, -1, 8)
    errors = {"central": hs ** 2, "forward": hs, "complex": np.zeros_like(hs)}
    fig = error_vs_step_figure(hs, errors)
    ax = fig.axes[0]
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    drawn = {line.get_label(): line.get_ydata() for line in ax.get_lines()}
    central = next(y for label, y in drawn.items() if label.startswith("central"))
    assert np.allclose(central, hs ** 2)
    complex_line = next(y for label, y in drawn.items() if label.startswith("complex"))
    assert np.all(complex_line > 0)          # zeros are drawn at a floor, not dropped from a log axis


def test_forward_differences_and_nested_relative_error():
    """The two gradcheck additions the step demo relies on."""
    from bpcourse import Network

    net = Network([2, 3, 2], seed=5)
    rng = np.random.default_rng(5)
    X, Y = rng.uniform(size=(2, 3)), rng.uniform(size=(2, 3))
    exact = net.backprop(X, Y)
    flat = lambda g: np.concatenate([p.ravel() for p in g[0] + g[1]])  # noqa: E731
    # relative_error takes (grad_W, grad_b) pairs as they come and equals the flat computation
    fwd = numerical_gradient(net, X, Y, eps=1e-7, method="forward")
    want = np.linalg.norm(flat(exact) - flat(fwd)) / (np.linalg.norm(flat(exact)) + np.linalg.norm(flat(fwd)))
    assert relative_error(exact, fwd) == pytest.approx(want, rel=1e-12)
    # forward differences are first order: error ∝ h, so 10× smaller h gives about 10× smaller error
    e1 = relative_error(exact, numerical_gradient(net, X, Y, eps=1e-3, method="forward"))
    e2 = relative_error(exact, numerical_gradient(net, X, Y, eps=1e-4, method="forward"))
    assert 5 < e1 / e2 < 20
    with pytest.raises(ValueError, match="forward"):
        numerical_gradient(net, X, Y, method="backward")
