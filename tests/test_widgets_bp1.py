"""The BP1 demo's δ^L equals the package's BP1 and a finite difference, for both costs."""

import numpy as np
import pytest

from bpcourse import costs
from bpcourse.activations import sigmoid
from bpcourse.equations import bp1
from bpcourse.widgets import output_error_demo
from bpcourse.widgets.bp1 import output_errors


def _fd_delta(cost, z, y, h=1e-6):
    Y = np.array([[y]])
    c = lambda zz: cost.fn(sigmoid.fn(np.array([[zz]])), Y)[0]  # noqa: E731
    return (c(z + h) - c(z - h)) / (2 * h)


@pytest.fixture(scope="module")
def demo():
    return output_error_demo()


@pytest.mark.parametrize("z, y", [(4.0, 0.0), (-1.0, 1.0), (0.0, 0.5), (2.3, 0.8), (-6.5, 0.0), (9.0, 1.0)])
def test_readout_matches_bp1_and_finite_differences(demo, z, y):
    demo.sliders["z"].value, demo.sliders["y"].value = z, y
    r = demo.readout
    a = sigmoid.fn(z)
    Z, Y = np.array([[z]]), np.array([[y]])
    assert np.isclose(r["a"], a)
    assert np.isclose(r["sigma_prime"], sigmoid.prime(z))
    assert np.isclose(r["delta_quadratic"], bp1(costs.quadratic.grad_a(sigmoid.fn(Z), Y), Z)[0, 0])
    assert np.isclose(r["delta_quadratic"], _fd_delta(costs.quadratic, z, y), rtol=1e-5, atol=1e-9)
    assert np.isclose(r["delta_cross_entropy"], a - y)
    if 0.0 < y < 1.0 or abs(z) < 8:      # keep the cross-entropy finite difference away from log(0)
        assert np.isclose(r["delta_cross_entropy"], _fd_delta(costs.cross_entropy, z, y), rtol=1e-5, atol=1e-8)


def test_bias_step_is_minus_eta_delta(demo):
    demo.sliders["z"].value, demo.sliders["y"].value = 3.0, 0.0
    for eta in (0.1, 1.0, 2.5):
        demo.sliders["eta"].value = eta
        r = demo.readout
        assert np.isclose(r["step_quadratic"], -eta * r["delta_quadratic"])
        assert np.isclose(r["step_cross_entropy"], -eta * r["delta_cross_entropy"])


def test_saturation_visible_in_the_readout(demo):
    demo.sliders["y"].value, demo.sliders["z"].value = 0.0, 8.0
    r = demo.readout
    assert r["a_minus_y"] > 0.99                       # badly wrong ...
    assert abs(r["delta_quadratic"]) < 1e-3           # ... yet the quadratic error is tiny
    assert r["delta_cross_entropy"] > 0.99            # cross-entropy's is not
    assert r["step_ratio"] > 1000


def test_output_errors_survive_rounding_to_one():
    out = output_errors(40.0, 0.0)                  # σ(40) rounds to 1.0: ∂C/∂a is infinite
    assert out["a"] == 1.0
    assert out["delta_cross_entropy"] == 1.0
    assert np.isfinite(out["delta_quadratic"])


def test_figure_changes(demo):
    demo.sliders["z"].value, demo.sliders["y"].value = 0.0, 0.0
    ax_d = demo.fig.axes[1]
    curve_q = ax_d.lines[1]
    before_curve, before_png = curve_q.get_ydata().copy(), demo.png
    demo.sliders["y"].value = 1.0
    assert not np.allclose(curve_q.get_ydata(), before_curve)
    assert demo.png != before_png
    png = demo.png
    demo.sliders["z"].value = -5.0
    assert demo.png != png
    point = demo.fig.axes[0].lines[-1]              # σ'(z) marker
    assert np.allclose(point.get_xdata(), [-5.0]) and np.allclose(point.get_ydata(), [sigmoid.prime(-5.0)])


def test_callable_with_no_arguments():
    d = output_error_demo()
    assert set(d.sliders) == {"z", "y", "eta"}
    assert d.png[:4] == b"\x89PNG"


def test_ratio_at_a_equals_y_is_undefined_not_nan_or_inf(demo):
    demo.sliders["z"].value, demo.sliders["y"].value = 0.0, 0.5      # a = σ(0) = 0.5 = y: both steps 0
    r = demo.readout
    assert r["delta_quadratic"] == 0.0 and r["delta_cross_entropy"] == 0.0
    assert np.isnan(r["step_ratio"])
    cell = demo.table.value.split("<td data-name='step_ratio'")[1].split("</td>")[0]
    shown = cell.split("<code>")[1].split("</code>")[0]                 # data-value keeps 'nan' for machines
    assert shown == "undefined"
    assert "undefined" in demo.status_text
    demo.sliders["y"].value = 0.0                                     # a ≠ y: a number again
    assert np.isfinite(demo.readout["step_ratio"]) and "undefined" not in demo.status_text


def test_labels_are_the_course_symbols(demo):
    assert demo.labels["delta_quadratic"] == "δ<sup>L</sup>, quadratic"
    assert demo.labels["sigma_prime"] == "σ′(z<sup>L</sup>)"
    assert "<th scope='row'>δ<sup>L</sup>, cross-entropy</th>" in demo.table.value
