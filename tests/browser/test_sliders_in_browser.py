"""Slider demos in a real browser: JupyterLab in headless Chromium, driven like a student would.

For each notebook: open it, Run All Cells from the menu, find its first slider demo, then move a
float slider with the keyboard (one ArrowRight/ArrowLeft step) and by dragging its handle with the
mouse, then step its first integer slider (a layer or neuron index) with the keyboard.
After each move the readout table must show exactly the numbers that the package computes for the
slider values now shown (computed in a separate process without a browser: see demo_oracle.py),
and the plot's PNG must change and match the package's picture.
"""

from __future__ import annotations

import os

import labdriver as ld
import pytest
from demo_checks import assert_changed, pick_slider, picture_difference, value_of, wait_for_right_numbers
from demo_oracle import DemoOracle

pytestmark = pytest.mark.browser

#: The BP4 notebook and two others (a first chapter and a BP chapter with a different demo).
NOTEBOOKS = os.environ.get(
    "BPCOURSE_BROWSER_NOTEBOOK_NAMES",
    "06_bp4_weight_gradient.ipynb,01_forward_pass.ipynb,03_bp1_output_error.ipynb").split(",")

def check_bp4_readout(state: dict, oracle: DemoOracle) -> None:
    """The BP4 demo's page shows slope = a^{l-1}_k δ^l_j of its network (package and finite differences),
    and the predicted ΔC = slope · Δw for the Δw on the page."""
    rows = dict(state["rows"])
    missing = {"l", "j", "k", "slope_bp4", "dC_pred"} - set(rows)
    assert not missing, f"the BP4 demo's readout lacks {sorted(missing)} (it shows {list(rows)})"
    l, j, k = (int(float(rows[name])) for name in ("l", "j", "k"))
    want = oracle.bp4_slopes(l, j, k)
    shown = float(rows["slope_bp4"])
    assert shown == pytest.approx(want["slope"], rel=1e-5, abs=1e-12), (l, j, k, shown, want)
    assert shown == pytest.approx(want["fd"], rel=1e-4, abs=1e-9), (l, j, k, shown, want)
    dw = next(s["value"] for s in state["sliders"] if s["label"] in ("Δw", "dw"))
    assert float(rows["dC_pred"]) == pytest.approx(want["slope"] * dw, rel=1e-5, abs=1e-12)


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_slider_demo_in_jupyterlab(notebook, lab_server, lab_page):
    path = lab_server.root / notebook
    assert path.exists(), f"{notebook} is not in the notebooks folder"
    ld.open_notebook(lab_page, lab_server, notebook)
    ld.run_all_cells(lab_page)
    demo = ld.find_demo(lab_page)
    start = ld.read_demo(demo)
    assert start["png"][:8] == b"\x89PNG\r\n\x1a\n", "the demo's image is not a PNG"

    with DemoOracle(path, start["cellIndex"], env=ld.repo_env()) as oracle:
        # As rendered by Run All: the numbers and picture of the demo's default slider values.
        start, png = wait_for_right_numbers(demo, oracle, moved=lambda state: True)
        assert picture_difference(start["png"], png) < 0.01, "the first picture differs from the package's"

        control = pick_slider(oracle)
        label, step = control["label"], control["step"]
        v0 = value_of(start, label)
        key, sign = ("ArrowRight", 1) if v0 + step <= control["max"] + 1e-9 else ("ArrowLeft", -1)

        # Keyboard: one arrow key moves the slider one step.
        ld.press_key(demo, label, key)
        target = v0 + sign * step
        by_key, png = wait_for_right_numbers(
            demo, oracle, moved=lambda state: abs(value_of(state, label) - target) <= 1e-6 * max(1, abs(step)))
        assert_changed(start, by_key, f"{label} {key}")
        assert picture_difference(by_key["png"], png) < 0.01, "after the key press the picture is not the package's"

        # Mouse: drag the handle most of the way across the track.
        span = control["max"] - control["min"]
        fraction = 0.85 if (v0 - control["min"]) / span < 0.5 else 0.15
        ld.drag_to(demo, label, fraction)
        wanted = control["min"] + fraction * span

        def dragged(state):
            return abs(value_of(state, label) - wanted) <= 0.05 * span + step

        by_mouse, png = wait_for_right_numbers(demo, oracle, moved=dragged)
        assert_changed(by_key, by_mouse, f"{label} dragged")
        assert picture_difference(by_mouse["png"], png) < 0.01, "after the drag the picture is not the package's"

        if notebook.startswith("06_"):
            check_bp4_readout(by_mouse, oracle)

        # An integer slider too (a layer or neuron index such as l, j, k), one key step.
        integers = [c for c in oracle.controls if c["integer"] and c["step"] and c["max"] > c["min"]]
        if integers:
            index = integers[0]
            n0 = value_of(by_mouse, index["label"])
            key, sign = ("ArrowRight", 1) if n0 + index["step"] <= index["max"] else ("ArrowLeft", -1)
            ld.press_key(demo, index["label"], key)
            n1 = n0 + sign * index["step"]
            by_index, png = wait_for_right_numbers(
                demo, oracle, moved=lambda state: value_of(state, index["label"]) == n1)
            assert by_index["png"] != by_mouse["png"] or by_index["rows"] != by_mouse["rows"], \
                f"{index['label']} {key} changed nothing in the page"
            assert picture_difference(by_index["png"], png) < 0.01, \
                f"after {index['label']} {key} the picture is not the package's"
