"""End-to-end slider latency in a real browser: key press → updated readout and picture in the page.

Starts JupyterLab on 127.0.0.1 (random port and token) serving a temporary copy of notebooks/, opens a
notebook in headless Chromium, runs all cells, focuses a slider of its first demo and presses an arrow key
``--steps`` times, one step at a time. With ``--lecture`` it does the same in lecture mode instead: the
lecture pages built by scripts/lecture.py, served by Voilà on 127.0.0.1, the chapter's page opened as an
instructor would (Voilà runs it; the time until its demo is drawn is reported too). For each step the page
itself records (performance.now()) the keydown, the moment the readout table's HTML is replaced
(MutationObserver) and the moment the new PNG has loaded into the <img>. Prints the median and 95th
percentile.

    python benchmarks/bench_browser.py [--notebook 06_bp4_weight_gradient.ipynb] [--steps 60] [--lecture]

Needs Playwright for Python and Chromium (see tests/browser). Nothing is read from the network.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "browser"))

import labdriver as ld  # noqa: E402
import voiladriver as vd  # noqa: E402

_INSTALL_JS = """(root) => {
    const table = [...root.querySelectorAll('.widget-html-content')].find(e => e.querySelector('table'));
    const img = root.querySelector('img.widget-image');
    const b = window.__bench = {t0: null, table: null, img: null};
    document.addEventListener('keydown', () => { b.t0 = performance.now(); b.table = null; b.img = null; }, true);
    new MutationObserver(() => { if (b.t0 !== null && b.table === null) b.table = performance.now(); })
        .observe(table, {childList: true, subtree: true, characterData: true});
    img.addEventListener('load', () => { if (b.t0 !== null && b.img === null) b.img = performance.now(); });
}"""

_DONE_JS = "() => window.__bench.table !== null && window.__bench.img !== null"

_SLIDERS_JS = """(root) => [...root.querySelectorAll('.widget-slider')].map(s => {
    const h = s.querySelector('.noUi-handle');
    return {label: s.querySelector('.widget-label').textContent.trim(),
            readout: s.querySelector('.widget-readout').textContent.trim(),
            value: Number(h.getAttribute('aria-valuetext')), min: Number(h.getAttribute('aria-valuemin')),
            max: Number(h.getAttribute('aria-valuemax'))};
})"""


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def choose_slider(sliders: list[dict], wanted: str | None) -> dict:
    if wanted:
        return next(s for s in sliders if s["label"] == wanted)
    floats = [s for s in sliders if "." in s["readout"]]
    return (floats or sliders)[0]


def run(notebook: str, steps: int, slider: str | None, notebooks_dir: Path, lecture: bool = False) -> dict:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="bpcourse-bench-") as tmp:
        if lecture:
            server = vd.start_lecture(notebooks_dir, Path(tmp))
        else:
            root = ld.copy_notebooks(notebooks_dir, Path(tmp) / "notebooks")
            server = ld.start_lab(root, Path(tmp) / "server")
        try:
            with sync_playwright() as playwright:
                browser = ld.launch_chromium(playwright)
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                t_open = time.perf_counter()
                if lecture:
                    vd.open_page(page, server, notebook)
                else:
                    ld.open_notebook(page, server, notebook)
                    ld.run_all_cells(page)
                demo = ld.find_demo(page)
                page_ready = time.perf_counter() - t_open
                time.sleep(1.0)  # let Run All's last outputs settle
                chosen = choose_slider(demo.evaluate(_SLIDERS_JS), slider)
                label = chosen["label"]
                demo.evaluate(_INSTALL_JS)
                handle = ld.slider_handle(demo, label)
                handle.focus()
                direction = "ArrowRight"
                results = {"table": [], "img": [], "both": []}
                for i in range(steps + 3):  # the first 3 steps warm up
                    state = next(s for s in demo.evaluate(_SLIDERS_JS) if s["label"] == label)
                    span = state["max"] - state["min"]
                    if state["value"] >= state["max"] - 0.02 * span:
                        direction = "ArrowLeft"
                    elif state["value"] <= state["min"] + 0.02 * span:
                        direction = "ArrowRight"
                    page.keyboard.press(direction)
                    page.wait_for_function(_DONE_JS, timeout=10_000, polling="raf")
                    b = page.evaluate("() => window.__bench")
                    if i >= 3:
                        results["table"].append(b["table"] - b["t0"])
                        results["img"].append(b["img"] - b["t0"])
                        results["both"].append(max(b["table"], b["img"]) - b["t0"])
                    time.sleep(0.05)
                browser.close()
        finally:
            server.stop()
    return {"slider": label, "page_ready": page_ready, **results}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notebook", default="06_bp4_weight_gradient.ipynb")
    parser.add_argument("--steps", type=int, default=60)
    parser.add_argument("--slider", default=None, help="description of the slider to move (default: first float)")
    parser.add_argument("--notebooks-dir", type=Path, default=ld.NOTEBOOKS)
    parser.add_argument("--lecture", action="store_true", help="lecture mode (Voilà) instead of JupyterLab")
    args = parser.parse_args(argv)
    missing = ld.missing_requirements()
    if missing:
        print(f"cannot run: {missing}; {ld.HOW_TO_ENABLE}", file=sys.stderr)
        return 2
    r = run(args.notebook, args.steps, args.slider, args.notebooks_dir, args.lecture)
    where = "lecture mode, Voilà" if args.lecture else "JupyterLab"
    opened = "page opened → demo drawn" if args.lecture else "notebook opened, Run All → demo drawn"
    print(f"\nBrowser slider latency: {args.notebook}, slider {r['slider']!r}, {len(r['both'])} key presses "
          f"(headless Chromium, {where} on 127.0.0.1); {opened}: {r['page_ready']:.1f} s\n")
    print(f"{'key press →':<28}{'median ms':>10}{'p95 ms':>10}{'min ms':>10}{'max ms':>10}")
    for name, key in (("readout table updated", "table"), ("new plot image loaded", "img"),
                      ("both (end to end)", "both")):
        v = r[key]
        print(f"{name:<28}{statistics.median(v):>10.1f}{percentile(v, 95):>10.1f}{min(v):>10.1f}{max(v):>10.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
