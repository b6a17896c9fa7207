r"""Notebook 11's demo: the softmax Jacobian ∂a_i/∂z_j = a_i(δ_ij − a_j) as one z^L_j moves.

A softmax layer of four neurons. The left panel shows its outputs a^L_i as bars; the right
panel its Jacobian as a heatmap, row i, column j (red positive, blue negative, white 0), the
column of the chosen neuron j outlined and its cells labelled with their values (labelling every
cell would draw n² texts on each move, and text is the costly part of a redraw). Two sliders
pick j and set z^L_j; the other weighted inputs keep their starting values. Neurons count from
1, as in the notes: a^L_i is ``a[i-1]`` and ∂a_i/∂z_j is ``J[i-1, j-1]``.
"""

from __future__ import annotations

import numpy as np
from matplotlib.patches import Rectangle

from bpcourse import style
from bpcourse.activations import softmax
from bpcourse.widgets import _symbols as S
from bpcourse.widgets._demo import Demo, int_slider, new_figure, slider, styled

Array = np.ndarray

#: The weighted inputs z^L before any slider moves.
Z_START = (1.0, 0.5, -0.5, 0.0)
#: The z^L_j slider's range.
Z_MAX = 6.0
#: The heatmap's colour scale: every entry of a softmax Jacobian lies in [−1/4, 1/4].
J_MAX = 0.25
#: Edge widths (points) of the bars: the chosen neuron's bar stands out by its edge as well as its colour.
EDGE, EDGE_CHOSEN = 1.2, 4.0


def softmax_values(z) -> tuple[Array, Array]:
    """a = softmax(z) and its Jacobian J (J[i-1, j-1] = ∂a_i/∂z_j) for one column ``z``, from the package."""
    z = np.asarray(z, dtype=float).reshape(-1, 1)
    return softmax.fn(z)[:, 0], softmax.jacobian(z)[0]


def cell_text(v: float) -> str:
    """An entry of the Jacobian in a heatmap cell: three decimals, or two significant digits below 0.01
    (−3.9e−4, not −0.000), so that a faded column still shows its numbers in a cell's width."""
    if v == 0 or abs(v) >= 0.01:
        return f"{v:+.3f}".replace("-", "−")
    mantissa, exponent = f"{v:+.1e}".split("e")
    return f"{mantissa}e{int(exponent)}".replace("-", "−")


@styled
def softmax_jacobian_demo(j: int = 1, z: float | None = None, z_start=Z_START) -> Demo:
    r"""Sliders for the neuron j and its weighted input z^L_j; bars of a^L beside the heatmap of ∂a_i/∂z_j.

    Parameters
    ----------
    j : the neuron whose weighted input the second slider sets (from 1, as in the notes).
    z : the starting value of z^L_j; by default its value in ``z_start``.
    z_start : the weighted inputs z^L_1, …, z^L_n before any slider moves (2 ≤ n ≤ 6).

    Choosing another j puts the second slider back at that neuron's value in ``z_start``, so z^L
    is always ``z_start`` with the one entry z^L_j replaced.

    Readout keys: ``j``; ``z_j`` (z^L_j); ``a_1`` … ``a_n`` (a^L_i); ``a_sum`` (Σ_i a^L_i, which is 1);
    ``dadz_1`` … ``dadz_n`` (∂a_i/∂z_j, column j of the Jacobian) and ``column_sum`` (their sum,
    which is 0). The demo's ``z_start`` attribute holds the starting inputs and ``artists`` the
    bars, the heatmap, its cell labels and the outline of column j (for tests).
    """
    z_start = np.asarray(z_start, dtype=float).ravel()
    n = z_start.size
    if not 2 <= n <= 6 or not np.all(np.isfinite(z_start)):
        raise ValueError(f"z_start must hold 2 to 6 finite weighted inputs, got {z_start!r}")
    if isinstance(j, bool) or not isinstance(j, (int, np.integer)) or not 1 <= j <= n:
        raise ValueError(f"j is a neuron of the softmax layer, from 1 to {n}, got {j!r}")
    z = float(z_start[j - 1]) if z is None else float(z)

    small, text, title = style.font_size("annotation"), style.font_size("label"), style.font_size("title")
    blue, vermillion = style.colour("blue"), style.colour("vermillion")
    width = style.MAX_DEMO_WIDTH_CSS_PX / style.CSS_PX_PER_INCH                   # inches: the widest the page shows
    fig, (ax_a, ax_J) = new_figure(2, figsize=(width, 4.4), dpi=style.DPI,
                                   gridspec_kw={"width_ratios": [1.0, 1.0]})
    neurons = np.arange(1, n + 1)

    bars = ax_a.bar(neurons, np.zeros(n), width=0.6, color=blue, edgecolor="black", linewidth=EDGE)
    values = [ax_a.text(i, 0.0, "", ha="center", va="bottom", fontsize=small) for i in neurons]
    ax_a.set_xlim(0.4, n + 0.6)
    z_text = ax_a.text(0.55, 1.25, "", ha="left", va="center", fontsize=small)
    ax_a.set_ylim(0.0, 1.34)
    ax_a.set_yticks([0.0, 0.2, 0.4, 0.6, 0.8, 1.0])
    ax_a.set_xticks(neurons)
    ax_a.set_xlabel("output neuron i", fontsize=text)
    ax_a.set_ylabel(r"$a^L_i$", fontsize=text)
    ax_a.set_title(r"$a^L = \mathrm{softmax}(z^L)$", fontsize=title)
    ax_a.grid(axis="x", visible=False)

    edges = np.arange(0.5, n + 1.0)                                               # cell (i, j) centred at (j, i)
    image = ax_J.pcolormesh(edges, edges, np.zeros((n, n)), cmap="RdBu_r", vmin=-J_MAX, vmax=J_MAX)
    ax_J.set_xlim(0.5, n + 0.5)
    ax_J.set_ylim(n + 0.5, 0.5)                                                    # row 1 at the top, as in a matrix
    cells = [ax_J.text(j, r, "", ha="center", va="center", fontsize=small) for r in neurons]   # column j's values
    outline = Rectangle((j - 0.5, 0.5), 1.0, n, fill=False, edgecolor="black", linewidth=3.5)
    ax_J.add_patch(outline)
    ax_J.set_xticks(neurons)
    ax_J.set_yticks(neurons)
    ax_J.set_xlabel(r"column j: $z^L_j$ moved", fontsize=text)
    ax_J.set_ylabel(r"row i: $a^L_i$", fontsize=text)
    ax_J.set_title(r"$\partial a_i/\partial z_j = a_i(\delta_{ij} - a_j)$", fontsize=title)
    ax_J.grid(False)
    fig.tight_layout()

    def update(j, z):
        j = int(min(max(j, 1), n))
        zs = z_start.copy()
        zs[j - 1] = z
        a, J = softmax_values(zs)
        for i in neurons:
            bars[i - 1].set_height(a[i - 1])
            bars[i - 1].set_facecolor(vermillion if i == j else blue)
            bars[i - 1].set_linewidth(EDGE_CHOSEN if i == j else EDGE)
            values[i - 1].set_position((i, a[i - 1] + 0.03))
            values[i - 1].set_text(f"{a[i - 1]:.3f}")
            v = J[i - 1, j - 1]                                   # ∂a_i/∂z_j, written in its cell of column j
            cells[i - 1].set_position((j, i))
            cells[i - 1].set_text(cell_text(v))
            cells[i - 1].set_color("white" if abs(v) > 0.6 * J_MAX else "black")
        image.set_array(J.ravel())
        z_text.set_text("zᴸ = (" + ", ".join(f"{v:.1f}".replace("-", "−") for v in zs) + ")")   # plain text: no
        # mathtext to parse again on every move
        outline.set_x(j - 0.5)
        readout = {"j": j, "z_j": float(z)}
        readout.update({f"a_{i}": float(a[i - 1]) for i in neurons})
        readout["a_sum"] = float(np.sum(a))
        readout.update({f"dadz_{i}": float(J[i - 1, j - 1]) for i in neurons})
        readout["column_sum"] = float(np.sum(J[:, j - 1]))
        return readout

    controls = {
        "j": int_slider("neuron j", j, 1, n),
        "z": slider("its weighted input zᴸⱼ", z, -Z_MAX, Z_MAX, 0.1),
    }

    def back_to_start(change):
        """A new j: the z slider shows that neuron's starting input (z^L is z_start with one entry moved)."""
        controls["z"].value = float(z_start[int(change["new"]) - 1])

    controls["j"].observe(back_to_start, names="value")   # registered before the Demo's, so it runs first

    def labels(j, z):
        column = {f"dadz_{i}": f"∂a<sub>{i}</sub>/∂z<sub>{j}</sub>" for i in neurons}
        return {"j": "neuron j", "z_j": S.html("z", "L", j),
                **{f"a_{i}": S.html("a", "L", i) for i in neurons}, "a_sum": "Σ<sub>i</sub> a<sup>L</sup><sub>i</sub>",
                **column, "column_sum": f"Σ<sub>i</sub> ∂a<sub>i</sub>/∂z<sub>{j}</sub>"}

    def alt(r, v):
        j = r["j"]
        outputs = ", ".join(f"{S.sym('a', 'L', i)} = {S.number(r[f'a_{i}'], 3)}" for i in neurons)
        column = ", ".join(S.number(r[f"dadz_{i}"], 3) for i in neurons)
        return (f"Left: bars of the {n} softmax outputs, {outputs}, the bar of neuron {j} in vermillion with a "
                f"thick edge. Right: the {n} by {n} Jacobian ∂aᵢ/∂zⱼ as a heatmap, red where positive and blue "
                f"where negative; column {j} is outlined and its cells labelled: {column}, positive on the "
                f"diagonal, negative off it, summing to 0.")

    def status(r, v):
        j = r["j"]
        a_j, z_j = S.sym("a", "L", j), S.sym("z", "L", j)
        return (f"{z_j} = {S.number(r['z_j'], 3)}: {a_j} = {S.number(r[f'a_{j}'], 3)}, "
                f"∂a{S.sub(j)}/∂z{S.sub(j)} = {a_j}(1 − {a_j}) = {S.number(r[f'dadz_{j}'], 3)}; the other entries "
                f"of column {j} are −aᵢ{a_j} and bring its sum to 0.")

    # drawn in this order: the heatmap, its frame (else the image would cover it), its labels and outline on
    # top, then the bars and their labels
    animated = ([image] + list(ax_J.spines.values()) + cells + [outline]
                + list(bars) + values + [z_text])
    demo = Demo(fig, controls, update, title="The softmax Jacobian: move one zᴸⱼ, watch every aᴸᵢ and ∂aᵢ/∂zⱼ",
                animated=animated, labels=labels, alt=alt, status=status)
    demo.attach(z_start=z_start,
                artists=dict(bars=list(bars), image=image, cells=cells, outline=outline, values=values, z_text=z_text))
    return demo
