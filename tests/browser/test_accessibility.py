"""Accessibility audit of lecture pages: axe-core (the copy bundled by axe-playwright-python) in headless Chromium.

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
"""

from __future__ import annotations

import json
import re

import labdriver as ld
import pytest
import voiladriver as vd
from conftest import require_module

pytestmark = pytest.mark.browser

#: The contents page, a chapter whose demo has four sliders and a static figure, and a chapter whose demo
#: has a dropdown, toggle buttons and sliders.
PAGES = ["index.ipynb", "06_bp4_weight_gradient.ipynb", "10_find_the_slip.ipynb"]

SERIOUS = ("serious", "critical")

#: (rule, where) → why it is known and who fixes it. Each has its own strict xfail test below.
KNOWN = {
    ("aria-input-field-name", "demo"):
        "ipywidgets draws each slider as a noUiSlider handle (role=slider) with no accessible name: the "
        "description label beside it is not tied to the handle, so a screen reader announces only a number "
        "(the demos' controls in bpcourse/widgets)",
    ("image-alt", "demo"):
        "the demo's plot is an ipywidgets Image with no alt text (bpcourse/widgets is adding text alternatives)",
}

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
                page.wait_for_function("() => [...document.querySelectorAll('img.widget-image')]"
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
