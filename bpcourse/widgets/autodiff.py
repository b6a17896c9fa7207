r"""Notebook 12's figure and demo: a network's cost as a computational graph, and the backward sweep.

The graph is the one :func:`bpcourse.autodiff.network_graph` builds: for each layer l a matrix
product W^l a^{l-1}, a sum with the bias b^l giving z^l, and σ giving a^l; then the costs C_x
and their mean C. The demo's slider runs the sweep one local rule at a time: a node turns
coloured once its gradient ∂C/∂node is complete (every node that uses it has run its rule),
and each z^l's gradient is read out beside δ^l from BP1 and BP2.
"""

from __future__ import annotations

import numpy as np
from matplotlib.patches import FancyBboxPatch

from bpcourse import Network, autodiff, style
from bpcourse.plots import set_alt_text
from bpcourse.style import colour, points_for_css_px
from bpcourse.widgets import _symbols as S
from bpcourse.widgets._demo import Demo, int_slider, new_figure, slider, styled

Array = np.ndarray

TEXT = points_for_css_px(15)
SMALL = points_for_css_px(14)
STATE_COLOURS = {"waiting": "#FFFFFF", "known": colour("sky"), "running": colour("orange")}


def _label(node, graph) -> str:
    """The node's name in the notes' notation, as matplotlib mathtext."""
    if node.op == "‖·‖²":
        return rf"$\|{_label(node.parents[0], graph)[1:-1]}\|^2$"
    if node.op == "*" and not node.parents[0].requires_grad:
        return r"$\frac{\lambda}{2}\sum_l \|W^l\|^2$"
    for l, z in graph.z.items():
        if node is z:
            return rf"$z^{l}$"
        if node is z.parents[0]:
            return rf"$W^{l}a^{{{l - 1}}}$"
    for names, symbol in ((graph.W, "W"), (graph.b, "b"), (graph.a, "a")):
        for l, other in names.items():
            if node is other:
                return r"$x = a^1$" if symbol == "a" and l == 1 else rf"${symbol}^{l}$"
    if node is graph.per_example:
        return r"$C_x$"
    if node is graph.cost:
        return r"$C$"
    if node.op == "mean":
        return r"$\frac{1}{m}\sum_x C_x$"
    return node.name or node.op


OPS = {"@": "product", "+": "+", "mean": "mean", "*": "×", "‖·‖²": "", "neg": "−"}
#: Figures are at most this wide (inches), so that a notebook shows them at full size.
WIDTH = style.MAX_FIGURE_WIDTH_CSS_PX / style.CSS_PX_PER_INCH


def graph_layout(graph) -> dict:
    """Positions (x, y) of the nodes to draw, by ``id``.

    The main chain a^1 → W^l a^{l-1} → z^l → a^l → … → C_x → C runs along y = 0, each W^l
    above its product and each b^l above its z^l; the L2 term's nodes, if any, form a row above
    the parameters, and the sums of those terms and their factor λ/2 a row higher still. Constants other
    than the input (the number λ/2 itself) are not drawn.
    """
    pos = {id(graph.a[1]): (0.0, 0.0)}
    x = 0.0
    for l in sorted(graph.z):
        product = graph.z[l].parents[0]
        pos[id(product)] = (x + 1, 0.0)
        pos[id(graph.W[l])] = (x + 1, 1.3)
        pos[id(graph.z[l])] = (x + 2, 0.0)
        pos[id(graph.b[l])] = (x + 2, 1.3)
        pos[id(graph.a[l])] = (x + 3, 0.0)
        x += 3
    pos[id(graph.per_example)] = (x + 1, 0.0)
    x += 2
    order = autodiff.topological_order(graph.cost)
    mean = next(n for n in order if graph.per_example in n.parents)
    pos[id(mean)] = (x, 0.0)
    if graph.cost is not mean:
        x += 1
        pos[id(graph.cost)] = (x, 0.0)
    top = [n for n in order if id(n) not in pos and n.requires_grad]
    x_top = 0.0
    for node in top:
        if node.op == "‖·‖²":                       # above the W^l it squares
            x_top = pos[id(node.parents[0])][0] + 0.6
            pos[id(node)] = (x_top, 2.6)
    x_top += 0.9
    for node in top:
        if id(node) not in pos:                     # the sums of the ‖W^l‖² and the λ/2 factor, a row higher,
            pos[id(node)] = (min(x_top, x - 0.2), 3.7)   # so that no edge into a sum crosses another ‖W^l‖²
            x_top += 1.4
    return pos


def draw_graph(ax, graph, numbers: str = "all") -> list:
    """Draw the graph's nodes and edges on ``ax``; return ``[(box, grad_text), …]`` in topological order.

    Each box shows the node's symbol and, under it, the operation that made it; edges point
    from a node to the nodes computed from it (the forward direction). ``grad_text`` is an
    empty label (under the operation, or beside a parameter) for the gradient once it is
    known. Nodes not drawn (constants) get ``(None, None)``. With ``numbers="input"`` only the input
    gets one (the others' ``grad_text`` is None), for a demo that redraws the numbers at every move.
    """
    pos = graph_layout(graph)
    order = autodiff.topological_order(graph.cost)
    artists, boxes = [], {}
    for node in order:
        if id(node) not in pos:
            artists.append((None, None))
            continue
        x, y = pos[id(node)]
        is_input = node is graph.a[1]
        op = OPS.get(node.op, node.op) if node.op else ("input" if is_input else "")
        if node.op in autodiff.ACTIVATIONS:
            op = node.op
        elif node.op == "+" and node in graph.z.values():
            op = "+ bias"
        box = ax.text(x, y, _label(node, graph), ha="center", va="center", fontsize=TEXT, zorder=3,
                      bbox=dict(boxstyle="round,pad=0.35", fc=STATE_COLOURS["waiting"], ec=colour("black"), lw=1.2))
        boxes[id(node)] = box
        ax.text(x, y - 0.3, op, ha="center", va="top", fontsize=SMALL, color=colour("grey"), zorder=3)
        if numbers == "input" and not is_input:
            grad = None
        elif node.op or is_input:                # the input's values in black: they are not a gradient
            grad = ax.text(x, y - 0.62, "", ha="center", va="top", fontsize=SMALL, zorder=3,
                           color=colour("black") if is_input else colour("blue"))
        else:                                   # a parameter: its gradient beside its edge, down and to the right
            grad = ax.text(x + 0.1, y - 0.32, "", ha="left", va="top", fontsize=SMALL, color=colour("blue"), zorder=3)
        artists.append((box, grad))
    for node in order:                          # drawn after the boxes, each edge ends at the edge of its boxes
        for parent in node.parents:
            if id(parent) in pos and id(node) in pos:
                ax.annotate("", xy=pos[id(node)], xytext=pos[id(parent)], zorder=3,
                            arrowprops=dict(arrowstyle="-|>", color=colour("grey"), lw=1.2, shrinkA=4, shrinkB=4,
                                            patchA=boxes[id(parent)].get_bbox_patch(),
                                            patchB=boxes[id(node)].get_bbox_patch()))
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    known = "∂C/∂(node) complete" + (", written under it" if numbers == "all" else "")
    legend = [("waiting", "waiting"), ("known", known), ("running", "its rule just ran")]
    for (state, text), x_axes in zip(legend, (0.01, 0.2, 0.72)):
        frame = dict(fc="white", ec=STATE_COLOURS[state] if state != "waiting" else colour("black"),
                     lw=3.0 if state != "waiting" else 1.0) if numbers != "all" else \
            dict(fc=STATE_COLOURS[state], ec=colour("black"), lw=1.0)
        ax.text(x_axes, 0.03, text, ha="left", va="bottom", fontsize=SMALL, transform=ax.transAxes,
                bbox=dict(boxstyle="round,pad=0.3", **frame))
    ax.set_xlim(min(xs) - 0.6, max(xs) + 0.6)
    ax.set_ylim(min(ys) - 1.7, max(ys) + 0.5)
    ax.set_axis_off()
    return artists


def _short(value: Array) -> str:
    """A gradient in a few characters: its entries, one per line, if there are at most two, else its norm."""
    v = np.ravel(value)
    if v.size <= 2:
        return "\n".join(f"{x:.3f}" for x in v)
    return f"‖·‖ {np.linalg.norm(v):.3f}"


def sweep_states(graph, ran: list, highlight_last: bool = True) -> dict:
    """``{id(node): state}`` after the rules in ``ran`` have run: 'running' for the last one,
    'known' for every node whose gradient is complete (all nodes that use it have run, or it
    is C itself), 'waiting' for the rest."""
    order = autodiff.topological_order(graph.cost)
    users: dict = {id(n): [] for n in order}
    for node in order:
        for p in node.parents:
            users[id(p)].append(node)
    done = {id(n) for n in ran}
    states = {}
    for node in order:
        complete = node is graph.cost or (users[id(node)] and all(id(u) in done for u in users[id(node)]))
        states[id(node)] = "known" if complete else "waiting"
    if ran and highlight_last:
        states[id(ran[-1])] = "running"
    return states


def paint(artists: list, graph, ran: list, highlight_last: bool = True) -> None:
    """Colour the boxes by :func:`sweep_states` and write each known gradient under its node
    (and the input's values under the input, which has no gradient).

    ``artists`` are :func:`draw_graph`'s, for this graph or one of the same shape (the same
    network on another input), matched by position in the topological order.
    """
    states = sweep_states(graph, ran, highlight_last)
    for node, (box, grad) in zip(autodiff.topological_order(graph.cost), artists):
        if box is None:
            continue
        state = states[id(node)]
        if grad is None:                      # drawn with numbers="input": its state shows in its frame
            continue
        if node is graph.a[1]:                 # an input needs no gradient: it shows its values, in black
            box.get_bbox_patch().set_facecolor(STATE_COLOURS["waiting"])
            grad.set_text("values:\n" + _short(node.value))
            continue
        box.get_bbox_patch().set_facecolor(STATE_COLOURS[state])
        known = state != "waiting" and node.requires_grad
        grad.set_text(_short(node.grad) if known else "")


def state_frames(ax, artists: list) -> list:
    """A frame just outside each drawn box, to show the node's state by its colour (see :func:`paint_frames`).

    A frame is a patch with no text, so a demo redraws the frames at each move far faster than the
    boxes themselves (whose labels stay in the cached background).
    """
    fig = ax.figure
    fig.canvas.draw()                                      # lays the boxes out
    renderer = fig.canvas.get_renderer()
    to_data = ax.transData.inverted()
    frames = []
    for box, _ in artists:
        if box is None:
            frames.append(None)
            continue
        extent = box.get_bbox_patch().get_window_extent(renderer)
        (x0, y0), (x1, y1) = to_data.transform([[extent.x0, extent.y0], [extent.x1, extent.y1]])
        pad_x, pad_y = 0.06, 0.07
        frame = FancyBboxPatch((x0 - pad_x, y0 - pad_y), x1 - x0 + 2 * pad_x, y1 - y0 + 2 * pad_y,
                               boxstyle="round,pad=0", fill=False, lw=3.5, zorder=4, visible=False)
        ax.add_patch(frame)
        frames.append(frame)
    return frames


def paint_frames(frames: list, graph, ran: list) -> None:
    """Show the frame of every node whose gradient is complete (blue) or whose rule just ran (orange)."""
    states = sweep_states(graph, ran)
    for node, frame in zip(autodiff.topological_order(graph.cost), frames):
        if frame is None:
            continue
        state = "waiting" if node is graph.a[1] else states[id(node)]
        frame.set_visible(state != "waiting")
        frame.set_edgecolor(STATE_COLOURS[state])


def graph_figure(graph, steps=None, title=None):
    """The computational graph of ``graph`` after ``steps`` rules of the sweep (None: all of them).

    Runs ``graph.backward(steps)`` and returns the Figure.
    """
    ran = graph.backward(steps)
    rows = max(y for _, y in graph_layout(graph).values()) - 1.3      # 0, or 2.4 with the L2 term's two rows
    fig, ax = new_figure(figsize=(WIDTH, 4.6 + 0.8 * rows), dpi=style.CSS_PX_PER_INCH)
    artists = draw_graph(ax, graph)
    paint(artists, graph, ran, highlight_last=steps is not None)
    if title is None:
        title = ("the backward sweep, complete: every node holds ∂C/∂(node)" if steps is None else
                 f"the backward sweep after {len(ran)} rule{'s' if len(ran) != 1 else ''}")
    ax.set_title(title, fontsize=TEXT)
    fig.tight_layout()
    L = max(graph.z)
    chain = " → ".join(["x = a^1"] + [f"W^{l} a^{l - 1} → z^{l} → a^{l}" for l in range(2, L + 1)] + ["C_x → C"])
    decay = " The L2 term (λ/2) Σ ‖W^l‖² forms a second path from each W^l to C." if len(graph.W) and any(
        n.op == "‖·‖²" for n in autodiff.topological_order(graph.cost)) else ""
    known = "every node is marked with its gradient ∂C/∂(node)" if steps is None else \
        f"the first {len(ran)} rules have run and the nodes whose gradient is complete are marked with it"
    known += " (the input x, which needs none, with its values)"
    return set_alt_text(fig, f"Computational graph of the cost of a network with {L} layers: {chain}, with W^l "
                             f"and b^l feeding layer l.{decay} Arrows point forward; after the backward sweep "
                             f"{known}.")


def sweep_network(seed: int = 2) -> tuple[Network, Array]:
    """The demo's 2-2-2 sigmoid network with the quadratic cost, and its target y."""
    net = Network([2, 2, 2], activation="sigmoid", cost="quadratic", seed=seed)
    return net, np.array([[1.0], [0.0]])


#: Each operation of the demo's graph as the readout and the status line name it.
_OPERATION = {"@": "product", "+": "bias sum", "sigmoid": "σ", "quadratic": "cost", "mean": "mean"}


def _plain(node, graph) -> str:
    """A node's name in plain text with Unicode super- and subscripts (for sentences): W³a², z², C."""
    for l, z in graph.z.items():
        if node is z:
            return S.sym("z", l)
        if node is z.parents[0]:
            return f"{S.sym('W', l)}{S.sym('a', l - 1)}"
    for symbol, nodes in (("a", graph.a), ("W", graph.W), ("b", graph.b)):
        for l, other in nodes.items():
            if node is other:
                return S.sym(symbol, l)
    return {id(graph.per_example): "Cₓ", id(graph.cost): "C"}.get(id(node), node.name)


def _pair(v) -> str:
    return "(" + ", ".join(S.number(x, 4) for x in np.ravel(v)) + ")"


@styled
def backward_sweep_demo(step=None, x1: float = 0.5, seed: int = 2) -> Demo:
    r"""A slider runs the backward sweep on a 2-2-2 network one local rule at a time.

    Parameters
    ----------
    step : how many rules have run (0 to the number of operations in the graph); None: all of them.
    x1 : the first input x_1 (x_2 = 0.8); the sweep is rerun for each value.
    seed : the network's weights.

    Readout keys: ``step`` (rules run), ``rule`` (the node whose rule ran last and its operation),
    ``dCdz3`` and ``dCdz2`` (the engine's gradient ∂C/∂z^l, once complete, else "not yet"),
    ``delta3`` and ``delta2`` (δ^l from ``net.errors``, by BP1 and BP2), which agree; ``C``, the cost.
    """
    net, y = sweep_network(seed)

    def build(x1):
        return autodiff.network_graph(net, np.array([[x1], [0.8]]), y)

    graph = build(x1)
    n_rules = len(graph.backward())
    step = n_rules if step is None else step
    fig, ax = new_figure(figsize=(WIDTH, 4.2))
    artists = draw_graph(ax, graph, numbers="input")
    ax.set_title("the backward sweep of a 2-2-2 network, one rule at a time", fontsize=TEXT)
    fig.tight_layout()
    frames = state_frames(ax, artists)
    current = {"graph": graph, "x1": x1, "ran": []}

    def update(step, x1):
        if x1 != current["x1"]:
            current["graph"], current["x1"] = build(x1), x1
        graph = current["graph"]
        ran = current["ran"] = graph.backward(step)
        paint(artists, graph, ran)                           # the input's values (the boxes stay white)
        paint_frames(frames, graph, ran)
        last = ran[-1] if ran else None
        errors = net.errors(graph.a[1].value, y)             # errors.delta(l) is δ^l, by BP1 and BP2
        states = sweep_states(graph, ran)
        out = {"step": len(ran),
               "rule": f"{_plain(last, graph)} ({_OPERATION.get(last.op, last.op)})" if last else "none"}
        for l in (3, 2):
            known = states[id(graph.z[l])] != "waiting"
            out[f"dCdz{l}"] = graph.z[l].grad.ravel().copy() if known else "not yet"
            out[f"delta{l}"] = errors.delta(l).ravel().copy()
        out["C"] = float(graph.cost.value)
        return out

    labels = {"step": "rules run", "rule": "the rule just run",
              "dCdz3": "∂C/∂z<sup>3</sup>, by the sweep", "delta3": "δ<sup>3</sup>, by BP1",
              "dCdz2": "∂C/∂z<sup>2</sup>, by the sweep", "delta2": "δ<sup>2</sup>, by BP2", "C": "cost C"}

    def alt(r, v):
        graph = current["graph"]
        done = [_plain(n, graph) for n in autodiff.topological_order(graph.cost)
                if sweep_states(graph, current["ran"])[id(n)] != "waiting" and n.requires_grad]
        return (f"Computational graph of a 2-2-2 network's cost on the input x = ({S.number(v['x1'], 3)}, 0.8): "
                f"x → W²a¹ → z² → a² → W³a² → z³ → a³ → Cₓ → C, with W and b of each layer above it. "
                f"{r['step']} of {n_rules} rules of the backward sweep have run; framed, the nodes whose gradient "
                f"is complete: {', '.join(done)}.")

    def status(r, v):
        graph = current["graph"]
        ran = current["ran"]
        if ran:
            last = ran[-1]
            onto = " and ".join(_plain(p, graph) for p in last.parents if p.requires_grad)
            head = (f"After {len(ran)} of {n_rules} rules (the last, the {_OPERATION.get(last.op, last.op)} at "
                    f"{_plain(last, graph)}, passed ∂C/∂{_plain(last, graph)} on to {onto})")
        else:
            head = "Before any rule, only ∂C/∂C = 1 is known"
        known = [f"∂C/∂{S.sym('z', l)} = {_pair(r[f'dCdz{l}'])} = {S.sym('δ', l)}" for l in (3, 2)
                 if not isinstance(r[f"dCdz{l}"], str)]
        return head + (": " + "; ".join(known) + "." if known else "; no ∂C/∂zˡ is complete yet.")

    controls = {
        "step": int_slider("rules run", step, 0, n_rules),
        "x1": slider("input x₁", x1, -2.0, 2.0, 0.1),
    }
    # Everything with text stays in one cached background; a move redraws the frames (patches, fast)
    # and the input's values. The status line under the figure says which rule ran last.
    moving = [f for f in frames if f is not None] + [grad for _, grad in artists if grad is not None]
    demo = Demo(fig, controls, update, title="Reverse mode, one rule at a time: the gradient flowing into zˡ is δˡ",
                animated=moving, labels=labels, alt=alt, status=status)
    demo.net = net
    demo.n_rules = n_rules
    demo.graph = lambda: current["graph"]
    return demo
