"""The slider demos of notebooks 00 and 01: readouts equal the package's numbers, figures follow."""

import numpy as np
import pytest

from bpcourse import Network
from bpcourse.activations import sigmoid, tanh
from bpcourse.plots.diagram import RADIUS, neuron_positions
from bpcourse.widgets import Demo, neuron_demo, notation_explorer
from bpcourse.widgets.notation import weight_names

# -- the notation explorer -------------------------------------------------------------------


def test_notation_explorer_defaults():
    demo = notation_explorer()
    assert isinstance(demo, Demo)
    assert set(demo.sliders) == {"l", "j", "k"}
    assert demo.png.startswith(b"\x89PNG")
    net = Network([3, 4, 2], seed=0)
    assert demo.readout["value"] == net.W(3)[1, 3]
    assert demo.readout["Nielsen"] == "w<sup>3</sup><sub>24</sub>"
    assert demo.readout["UFLDL"].text == "W(2)24"
    assert "<td data-name='Nielsen'>w<sup>3</sup><sub>24</sub></td>" in demo.table.value
    assert demo.status_text.startswith("w³₂₄ = ")


@pytest.mark.parametrize("sizes", [(3, 4, 2), (2, 3, 2, 3)])
def test_notation_explorer_every_weight(sizes):
    demo = notation_explorer(sizes=sizes, seed=7)
    net = Network(list(sizes), seed=7)
    pngs = set()
    for l in range(2, len(sizes) + 1):
        demo.sliders["l"].value = l
        assert demo.sliders["j"].max == sizes[l - 1]
        assert demo.sliders["k"].max == sizes[l - 2]
        for j in range(1, sizes[l - 1] + 1):
            for k in range(1, sizes[l - 2] + 1):
                demo.sliders["j"].value = j
                demo.sliders["k"].value = k
                r = demo.readout
                assert r["ljk"] == f"{l}, {j}, {k}"
                value = net.W(l)[j - 1, k - 1]
                assert r["value"] == value
                assert net.W(l).T[k - 1, j - 1] == value           # the row-major index names the same number
                assert r["numpy"].text == f"net.W({l})[{j - 1}, {k - 1}]"
                assert r["row-major"].text == f"net.W({l}).T[{k - 1}, {j - 1}]"
                assert r["UFLDL"].startswith(f"W<sup>({l - 1})</sup>")
                assert r["Higham"].startswith(f"w<sup>[{l}]</sup>")
                pngs.add(demo.png)
    assert len(pngs) == sum(a * b for a, b in zip(sizes[:-1], sizes[1:]))   # every edge draws differently


def test_notation_explorer_clamps_j_and_k():
    demo = notation_explorer(sizes=(3, 4, 2))
    demo.sliders["l"].value = 2
    demo.sliders["j"].value = 4          # layer 2 has 4 neurons
    demo.sliders["k"].value = 3          # layer 1 has 3
    demo.sliders["l"].value = 3          # layer 3 has 2 neurons, layer 2 has 4
    assert demo.sliders["j"].value == 2
    assert demo.readout["ljk"] == "3, 2, 3"
    assert demo.readout["value"] == Network([3, 4, 2], seed=0).W(3)[1, 2]


def test_notation_explorer_moves_the_highlighted_edge():
    demo = notation_explorer()
    edge = demo._animated[0]
    before = np.array(edge.get_data())
    demo.sliders["l"].value = 2
    demo.sliders["j"].value = 3
    demo.sliders["k"].value = 1
    after = np.array(edge.get_data())                 # rows: x, y; columns: the two ends
    assert not np.allclose(before, after)
    pos = neuron_positions([3, 4, 2])
    start, end = pos[0][0], pos[1][2]                 # neuron k=1 of layer 1, neuron j=3 of layer 2
    direction = (end - start) / np.linalg.norm(end - start)
    assert np.allclose(after[:, 0], start + RADIUS * direction)
    assert np.allclose(after[:, 1], end - RADIUS * direction)


def test_notation_explorer_small_and_too_large_networks():
    demo = notation_explorer(sizes=(2, 3), l=5, j=9, k=9)     # out-of-range starting values are clamped
    assert demo.readout["ljk"] == "2, 3, 2"
    assert demo.readout["value"] == Network([2, 3], seed=0).W(2)[2, 1]
    with pytest.raises(ValueError, match="at most 8 neurons"):
        notation_explorer(sizes=(64, 10))


def test_weight_names_index_shift():
    names = {key: name.text for key, name in weight_names(4, 3, 1).items()}
    assert names == {"Nielsen": "w431", "UFLDL": "W(3)31", "Higham": "w[4]31",
                     "numpy": "net.W(4)[2, 0]", "row-major": "net.W(4).T[0, 2]"}
    assert weight_names(4, 3, 1)["Higham"] == "w<sup>[4]</sup><sub>31</sub>"
    assert weight_names(2, 12, 3)["Nielsen"] == "w<sup>2</sup><sub>12,3</sub>"   # a comma when an index has 2 digits


# -- one neuron ------------------------------------------------------------------------------


def test_neuron_demo_defaults():
    demo = neuron_demo()
    assert isinstance(demo, Demo)
    assert set(demo.sliders) == {"w", "b", "a_in"}
    w, b, a_in = (demo.sliders[n].value for n in ("w", "b", "a_in"))
    z = w * a_in + b
    assert demo.readout["z"] == pytest.approx(z)
    assert demo.readout["a"] == pytest.approx(float(sigmoid.fn(z)))


@pytest.mark.parametrize("activation", ["sigmoid", "tanh"])
def test_neuron_demo_readout_matches_package(activation):
    demo = neuron_demo(activation=activation)
    sigma = {"sigmoid": sigmoid, "tanh": tanh}[activation]
    curve = demo._animated[0]
    for w, b, a_in in [(1.0, 0.0, 0.5), (-3.5, 2.0, -2.9), (0.0, 1.5, 1.0), (4.0, -4.0, 3.0)]:
        old_png, old_curve = demo.png, np.array(curve.get_ydata())
        demo.sliders["w"].value = w
        demo.sliders["b"].value = b
        demo.sliders["a_in"].value = a_in
        r = demo.readout
        z = w * a_in + b
        assert r["z"] == pytest.approx(z)
        assert r["a"] == pytest.approx(float(sigma.fn(np.array(z))))
        assert r["sigma_prime"] == pytest.approx(float(sigma.prime(np.array(z))))
        h = 1e-6                                                  # σ'(z) is the slope of σ at z
        slope = (sigma.fn(np.array(z + h)) - sigma.fn(np.array(z - h))) / (2 * h)
        assert r["sigma_prime"] == pytest.approx(float(slope), rel=1e-5, abs=1e-9)
        assert demo.png != old_png
        a_grid = curve.get_xdata()
        assert np.allclose(curve.get_ydata(), sigma.fn(w * a_grid + b))
        assert not np.allclose(curve.get_ydata(), old_curve)


def test_neuron_demo_says_saturated_exactly_when_abs_z_is_at_least_4():
    # one threshold course-wide (notebooks 01 and 03): |z| ≥ 4, where σ'(z) ≤ σ'(4) ≈ 0.0177
    demo = neuron_demo(w=2.0, b=-1.0)
    for a_in in (-3.0, -2.0, -1.6, -1.5, -1.45, -1.0, 0.0, 1.0, 1.45, 1.5, 2.5):
        demo.sliders["a_in"].value = a_in
        z = 2.0 * a_in - 1.0
        assert np.isclose(demo.readout["z"], z)
        assert ("saturated" in demo.status_text) == (abs(z) >= 4 - 1e-12), (a_in, demo.status_text)
        assert (demo.readout["sigma_prime"] <= 0.0177) == (abs(z) >= 4 - 1e-12)


def test_neuron_demo_is_fast():
    demo = neuron_demo()
    for v in np.linspace(-3, 3, 15):
        demo.sliders["b"].value = float(v)
    assert np.median(demo.timings[1:]) < 0.25        # generous: the machine is shared; ~20 ms alone


def test_notation_explorer_tables_follow_the_layer():
    demo = notation_explorer(sizes=(3, 4, 2), l=3, j=1, k=1)
    fresh_png = demo.png
    net = Network([3, 4, 2], seed=0)
    ax_col, ax_row = demo.fig.axes[1], demo.fig.axes[2]
    for l in (2, 3):
        demo.sliders["l"].value = l
        demo.sliders["j"].value = 1
        demo.sliders["k"].value = 1
        W = net.W(l)
        shown_col = [t.get_text() for t in ax_col.texts if t.get_text()[:1] in ("+", "-")]
        shown_row = [t.get_text() for t in ax_row.texts if t.get_text()[:1] in ("+", "-")]
        assert shown_col == [f"{v:+.2f}" for v in W.ravel()]        # W^l row by row
        assert shown_row == [f"{v:+.2f}" for v in W.T.ravel()]      # (W^l)^T row by row
        assert f"shape {W.shape}" in ax_col.get_title()
        # numbered rows and columns only as far as the matrix goes: no empty row 3 or 4 of W^3
        for ax, (rows, cols) in ((ax_col, W.shape), (ax_row, W.T.shape)):
            assert [t.get_text() for t in ax.get_yticklabels()] == [str(r) for r in range(1, rows + 1)]
            assert [t.get_text() for t in ax.texts if t.get_text().isdigit()] == [str(c) for c in range(1, cols + 1)]
            (frame,) = [p for p in ax.patches if not p.get_fill()]
            assert (frame.get_width(), frame.get_height()) == (cols, rows)
    # back at l = 3, j = k = 1 after visiting l = 2: the picture equals a freshly built one (no stale tables)
    assert demo.png == fresh_png
