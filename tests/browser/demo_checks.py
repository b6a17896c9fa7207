"""What the browser tests check of a slider demo on a page, in JupyterLab or in Voilà (lecture mode).

The page's readout must show the numbers the package computes for the slider values the page shows
(a :class:`demo_oracle.DemoOracle` computes them without a browser), and its picture must be the
package's picture for those values.
"""

from __future__ import annotations

import io
import re
import time

import labdriver as ld
import numpy as np
from demo_oracle import DemoOracle

NUMBER = re.compile(r"[-+−]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+−]?\d+)?|nan|inf", re.IGNORECASE)


def numbers(text: str) -> list[float]:
    return [float(x.replace("−", "-")) for x in NUMBER.findall(text)]


def same_rows(shown: list, expected: list) -> bool:
    """Same names; same text, or the same numbers to 6 significant digits (the Demo's format)."""
    if len(shown) != len(expected):
        return False
    for (name, text), (want_name, want_text) in zip(shown, expected):
        if name != want_name:
            return False
        if text == want_text:
            continue
        a, b = numbers(text), numbers(want_text)
        if len(a) != len(b) or not a or not np.allclose(a, b, rtol=2e-6, atol=1e-12, equal_nan=True):
            return False
    return True


def pixels(png: bytes) -> np.ndarray:
    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=np.int16)


def picture_difference(png_a: bytes, png_b: bytes) -> float:
    """The fraction of pixels that differ by more than a little (1.0 when the sizes differ)."""
    a, b = pixels(png_a), pixels(png_b)
    if a.shape != b.shape:
        return 1.0
    return float(np.mean(np.abs(a - b).max(axis=2) > 16))


def slider_values(state: dict) -> list:
    return [[s["label"], s["value"]] for s in state["sliders"]]


def value_of(state: dict, label: str) -> float:
    return next(s["value"] for s in state["sliders"] if s["label"] == label)


def wait_for_right_numbers(demo, oracle: DemoOracle, moved, timeout: float = 20.0) -> tuple[dict, bytes]:
    """Poll the page until the slider has moved (``moved(state)``) and the table shows the package's numbers
    for the slider values shown. Returns the page state and the package's PNG for those values."""
    deadline = time.monotonic() + timeout
    while True:
        state = ld.read_demo(demo)
        if moved(state):
            rows, png = oracle(slider_values(state))
            if same_rows(state["rows"], rows):
                return state, png
        if time.monotonic() > deadline:
            expected = oracle(slider_values(state))[0] if moved(state) else "(the slider did not move)"
            raise AssertionError(f"after {timeout:.0f} s the page shows sliders {slider_values(state)} and "
                                 f"readout {state['rows']}; the package gives {expected}")
        time.sleep(0.1)


def pick_slider(oracle: DemoOracle) -> dict:
    """The first float slider (a continuous nudge such as Δw), else the first slider."""
    sliders = [c for c in oracle.controls if c["step"] is not None]
    assert sliders, "the demo has no slider"
    floats = [c for c in sliders if not c["integer"]]
    return (floats or sliders)[0]


def assert_changed(before: dict, after: dict, what: str) -> None:
    assert after["rows"] != before["rows"], f"{what}: the readout numbers did not change: {after['rows']}"
    assert after["png"] != before["png"], f"{what}: the plot's image did not change"
