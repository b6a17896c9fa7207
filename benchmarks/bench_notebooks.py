"""How fast is the course in a lecture? Notebook run times and slider-update latency.

    python benchmarks/bench_notebooks.py            # every notebook and every demo
    python benchmarks/bench_notebooks.py --demos    # only the slider demos

For each notebook: wall time to execute it top to bottom in a fresh kernel (as nbval does).
For each demo in bpcourse.widgets: every control is moved through many values; one update is
compute + redraw + PNG encode, as Demo.refresh does it; we report the median and the 95th
percentile, and the median of each phase (the demo's own computing, matplotlib's drawing, the PNG
encoding, the widgets' table and texts), so that a slow control shows where its time goes.
Targets on the 2-core reference machine: notebook <= 15 s, median update <= 50 ms.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import time
from pathlib import Path

import ipywidgets as widgets
import numpy as np

ROOT = Path(__file__).resolve().parents[1]


def control_values(control, n: int) -> list:
    """n values spread over a control's range (all options for a dropdown)."""
    if isinstance(control, (widgets.Dropdown, widgets.ToggleButtons, widgets.RadioButtons, widgets.SelectionSlider)):
        options = [o[1] if isinstance(o, tuple) else o for o in control.options]
        return [options[i % len(options)] for i in range(n)]
    if isinstance(control, widgets.Checkbox):
        return [bool(i % 2) for i in range(n)]
    if isinstance(control, widgets.FloatLogSlider):
        exponents = np.linspace(control.min, control.max, n)
        return [float(control.base ** e) for e in np.concatenate([exponents[::2], exponents[1::2]])]
    lo, hi = control.min, control.max
    if isinstance(control, (widgets.IntSlider, widgets.IntRangeSlider)):
        span = list(range(lo, hi + 1))
        return [span[i % len(span)] for i in range(n)]
    values = np.linspace(lo, hi, n)
    return [float(v) for v in np.concatenate([values[::2], values[1::2]])]  # jump about, not only creep


PHASES = ("update", "draw", "encode", "widgets")


def bench_demos(steps: int) -> list[tuple]:
    """One row per control of every demo: (demo, control, build s, updates, median ms, p95 ms, phase medians ms)."""
    import bpcourse.widgets as bw

    rows = []
    for name in bw.DEMOS:
        t0 = time.perf_counter()
        demo = getattr(bw, name)()
        build = time.perf_counter() - t0
        for control_name, control in demo.sliders.items():
            start = control.value
            demo.timings.clear()
            demo.phases.clear()
            for v in control_values(control, steps):
                control.value = v
            t = np.array(demo.timings) * 1000
            phases = [1000 * np.median([p[phase] for p in demo.phases]) for phase in PHASES]
            control.value = start
            rows.append((name, control_name, build, len(t), np.median(t), np.percentile(t, 95), phases))
        demo.close()
    return rows


@contextlib.contextmanager
def quiet_stderr():
    saved = os.dup(2)
    with open(os.devnull, "w") as devnull:
        os.dup2(devnull.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)


def bench_notebooks() -> list[tuple]:
    import nbformat
    from nbclient import NotebookClient

    env_path = str(ROOT)
    os.environ["PYTHONPATH"] = env_path + os.pathsep + os.environ.get("PYTHONPATH", "")
    rows = []
    notebooks = ROOT / "notebooks"
    paths = sorted(notebooks.glob("[0-9][0-9]_*.ipynb")) + sorted((notebooks / "solutions").glob("*.ipynb"))
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        t0 = time.perf_counter()
        client = NotebookClient(nb, timeout=600, kernel_name="python3",
                                resources={"metadata": {"path": str(path.parent)}})
        with quiet_stderr():  # the kernel's start-up warnings are not part of the table
            client.execute()
        rows.append((str(path.relative_to(ROOT / "notebooks")), time.perf_counter() - t0))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--demos", action="store_true", help="only the slider demos")
    parser.add_argument("--steps", type=int, default=40, help="values per control (default 40)")
    args = parser.parse_args()

    print("Slider demos: one update = compute + redraw + PNG encode (phase columns: medians in ms)")
    print(f"{'demo':28s} {'control':12s} {'build s':>8s} {'updates':>8s} {'median ms':>10s} {'p95 ms':>8s}"
          + "".join(f" {phase:>8s}" for phase in PHASES))
    for name, control, build, n, med, p95, phases in bench_demos(args.steps):
        flag = "" if med <= 50 else "  (over the 50 ms target)"
        print(f"{name:28s} {control:12s} {build:8.2f} {n:8d} {med:10.1f} {p95:8.1f}"
              + "".join(f" {ms:8.1f}" for ms in phases) + flag)
    if args.demos:
        return
    print("\nNotebooks: execution in a fresh kernel (nbclient, as nbval runs them)")
    print(f"{'notebook':60s} {'seconds':>8s}")
    total = 0.0
    for name, seconds in bench_notebooks():
        total += seconds
        flag = "" if seconds <= 15 else "  (over the 15 s target)"
        print(f"{name:60s} {seconds:8.1f}{flag}")
    print(f"{'total':60s} {total:8.1f}")


if __name__ == "__main__":
    main()
