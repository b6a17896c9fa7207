"""The softmax Jacobian demo: its numbers equal the package's and finite differences; every control moves them."""

import numpy as np
import pytest

from bpcourse.activations import softmax
from bpcourse.widgets import DEMOS, softmax_jacobian_demo
from bpcourse.widgets.softmax import Z_START

H = 1e-6


def z_of(demo):
    """z^L as the demo should have it: its starting inputs with entry j replaced by the slider."""
    z = np.array(demo.z_start, dtype=float)
    z[demo.sliders["j"].value - 1] = demo.sliders["z"].value
    return z.reshape(-1, 1)


@pytest.fixture(scope="module")
def demo():
    return softmax_jacobian_demo()


def test_listed_in_demos():
    assert "softmax_jacobian_demo" in DEMOS


@pytest.mark.parametrize("j, z", [(1, 1.0), (1, 6.0), (2, -6.0), (3, 0.0), (4, 2.7), (2, 0.5)])
def test_readout_equals_the_package_and_finite_differences(demo, j, z):
    demo.sliders["j"].value = j
    demo.sliders["z"].value = z
    r, zL = demo.readout, z_of(demo)
    assert r["j"] == j and r["z_j"] == z and zL[j - 1, 0] == z
    a, J = softmax.fn(zL)[:, 0], softmax.jacobian(zL)[0]
    for i in range(1, 5):
        assert r[f"a_{i}"] == a[i - 1]
        assert r[f"dadz_{i}"] == J[i - 1, j - 1]
        e = np.zeros((4, 1))
        e[j - 1] = H
        fd = (softmax.fn(zL + e)[i - 1, 0] - softmax.fn(zL - e)[i - 1, 0]) / (2 * H)
        assert abs(r[f"dadz_{i}"] - fd) < 1e-9                     # ∂a_i/∂z_j, measured
        expected = a[i - 1] * ((i == j) - a[j - 1])                   # a_i(δ_ij − a_j), by hand
        assert abs(r[f"dadz_{i}"] - expected) < 1e-15
    assert abs(r["a_sum"] - 1) < 1e-14
    assert abs(r["column_sum"]) < 1e-15


def test_the_picture_shows_the_numbers(demo):
    demo.sliders["j"].value = 2
    demo.sliders["z"].value = -1.3
    zL = z_of(demo)
    a, J = softmax.fn(zL)[:, 0], softmax.jacobian(zL)[0]
    art = demo.artists
    np.testing.assert_array_equal([b.get_height() for b in art["bars"]], a)
    np.testing.assert_array_equal(np.asarray(art["image"].get_array()).reshape(4, 4), J)
    assert art["outline"].get_x() == 1.5                               # column j = 2 spans 1.5 .. 2.5
    assert art["cells"][0].get_text() == f"{J[0, 1]:+.3f}".replace("-", "−")      # row 1 of column j = 2
    assert [c.get_position() for c in art["cells"]] == [(2, i) for i in (1, 2, 3, 4)]
    assert art["values"][1].get_text() == f"{a[1]:.3f}"
    assert "−1.3" in art["z_text"].get_text()
    edges = [b.get_linewidth() for b in art["bars"]]
    assert edges[1] > 2 * max(edges[0], edges[2], edges[3])           # the chosen neuron, not by colour alone


def test_a_faded_column_still_shows_its_numbers():
    # at z^L_1 = −6 the entries of column 1 are of size 1e-4 or less: two significant digits, no "−0.000"
    demo = softmax_jacobian_demo()
    demo.sliders["z"].value = -6.0
    J = softmax.jacobian(z_of(demo))[0]
    for i, cell in enumerate(demo.artists["cells"], start=1):
        text = cell.get_text()
        assert float(text.replace("−", "-").replace("+", "")) == pytest.approx(J[i - 1, 0], rel=0.05), text
        assert len(text) <= 7
        assert text not in ("−0.000", "+0.000", "0.000")
    demo.close()


def test_choosing_j_restarts_from_z_start_and_moves_the_picture():
    demo = softmax_jacobian_demo()
    demo.sliders["z"].value = 4.0
    moved = demo.png
    for j in (2, 3, 4, 1):
        before = demo.png
        demo.sliders["j"].value = j
        assert demo.sliders["z"].value == Z_START[j - 1]
        np.testing.assert_array_equal(z_of(demo)[:, 0], Z_START)
        assert demo.png != before
        assert demo.artists["outline"].get_x() == j - 0.5
    assert demo.png != moved


def test_every_control_changes_the_picture_and_the_numbers():
    demo = softmax_jacobian_demo()
    for name, values in (("z", (-6.0, 6.0, 0.0)), ("j", (2, 4, 1))):
        for value in values:
            before = (demo.png, dict(demo.readout))
            demo.sliders[name].value = value
            assert demo.png != before[0] and demo.readout != before[1], (name, value)
            for key in demo.readout:
                assert f"data-name='{key}'" in demo.table.value


def test_saturation_fades_the_whole_jacobian(demo):
    demo.sliders["j"].value = 1
    demo.sliders["z"].value = 6.0
    assert demo.readout["a_1"] > 0.99
    assert np.max(np.abs(demo.artists["image"].get_array())) < 0.01


def test_arguments_and_bad_input():
    demo = softmax_jacobian_demo(j=3, z=-2.0, z_start=(0.0, 1.0, 2.0))
    assert demo.readout["j"] == 3 and demo.readout["z_j"] == -2.0
    np.testing.assert_allclose([demo.readout[f"a_{i}"] for i in (1, 2, 3)],
                               softmax.fn(np.array([[0.0], [1.0], [-2.0]]))[:, 0], rtol=1e-15)
    with pytest.raises(ValueError, match="j is a neuron of the softmax layer, from 1 to 4"):
        softmax_jacobian_demo(j=0)
    with pytest.raises(ValueError, match="z_start must hold 2 to 6 finite"):
        softmax_jacobian_demo(z_start=(1.0,))
    with pytest.raises(ValueError, match="z_start must hold 2 to 6 finite"):
        softmax_jacobian_demo(z_start=(1.0, np.nan))
