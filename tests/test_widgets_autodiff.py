"""Notebook 12's demo and figure: the sweep one rule at a time, its readout against BP1 and BP2."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from bpcourse import Network, autodiff
from bpcourse.widgets.autodiff import backward_sweep_demo, graph_figure, graph_layout, sweep_states


@pytest.fixture(scope="module")
def demo():
    return backward_sweep_demo()


def test_it_opens_on_the_whole_sweep_of_eight_rules():
    fresh = backward_sweep_demo()
    # per layer: the product, the bias sum and σ (2 × 3), then C_x and the mean
    assert fresh.n_rules == 8 and fresh.sliders["step"].max == 8 and fresh.sliders["step"].value == 8
    assert fresh.readout["step"] == 8 and not isinstance(fresh.readout["dCdz2"], str)


def test_before_any_rule_nothing_is_known_but_the_input_still_shows(demo):
    demo.sliders["step"].value = 0
    assert demo.readout["step"] == 0 and demo.readout["rule"] == "none"
    assert demo.readout["dCdz3"] == "not yet" and demo.readout["dCdz2"] == "not yet"
    before = demo.png
    demo.sliders["x1"].value = demo.sliders["x1"].value + 0.1      # the input's values are written under it
    assert demo.png != before


def test_each_z_gradient_appears_when_complete_and_equals_delta(demo):
    net = demo.net
    for x1 in (0.5, -1.3):
        demo.sliders["x1"].value = x1
        x, y = np.array([[x1], [0.8]]), np.array([[1.0], [0.0]])
        errors = net.errors(x, y)
        seen = {}
        for step in range(demo.n_rules + 1):
            demo.sliders["step"].value = step
            for l in (2, 3):
                value = demo.readout[f"dCdz{l}"]
                np.testing.assert_allclose(demo.readout[f"delta{l}"], errors.delta(l).ravel(), rtol=1e-14)
                if not isinstance(value, str):
                    seen.setdefault(l, step)
                    np.testing.assert_allclose(value, errors.delta(l).ravel(), rtol=1e-12)
        # z^3's gradient is complete once C, C_x and a^3 have run; z^2's once z^3, W^3a^2 and a^2 have too
        assert seen == {3: 3, 2: 6}, seen
        assert demo.readout["C"] == pytest.approx(net.cost(x, y), rel=1e-14)


def test_rules_run_from_the_cost_back(demo):
    names = []
    for step in range(1, demo.n_rules + 1):
        demo.sliders["step"].value = step
        names.append(demo.readout["rule"])
    assert names[:3] == ["C (mean)", "Cₓ (cost)", "a³ (σ)"]
    assert names[3:6] == ["z³ (bias sum)", "W³a² (product)", "a² (σ)"] and names[-1] == "W²a¹ (product)"


def test_sweep_states():
    net = Network([2, 3, 2], seed=0)
    graph = autodiff.network_graph(net, np.array([[0.1], [0.2]]), np.array([[1.0], [0.0]]))
    ran = graph.backward(steps=3)                    # the mean, C_x, a^3: z^3 is complete, W^3 is not
    states = sweep_states(graph, ran)
    assert states[id(graph.cost)] == "known" and states[id(graph.z[3])] == "known"
    assert states[id(graph.a[3])] == "running"
    assert states[id(graph.W[3])] == "waiting" and states[id(graph.z[2])] == "waiting"
    states = sweep_states(graph, graph.backward(), highlight_last=False)
    assert all(s == "known" for node_id, s in states.items() if node_id != id(graph.a[1]))


def test_graph_figure_places_every_node_with_and_without_l2():
    net = Network([2, 3, 2], seed=0)
    X, Y = np.array([[0.1], [0.2]]), np.array([[1.0], [0.0]])
    for l2 in (0.0, 0.1):
        graph = autodiff.network_graph(net, X, Y, l2=l2)
        pos = graph_layout(graph)
        drawn = [n for n in autodiff.topological_order(graph.cost) if n.requires_grad or n is graph.a[1]]
        assert all(id(n) in pos for n in drawn)
        assert len(set(pos.values())) == len(pos), "two nodes in one place"
        assert isinstance(graph_figure(graph), Figure)
        assert isinstance(graph_figure(graph, steps=2), Figure)


def test_figures_fit_the_page_and_describe_themselves():
    from bpcourse import style
    from bpcourse.plots import alt_text

    net = Network([2, 3, 2], seed=0)
    fig = graph_figure(autodiff.network_graph(net, np.array([[0.1], [0.2]]), np.array([[1.0], [0.0]]), l2=0.1))
    assert fig.get_figwidth() * style.CSS_PX_PER_INCH <= style.MAX_FIGURE_WIDTH_CSS_PX
    text = alt_text(fig)
    assert "W^3 a^2 → z^3 → a^3" in text and "L2 term" in text and "∂C/∂(node)" in text
    demo = backward_sweep_demo()
    assert demo.fig.get_figwidth() * style.CSS_PX_PER_INCH <= style.MAX_FIGURE_WIDTH_CSS_PX


def test_status_and_text_alternative_say_what_the_sweep_has_done():
    fresh = backward_sweep_demo(step=0)
    assert "Before any rule" in fresh.status_text and "no ∂C/∂zˡ is complete" in fresh.status_text
    fresh.sliders["step"].value = 3
    assert "∂C/∂z³ = (" in fresh.status_text and "= δ³" in fresh.status_text and "z²" not in fresh.status_text
    assert "3 of 8 rules" in fresh.alt and "z³" in fresh.alt
    fresh.sliders["step"].value = 4                          # the rule of z³ hands its gradient on to its parents
    assert "the bias sum at z³, passed ∂C/∂z³ on to W³a² and b³" in fresh.status_text, fresh.status_text
    fresh.close()
