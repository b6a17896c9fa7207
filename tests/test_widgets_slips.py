"""slip_explorer_demo: its readout equals the relative errors recomputed from the package."""

import numpy as np
import pytest

from bpcourse.exercises.slips import CASES, case_network, error_table, gradient_with
from bpcourse.gradcheck import numerical_gradient
from bpcourse.widgets import slip_explorer_demo


def _expected(case, version, layer, log10_h):
    c = CASES[case]
    net, X, Y = case_network(case)
    gW, gb = gradient_with(case, c.claim if version == "as claimed" else c.fix, net, X, Y)
    nW, nb = numerical_gradient(net, X, Y, eps=10.0 ** log10_h)
    errors = error_table(gW, gb, nW, nb)
    return errors[f"W^{layer}"], errors[f"b^{layer}"], max(errors.values()), (gW, gb, nW, nb)


@pytest.fixture(scope="module")
def demo():
    return slip_explorer_demo()


def test_builds_with_no_arguments(demo):
    assert set(demo.sliders) == {"case", "version", "layer", "log10_h"}
    assert demo.png[:8] == b"\x89PNG\r\n\x1a\n"
    assert demo.readout["verdict"] == "DISAGREES"   # case 1 as claimed


@pytest.mark.parametrize("case", sorted(CASES))
def test_readout_equals_recomputed_errors_for_every_case(demo, case):
    demo.sliders["version"].value = "as claimed"
    demo.sliders["log10_h"].value = -6.0
    demo.sliders["case"].value = case
    for layer in (2, 3, 4):
        demo.sliders["layer"].value = layer
        e_w, e_b, worst, _ = _expected(case, "as claimed", layer, -6.0)
        assert demo.readout["rel_error_W"] == pytest.approx(e_w, rel=1e-9, abs=1e-15)
        assert demo.readout["rel_error_b"] == pytest.approx(e_b, rel=1e-9, abs=1e-15)
        assert demo.readout["worst"] == pytest.approx(worst, rel=1e-9)
        assert demo.readout["layer"] == layer
        assert demo.readout["case"].startswith(f"{case} ·")
        verdict = "agrees" if max(e_w, e_b) <= 1e-7 else "DISAGREES"
        assert demo.readout["verdict"] == verdict
    # every planted slip shows up somewhere
    assert demo.readout["worst"] > 0.1


@pytest.mark.parametrize("case", sorted(CASES))
def test_corrected_code_agrees_on_every_layer(demo, case):
    demo.sliders["case"].value = case
    demo.sliders["version"].value = "corrected"
    demo.sliders["log10_h"].value = -6.0
    assert demo.readout["worst"] <= 1e-7
    assert demo.readout["verdict"] == "agrees"
    demo.sliders["version"].value = "as claimed"


@pytest.mark.parametrize("log10_h", [-8.0, -5.0, -3.5, -2.0])
def test_step_slider_recomputes_the_numerical_gradient(demo, log10_h):
    demo.sliders["case"].value = 5
    demo.sliders["version"].value = "corrected"
    demo.sliders["layer"].value = 2
    demo.sliders["log10_h"].value = log10_h
    e_w, e_b, worst, _ = _expected(5, "corrected", 2, log10_h)
    assert demo.readout["rel_error_W"] == pytest.approx(e_w, rel=1e-9, abs=1e-15)
    assert demo.readout["worst"] == pytest.approx(worst, rel=1e-9)
    assert demo.readout["h"] == pytest.approx(10.0 ** log10_h)
    demo.sliders["version"].value = "as claimed"


def test_a_large_step_h_makes_even_the_right_gradient_look_wrong(demo):
    demo.sliders["case"].value = 5
    demo.sliders["version"].value = "corrected"
    demo.sliders["log10_h"].value = -6.0
    small = demo.readout["worst"]
    demo.sliders["log10_h"].value = -2.0
    large = demo.readout["worst"]
    assert small <= 1e-7 < large   # the O(h²) error of central differences crosses the agreement line
    demo.sliders["version"].value = "as claimed"
    demo.sliders["log10_h"].value = -6.0


def test_scatter_points_are_the_normalised_gradient_entries(demo):
    demo.sliders["case"].value = 6
    demo.sliders["version"].value = "as claimed"
    demo.sliders["log10_h"].value = -6.0
    demo.sliders["layer"].value = 3
    *_, (gW, gb, nW, nb) = _expected(6, "as claimed", 3, -6.0)
    scale = max(np.abs(nW[1]).max(), np.abs(nb[1]).max())
    ax = demo.fig.axes[0]
    w_pts = ax.lines[1].get_xydata()                       # lines[0] is the diagonal
    want = np.clip(np.column_stack([nW[1].ravel(), gW[1].ravel()]) / scale, -2.5, 2.5)   # LIMIT = 2.5
    assert np.allclose(w_pts, want)
    # the bar of each block has the height of its relative error
    errors = error_table(gW, gb, nW, nb)
    bars = demo.fig.axes[1].patches
    heights = [b.get_y() + b.get_height() for b in bars]
    assert np.allclose(heights, [max(e, 1e-16) for e in errors.values()], rtol=1e-9)


def test_figure_changes_when_a_slider_moves(demo):
    demo.sliders["case"].value = 1
    demo.sliders["layer"].value = 2
    before_png = demo.png
    before = demo.fig.axes[0].lines[1].get_xydata().copy()
    demo.sliders["case"].value = 8
    after = demo.fig.axes[0].lines[1].get_xydata()
    assert demo.png != before_png
    assert not np.allclose(before, after)


def test_median_update_is_fast(demo):
    demo.timings.clear()
    for case in (1, 4, 8):
        demo.sliders["case"].value = case
        for layer in (2, 3, 4, 2, 3):
            demo.sliders["layer"].value = layer
    assert np.median(demo.timings) < 0.25   # target 50 ms; generous bound for a loaded CI machine
