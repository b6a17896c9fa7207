"""The network diagram: positions, labels, highlighted edge, weights, and clear errors."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from bpcourse import Network
from bpcourse.plots import network_diagram, neuron_positions
from bpcourse.plots.diagram import HIGHLIGHT, check_edge, edge_label, edge_label_position


def _texts(fig):
    return [t.get_text() for ax in fig.axes for t in ax.texts]


def test_positions_layer_by_layer():
    pos = neuron_positions([3, 4, 2])
    assert [p.shape for p in pos] == [(3, 2), (4, 2), (2, 2)]
    for p in pos:
        assert np.allclose(p[:, 1].mean(), 0.0)                 # each layer centred
        assert np.all(np.diff(p[:, 1]) < 0)                      # neuron 1 on top
        assert np.ptp(p[:, 0]) == 0                              # one column per layer
    xs = [p[0, 0] for p in pos]
    assert xs == sorted(xs) and len(set(xs)) == 3


def test_diagram_labels_every_neuron_and_layer():
    fig = network_diagram([3, 4, 2])
    assert isinstance(fig, Figure)
    texts = _texts(fig)
    for l, n in enumerate([3, 4, 2], start=1):
        for j in range(1, n + 1):
            assert rf"$a^{{{l}}}_{{{j}}}$" in texts
        assert any(t.startswith(f"layer {l}") for t in texts)
    assert "layer 1\n(input)" in texts and "layer 3\n(output)" in texts
    ax = fig.axes[0]
    assert len(ax.patches) == 9                                  # one circle per neuron
    assert len(ax.lines) == 3 * 4 + 4 * 2                        # one line per weight


def test_highlight_draws_the_right_edge_and_label():
    sizes = [3, 4, 2]
    fig = network_diagram(sizes, highlight=(3, 2, 4))
    ax = fig.axes[0]
    assert edge_label(3, 2, 4) == "$w^{3}_{24}$"
    assert "$w^{3}_{24}$" in _texts(fig)
    red = [line for line in ax.lines if line.get_color() == HIGHLIGHT]
    assert len(red) == 1
    pos = neuron_positions(sizes)
    x, y = red[0].get_data()
    assert np.allclose([x[0], y[0]], pos[1][3])                 # from neuron k=4 of layer 2
    assert np.allclose([x[1], y[1]], pos[2][1])                 # to neuron j=2 of layer 3
    lx, ly = edge_label_position(sizes, 3, 2, 4)
    assert min(x) <= lx <= max(x) and min(y) <= ly <= max(y)
    assert len(ax.patches) == 9 + 2                              # two rings


def test_weights_set_edge_width_and_colour():
    net = Network([2, 3, 2], seed=1)
    fig = network_diagram(net.sizes, weights=net.weights)
    lines = fig.axes[0].lines
    widths = np.array([line.get_linewidth() for line in lines])
    w = np.concatenate([np.ravel(net.W(2)), np.ravel(net.W(3))])  # drawn in the order l, j, k
    assert np.argmax(widths) == np.argmax(np.abs(w))
    assert np.all(np.diff(widths[np.argsort(np.abs(w))]) >= 0)  # wider means larger |w|
    colours = {line.get_color() for line, wi in zip(lines, w) if wi > 0}
    assert len(colours) == 1 and colours != {line.get_color() for line, wi in zip(lines, w) if wi < 0}


def test_draws_on_a_given_axes():
    fig = Figure()
    ax = fig.add_subplot()
    assert network_diagram([2, 2], ax=ax) is fig


@pytest.mark.parametrize("edge, words", [((1, 1, 1), "l must be from 2"), ((4, 1, 1), "l must be from 2"),
                                         ((2, 5, 1), "1 <= j <= 4"), ((3, 1, 5), "1 <= k <= 4"),
                                         ((2, 0, 1), "1 <= j"), ((2.0, 1, 1), "integer")])
def test_bad_edges_are_named(edge, words):
    with pytest.raises(ValueError, match=words.replace("(", r"\(")):
        check_edge([3, 4, 2], *edge)
    with pytest.raises(ValueError):
        network_diagram([3, 4, 2], highlight=edge)


def test_bad_sizes_and_weights():
    with pytest.raises(ValueError, match="at least 2"):
        network_diagram([3])
    with pytest.raises(ValueError, match="positive integer"):
        network_diagram([3, 0, 2])
    net = Network([2, 3, 2], seed=0)
    with pytest.raises(ValueError, match=r"W\^2 must have shape \(3, 2\)"):
        network_diagram([2, 3, 2], weights=[net.W(2).T, net.W(3)])
