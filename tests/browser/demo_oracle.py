"""The numbers a notebook's slider demo should show, computed without a browser or a kernel.

Run as a child process (``python demo_oracle.py NOTEBOOK CELL_INDEX``): it executes the
notebook's code up to the demo cell, keeps the Demo that cell returns, then answers one JSON
request per line on stdin: ``{"values": [[slider description, value], ...]}`` sets those sliders
(from Python, synchronously) and replies ``{"rows": [[name, shown text, data-value], ...], "png": base64}``,
exactly what :class:`bpcourse.widgets._demo.Demo` puts in its readout table (each row's key, the
text of its value cell and that cell's full-precision ``data-value``, None for a value that is not a
number) and image; with ``"texts": true`` in the request it replies ``{"alt": …, "status": …}``
instead, the image's text alternative and the status line's sentence.

A child process keeps the notebook's global settings (``setup_notebook`` changes matplotlib's
rcParams) out of the test process.
"""

from __future__ import annotations

import ast
import base64
import contextlib
import json
import re
import subprocess
import sys
from pathlib import Path


def _clean(source: str) -> str:
    """The cell's Python without IPython magics and shell escapes (they need a kernel)."""
    return "\n".join("pass" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines())


def _run_cell(source: str, namespace: dict, filename: str):
    """Execute a cell like IPython does: the value of its last expression is returned."""
    tree = ast.parse(_clean(source), filename)
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    exec(compile(tree, filename, "exec"), namespace)
    if last is not None:
        return eval(compile(ast.Expression(last.value), filename, "eval"), namespace)
    return None


def build_demo(notebook: Path, cell_index: int):
    """Run the code cells before ``cell_index`` and then the demo cell.

    First only the cells that import something (the setup cell), else, if the demo needs a name
    defined further down, every code cell before it."""
    import nbformat

    from bpcourse.widgets._demo import Demo

    cells = nbformat.read(notebook, as_version=4).cells
    before = [c.source for c in cells[:cell_index] if c.cell_type == "code"]
    target = cells[cell_index]
    if target.cell_type != "code":
        raise ValueError(f"cell {cell_index} of {notebook.name} is not a code cell")
    imports = [source for source in before if re.search(r"^(from|import) ", source, re.MULTILINE)]
    attempts = [imports, before] if imports != before else [before]
    for n, prefix in enumerate(attempts):
        namespace = {"__name__": "__main__", "display": lambda *args, **kwargs: None}
        try:
            for i, source in enumerate(prefix):
                _run_cell(source, namespace, f"<{notebook.name} code cell {i}>")
            value = _run_cell(target.source, namespace, f"<{notebook.name} cell {cell_index}>")
        except NameError:
            if n == len(attempts) - 1:
                raise
            continue
        if isinstance(value, Demo):
            return value
        demos = [v for v in namespace.values() if isinstance(v, Demo)]
        if demos:
            return demos[-1]
        raise ValueError(f"cell {cell_index} of {notebook.name} makes no Demo")


def _controls_by_label(demo) -> dict:
    by_label = {}
    for name, control in demo.sliders.items():
        by_label[name] = control
        by_label[getattr(control, "description", name) or name] = control
    return by_label


def _bp4_slopes(demo, l: int, j: int, k: int) -> dict:
    """For a BP4 demo (with ``net``, ``x``, ``y``): ∂C/∂w^l_jk by BP4 from the package, and by central differences,
    with its two factors a^{l-1}_k and δ^l_j.

    Neurons count from 1, as on the page: w^l_jk is ``net.W(l)[j-1, k-1]``. δ^l comes from the
    package's BP1 and then BP2 layer by layer down to l, then ``bp4(δ^l, a^{l-1})[j-1, k-1]`` is
    a^{l-1}_k δ^l_j.
    """
    from bpcourse.equations import bp1, bp2, bp4

    net, x, y = demo.net, demo.x, demo.y
    if not (2 <= l <= net.L and 1 <= j <= net.sizes[l - 1] and 1 <= k <= net.sizes[l - 2]):
        raise ValueError(f"w^{l}_{j}{k} is not a weight of a network of sizes {net.sizes}")
    cache = net.forward(x)
    delta = bp1(net.cost_fn.grad_a(cache.a(net.L), y), cache.z(net.L), net.sigma(net.L))   # δ^L
    for layer in range(net.L - 1, l - 1, -1):                                            # δ^{L-1} … δ^l
        delta = bp2(net.W(layer + 1), delta, cache.z(layer), net.sigma(layer))
    slope = float(bp4(delta, cache.a(l - 1))[j - 1, k - 1])
    a_k, delta_j = float(cache.a(l - 1)[k - 1, 0]), float(delta[j - 1, 0])
    probe, h = net.copy(), 1e-6
    w = probe.W(l)[j - 1, k - 1]
    probe.W(l)[j - 1, k - 1] = w + h
    c_plus = probe.cost(x, y)
    probe.W(l)[j - 1, k - 1] = w - h
    c_minus = probe.cost(x, y)
    return {"slope": slope, "fd": float((c_plus - c_minus) / (2 * h)), "a_k": a_k, "delta_j": delta_j}


def _number(value) -> str | None:
    """A readout value as the table's ``data-value`` holds it (a number in full precision), or None."""
    import numpy as np

    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
        return None
    return repr(float(value))


def serve(notebook: Path, cell_index: int) -> None:
    from bpcourse.widgets._demo import _format

    out = sys.stdout
    with contextlib.redirect_stdout(sys.stderr):  # the notebook's prints must not reach the protocol
        demo = build_demo(notebook, cell_index)
        controls = _controls_by_label(demo)
        described = [{"name": name, "label": getattr(c, "description", "") or name, "value": c.value,
                      "min": getattr(c, "min", None), "max": getattr(c, "max", None), "step": getattr(c, "step", None),
                      "integer": isinstance(c.value, int)} for name, c in demo.sliders.items()]
        out.write(json.dumps({"controls": described}) + "\n")
        out.flush()
        for line in sys.stdin:
            request = json.loads(line)
            if "bp4" in request:
                out.write(json.dumps(_bp4_slopes(demo, *request["bp4"])) + "\n")
                out.flush()
                continue
            for label, value in request["values"]:
                control = controls[label]
                control.value = int(round(value)) if isinstance(control.value, int) else float(value)
            if request.get("texts"):
                out.write(json.dumps({"alt": demo.alt, "status": demo.status_text}) + "\n")
                out.flush()
                continue
            reply = {"rows": [[k, _format(v), _number(v)] for k, v in demo.readout.items()],
                     "png": base64.b64encode(demo.png).decode()}
            out.write(json.dumps(reply) + "\n")
            out.flush()


class DemoOracle:
    """A child process holding the notebook's demo; ``oracle(values)`` → (rows, png bytes)."""

    def __init__(self, notebook: Path, cell_index: int, env: dict | None = None):
        self.process = subprocess.Popen([sys.executable, __file__, str(notebook), str(cell_index)],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)
        ready = self.process.stdout.readline()
        if not ready:
            self.close()
            raise RuntimeError(f"could not build the demo of {notebook.name} cell {cell_index} outside the kernel")
        self.controls = json.loads(ready)["controls"]

    def __call__(self, values: list) -> tuple[list, bytes]:
        self.process.stdin.write(json.dumps({"values": values}) + "\n")
        self.process.stdin.flush()
        reply = json.loads(self.process.stdout.readline())
        return reply["rows"], base64.b64decode(reply["png"])

    def texts(self, values: list) -> dict:
        """{"alt": the plot's text alternative, "status": the status line's sentence} for these slider values."""
        self.process.stdin.write(json.dumps({"values": values, "texts": True}) + "\n")
        self.process.stdin.flush()
        return json.loads(self.process.stdout.readline())

    def bp4_slopes(self, l: int, j: int, k: int) -> dict:
        """For w^l_jk (j and k from 1): {"slope": a^{l-1}_k δ^l_j by the package's BP1, BP2, BP4,
        "fd": its central difference, "a_k": a^{l-1}_k, "delta_j": δ^l_j}."""
        self.process.stdin.write(json.dumps({"bp4": [l, j, k]}) + "\n")
        self.process.stdin.flush()
        return json.loads(self.process.stdout.readline())

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.stdin.close()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


if __name__ == "__main__":
    serve(Path(sys.argv[1]), int(sys.argv[2]))
