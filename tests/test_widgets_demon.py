"""Nielsen's demon: the demo's ΔC is the cost after adding Δz to z^l_j, and δ^l_j predicts it."""

import numpy as np
import pytest

from bpcourse.activations import sigmoid
from bpcourse.widgets import demon_demo
from bpcourse.widgets.demon import demon_network


@pytest.fixture(scope="module")
def demo():
    built = demon_demo()
    yield built
    built.close()


def cost_with_demon(net, x, y, l, j, dz):
    """The forward pass written out: z^l_j gets + Δz, then the layers above run as usual (j from 1)."""
    a = x
    for layer in range(2, net.L + 1):
        z = net.W(layer) @ a + net.b(layer)
        if layer == l:
            z[j - 1, 0] += dz
        a = sigmoid.fn(z)
    return 0.5 * float(np.sum((a - y) ** 2))


@pytest.mark.parametrize("l, j, dz", [(2, 1, 0.5), (2, 4, -1.2), (3, 2, -0.5), (3, 3, 2.0), (4, 1, 0.3), (4, 3, -2.0)])
def test_demon_change_is_the_cost_after_the_nudge_and_delta_predicts_it(demo, l, j, dz):
    demo.sliders["l"].value, demo.sliders["j"].value, demo.sliders["dz"].value = l, j, dz
    r = demo.readout
    net, x, y = demon_network()
    C0 = cost_with_demon(net, x, y, l, j, 0.0)
    assert C0 == pytest.approx(net.cost(x, y), rel=1e-12)
    assert r["dC_true"] == pytest.approx(cost_with_demon(net, x, y, l, j, dz) - C0, rel=1e-9, abs=1e-14)
    h = 1e-6                                                   # δ^l_j = ∂C/∂z^l_j, by central differences
    fd = (cost_with_demon(net, x, y, l, j, h) - cost_with_demon(net, x, y, l, j, -h)) / (2 * h)
    assert r["delta"] == pytest.approx(fd, rel=1e-5, abs=1e-10)
    _, grad_b = net.backprop(x, y)                             # and it is the package's ∂C/∂b^l_j (BP3)
    assert r["delta"] == pytest.approx(grad_b[l - 2][j - 1, 0], rel=1e-12)
    assert r["dC_linear"] == pytest.approx(r["delta"] * dz, rel=1e-12)
    assert r["gap"] == pytest.approx(r["dC_true"] - r["dC_linear"], rel=1e-9, abs=1e-15)
    assert r["best_j"] == int(np.argmax(np.abs(grad_b[l - 2][:, 0]))) + 1


def test_the_gap_is_second_order(demo):
    demo.sliders["l"].value, demo.sliders["j"].value = 3, 2
    gaps = []
    for dz in (0.4, 0.2, 0.1):
        demo.sliders["dz"].value = dz
        gaps.append(abs(demo.readout["gap"]))
    assert 3.0 < gaps[0] / gaps[1] < 5.0 and 3.0 < gaps[1] / gaps[2] < 5.0


def test_the_demon_does_most_where_delta_is_largest(demo):
    """The same Δz changes C most at the neuron with the largest |δ^l_j|: why δ is called the error."""
    demo.sliders["l"].value, demo.sliders["dz"].value = 3, 0.1
    changes = {}
    for j in range(1, 5):
        demo.sliders["j"].value = j
        changes[j] = abs(demo.readout["dC_true"])
    assert max(changes, key=changes.get) == demo.readout["best_j"]


def test_j_stays_inside_the_layer_and_the_sentence_names_the_neuron(demo):
    demo.sliders["l"].value, demo.sliders["j"].value = 3, 4
    demo.sliders["l"].value = 4                                 # layer 4 has 3 neurons
    assert demo.sliders["j"].max == 3 and demo.sliders["j"].value == 3
    demo.sliders["dz"].value = -0.5
    assert demo.status_text.startswith("δ⁴₃ = ")
    assert "adds −0.5 to z⁴₃" in demo.status_text
    assert demo.labels["delta"] == "δ<sup>4</sup><sub>3</sub> = ∂C/∂z<sup>4</sup><sub>3</sub>"


def _gap_pixels(demo):
    """Pixels of the gap's colour inside the cost panel (the legend, below the panels, is not counted)."""
    from matplotlib.colors import to_rgb
    ax = demo.fig.axes[1]
    demo.refresh(full=True)
    rgba = np.asarray(demo.fig.canvas.buffer_rgba())[..., :3].astype(int)
    x0, y0, x1, y1 = ax.bbox.extents
    inside = rgba[int(rgba.shape[0] - y1):int(rgba.shape[0] - y0), int(x0):int(x1)]
    want = np.array([round(255 * c) for c in to_rgb(ax.lines[2].get_color())])
    return int(np.sum(np.all(np.abs(inside - want) <= 12, axis=-1)))


def test_cost_panel_has_one_scale_per_layer_holding_its_curves(demo):
    net, x, y = demon_network()
    from bpcourse.widgets._nudge import cost_after_z_nudges
    grid = np.linspace(-2.2, 2.2, 121)
    heights = {}
    for l in range(2, net.L + 1):
        demo.sliders["l"].value = l
        lo, hi = demo.fig.axes[1].get_ylim()
        heights[l] = hi - lo
        for j in range(1, net.sizes[l - 1] + 1):
            demo.sliders["j"].value = j
            assert demo.fig.axes[1].get_ylim() == (lo, hi)                 # one scale for the whole layer
            c = cost_after_z_nudges(net, x, y, l, j, grid)
            assert lo < c.min() and c.max() < hi
    assert heights[2] < heights[3] < heights[4]                              # small errors, a finer scale


@pytest.mark.parametrize("l", [2, 3, 4])
def test_the_gap_shows_beside_the_points(demo, l):
    demo.sliders["l"].value = l
    demo.sliders["j"].value = demo.readout["best_j"]
    for dz in (-1.0, 1.0, 2.0):
        demo.sliders["dz"].value = dz
        assert _gap_pixels(demo) > 150, (l, dz)


def test_the_gap_value_stays_inside_the_panel(demo):
    ax = demo.fig.axes[1]
    (value,) = ax.texts
    for l, j in ((2, 3), (3, 4), (4, 1)):
        demo.sliders["l"].value, demo.sliders["j"].value = l, j
        for dz in np.round(np.linspace(-2.0, 2.0, 21), 2):
            demo.sliders["dz"].value = float(dz)
            demo.fig.canvas.draw()
            box = value.get_window_extent()
            assert ax.bbox.x0 < box.x0 and box.x1 < ax.bbox.x1 and ax.bbox.y0 < box.y0 and box.y1 < ax.bbox.y1, \
                (l, j, dz, value.get_text())
