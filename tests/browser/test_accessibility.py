"""Accessibility of lecture pages in headless Chromium: an axe-core audit, and what a screen reader is told.

The audit uses the copy of axe-core bundled by axe-playwright-python.

Each page is opened in lecture mode and audited once, after Voilà has run every cell and the demo is drawn.
Every violation axe rates serious or critical is sorted by where its element sits:

- ``demo``: inside a slider demo (ipywidgets: sliders, dropdowns, buttons, the plot image, the readout);
- ``figure``: a figure a notebook cell displays (a matplotlib PNG output, or the HTML ``<img>`` that
  carries its text alternative);
- ``output``: other cell output (printed numbers);
- ``markdown``: the chapter's text, formulas and links, and the contents page;
- ``chrome``: anything else, i.e. Voilà's own page around the cells.

The audit fails on any serious or critical violation in the course's own elements (the first four), except
the known ones listed in KNOWN, each with its reason; each of those has a test of its own, marked
``xfail(strict=True)``, which turns into a failure the day the violation is fixed, so that the entry is
removed. Violations in Voilà's own chrome may be excluded only by name, in CHROME, each with its reason.

Beyond the audit, a demo is read as a screen reader reads it (Chromium's accessibility tree): its plot is an
image whose accessible name is the package's text alternative for the slider values on the page, and its
status line is a polite live region holding the package's sentence; after a key press on a slider, both
say the new values.
"""

from __future__ import annotations

import json
import re

import labdriver as ld
import pytest
import voiladriver as vd
from conftest import require_module
from demo_checks import pick_slider, slider_values, value_of, wait_for_right_numbers
from demo_oracle import DemoOracle

pytestmark = pytest.mark.browser

#: The contents page and six chapters: the first (a network diagram, one neuron's sliders), BP2 (sliders, a
#: dropdown and SymPy's formulas), BP4 (four sliders and a static figure), the slips (a dropdown, toggle buttons
#: and sliders), softmax (a heatmap) and autodiff (a step slider over a computational graph).
PAGES = ["index.ipynb", "01_forward_pass.ipynb", "04_bp2_backpropagating_error.ipynb",
         "06_bp4_weight_gradient.ipynb", "10_find_the_slip.ipynb", "11_softmax_and_the_jacobian.ipynb",
         "12_backprop_is_autodiff.ipynb"]

#: The chapter whose demo is read as a screen reader reads it (BP4: sliders for l, j, k and Δw).
CHAPTER = "06_bp4_weight_gradient.ipynb"

SERIOUS = ("serious", "critical")

#: (rule, where) → why it is known and who fixes it. Each has its own strict xfail test below. None today: the
#: demos' slider handles are named after their labels and their plot is an <img> with an alt text
#: (bpcourse/widgets/_demo.py: ControlNames, PlotImage).
KNOWN: dict[tuple[str, str], str] = {}

#: rule → why a violation of it in Voilà's own page (outside every cell) is not the course's to fix.
CHROME: dict[str, str] = {}

_WHERE_JS = """(selector) => {
    const el = document.querySelector(selector);
    if (!el) return 'unknown';
    if (el.closest('.jupyter-widgets, .widget-box, .widget-inline-hbox')) return 'demo';
    if (el.closest('.jp-RenderedImage') || (el.tagName === 'IMG' && el.closest('.jp-OutputArea'))) return 'figure';
    if (el.closest('.jp-OutputArea')) return 'output';
    if (el.closest('.jp-MarkdownOutput, .jp-RenderedMarkdown, .jp-MarkdownCell')) return 'markdown';
    return 'chrome';
}"""


def _audit(page) -> list[dict]:
    """Run axe on the page; one record per serious or critical violating element: rule, where, target, html."""
    from axe_playwright_python.base import AXE_SCRIPT

    page.evaluate(AXE_SCRIPT)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    found = []
    for violation in result["violations"]:
        if violation["impact"] not in SERIOUS:
            continue
        for node in violation["nodes"]:
            target = node["target"][0] if node["target"] else ""
            where = page.evaluate(_WHERE_JS, target) if isinstance(target, str) and target else "unknown"
            found.append({"rule": violation["id"], "impact": violation["impact"], "where": where,
                          "help": violation["help"], "target": target, "html": node["html"][:200]})
    return found


@pytest.fixture(scope="module")
def audits(chromium, lecture_server):
    """page name → its serious and critical violations (each page is loaded and audited once)."""
    require_module("axe_playwright_python", "pip install -e '.[dev]' (make test installs it)")
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    results = {}
    try:
        for name in PAGES:
            page = context.new_page()
            vd.open_page(page, lecture_server, name)
            if name != vd.lecture.CONTENTS:
                ld.find_demo(page)  # the widgets are drawn
                page.wait_for_function(f"() => [...document.querySelectorAll('{ld.PLOT_IMG}')]"
                                       ".every(i => i.complete && i.naturalWidth > 0)", timeout=30_000)
            results[name] = _audit(page)
            page.close()
    finally:
        context.close()
    unexpected = [r for records in results.values() for r in records
                  if (r["rule"], r["where"]) not in KNOWN and not (r["where"] == "chrome" and r["rule"] in CHROME)]
    if unexpected:  # the audit will fail: keep the details for whoever reads it
        ld.REPO.joinpath("test-artifacts").mkdir(exist_ok=True)
        ld.REPO.joinpath("test-artifacts", "axe-lecture.json").write_text(json.dumps(results, indent=1))
    return results


def _describe(records: list[dict]) -> str:
    return "\n".join(f"  {r['rule']} ({r['impact']}, {r['where']}): {r['help']} — {r['target']}: {r['html']}"
                     for r in records)


@pytest.mark.parametrize("name", PAGES)
def test_no_serious_violation_in_the_course_s_own_elements(audits, name):
    records = audits[name]
    unknown = [r for r in records if r["where"] == "unknown"]
    assert not unknown, f"could not place these violations on {name}:\n{_describe(unknown)}"
    own = [r for r in records if r["where"] != "chrome" and (r["rule"], r["where"]) not in KNOWN]
    assert not own, f"serious or critical accessibility violations on {name}:\n{_describe(own)}"
    chrome = [r for r in records if r["where"] == "chrome" and r["rule"] not in CHROME]
    assert not chrome, (f"violations in Voilà's page around the cells on {name}; exclude them by name in "
                        f"CHROME only if they are Voilà's to fix:\n{_describe(chrome)}")


def _known_id(key) -> str:
    return re.sub(r"\W+", "-", "-".join(key))


if KNOWN:  # (a parametrize over nothing would show up as a skipped test)
    @pytest.mark.parametrize("key", [pytest.param(key, marks=pytest.mark.xfail(strict=True, reason=reason),
                                                  id=_known_id(key)) for key, reason in KNOWN.items()])
    def test_known_violation_is_fixed(audits, key):
        """Fails (as expected) while the known violation is on a page; passes, and so fails strict, once it is gone."""
        rule, where = key
        records = [r for name in PAGES for r in audits[name] if (r["rule"], r["where"]) == key]
        assert not records, f"{rule} in {where} elements:\n{_describe(records)}"


def test_the_audit_finds_and_places_a_violation(lecture_server, lecture_page):
    """The audit can fail: an image without alt text put into the contents page's text is found, as critical,
    and placed in the markdown."""
    require_module("axe_playwright_python", "pip install -e '.[dev]' (make test installs it)")
    page = lecture_page
    vd.open_page(page, lecture_server, vd.lecture.CONTENTS)
    page.evaluate("""() => {
        const img = document.createElement('img');
        img.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';
        img.id = 'planted-for-the-audit';
        document.querySelector('.jp-RenderedMarkdown').appendChild(img);
    }""")
    records = _audit(page)
    planted = [r for r in records if "planted-for-the-audit" in r["target"]]
    assert [(r["rule"], r["where"]) for r in planted] == [("image-alt", "markdown")], _describe(records)


def _screen_reader_view(demo) -> dict:
    """The demo's plot and status line as the accessibility tree gives them to a screen reader."""
    image, status = demo.locator(ld.PLOT_IMG), demo.locator(ld.STATUS)
    return {"image": ld.accessible(image), "status": ld.accessible(status), "status_text": status.inner_text().strip()}


def _wait_until_it_says(demo, oracle: DemoOracle, values: list) -> dict:
    """Poll until the plot's accessible name and the status line's text are the package's for ``values``."""
    want = oracle.texts(values)
    assert len(want["alt"]) > 60 and want["status"], f"the package's texts say too little: {want}"
    last = {}

    def says():
        last.update(_screen_reader_view(demo))
        return last["image"]["name"] == want["alt"] and last["status_text"] == want["status"]

    try:
        vd.wait_until(says, 15, "")
    except AssertionError:
        raise AssertionError(f"for sliders {values} the page gives a screen reader {last}; the package's texts are "
                             f"{want}") from None
    return dict(last)


def test_a_screen_reader_hears_the_plot_and_what_a_key_press_changed(lecture_server, lecture_page):
    page = lecture_page
    vd.open_page(page, lecture_server, CHAPTER)
    demo = ld.find_demo(page)
    demo.scroll_into_view_if_needed()
    start = ld.read_demo(demo)
    notebook = lecture_server.root / CHAPTER

    with DemoOracle(notebook, vd.cell_index(notebook, start["cellId"]), env=ld.repo_env()) as oracle:
        start, _ = wait_for_right_numbers(demo, oracle, moved=lambda state: True)
        before = _wait_until_it_says(demo, oracle, slider_values(start))
        assert before["image"]["role"] == "image", f"the plot is not an image to a screen reader: {before['image']}"
        assert before["status"]["role"] == "status" and before["status"]["properties"].get("live") == "polite", \
            f"the status line is not a polite live region: {before['status']}"

        # A key press on a slider: the readout, then the plot's text alternative and the status line change.
        control = pick_slider(oracle)
        label, step = control["label"], control["step"]
        v0 = value_of(start, label)
        key, sign = ("ArrowRight", 1) if v0 + step <= control["max"] + 1e-9 else ("ArrowLeft", -1)
        ld.press_key(demo, label, key)
        target = v0 + sign * step
        moved, _ = wait_for_right_numbers(
            demo, oracle, moved=lambda state: abs(value_of(state, label) - target) <= 1e-6 * max(1, abs(step)))
        after = _wait_until_it_says(demo, oracle, slider_values(moved))
        assert after["image"]["name"] != before["image"]["name"], \
            f"{label} {key}: the plot's text alternative did not change: {after['image']['name']!r}"
        assert after["status_text"] != before["status_text"], \
            f"{label} {key}: the status line did not change: {after['status_text']!r}"
        assert after["status"]["role"] == "status" and after["status"]["properties"].get("live") == "polite", \
            f"after the key press the status line is no longer a polite live region: {after['status']}"
