"""Lecture mode in a real browser: Voilà serving the chapters without code, used as an instructor would.

The pages are those ``make lecture`` serves (scripts/lecture.py builds them from the notebooks present;
Voilà runs each in a fresh kernel). Open the contents page, follow its link to a chapter, find no code
and no error on the page, then move a slider of the chapter's demo with the keyboard: the plot must be
redrawn and the readout must show the numbers the package computes for the slider value now shown.
"""

from __future__ import annotations

import os

import labdriver as ld
import pytest
import voiladriver as vd
from demo_checks import assert_changed, pick_slider, picture_difference, value_of, wait_for_right_numbers
from demo_oracle import DemoOracle

pytestmark = pytest.mark.browser

#: The chapter the test follows from the contents page (BP4: sliders for l, j, k and Δw).
CHAPTER = os.environ.get("BPCOURSE_LECTURE_CHAPTER", "06_bp4_weight_gradient.ipynb")

_LINKS_JS = """() => [...document.querySelectorAll('#rendered_cells a[href]')]
    .map(a => ({href: a.getAttribute('href'), text: a.textContent.trim()}))"""


def _chapter_titles(root) -> dict:
    import nbformat

    return {p.name: vd.lecture.title_of(nbformat.read(p, as_version=4)) for p in vd.lecture.chapters(root)}


def test_contents_page_links_every_chapter_by_its_title(lecture_server, lecture_page):
    page = lecture_page
    vd.open_page(page, lecture_server, vd.lecture.CONTENTS)
    titles = _chapter_titles(lecture_server.root)
    assert len(titles) >= 11, f"the lecture folder holds only {sorted(titles)}"
    links = {link["href"]: link["text"] for link in page.evaluate(_LINKS_JS) if link["href"].endswith(".ipynb")}
    assert links == titles, f"the contents page links {links}; the chapters are {titles}"
    assert page.title(), "the contents page has no title"
    assert not vd.code_on_page(page)
    assert not vd.errors_on_page(page)


def test_chapter_opened_from_the_contents_shows_no_code_and_its_slider_answers(lecture_server, lecture_page):
    page = lecture_page
    vd.open_page(page, lecture_server, vd.lecture.CONTENTS)
    title = _chapter_titles(lecture_server.root)[CHAPTER]

    # Follow the contents page's link, as a person would.
    page.get_by_role("link", name=title, exact=True).click()
    page.wait_for_url(f"**/voila/render/{CHAPTER}", timeout=30_000)
    vd.wait_rendered(page)
    assert page.title() == title

    assert not vd.errors_on_page(page), f"a cell failed in lecture mode: {vd.errors_on_page(page)}"
    code = vd.code_on_page(page)
    assert not code, f"lecture mode shows code: {code}"
    text = page.inner_text("#rendered_cells")
    assert "NotImplementedError" not in text and "not written yet" not in text.lower(), \
        "lecture mode shows an exercise stub or its checker"
    assert "$" not in text.replace("$$", ""), "some LaTeX was not typeset"

    demo = ld.find_demo(page)
    demo.scroll_into_view_if_needed()
    start = ld.read_demo(demo)
    assert start["png"][:8] == b"\x89PNG\r\n\x1a\n", "the demo's image is not a PNG"
    notebook = lecture_server.root / CHAPTER
    index = vd.cell_index(notebook, start["cellId"])

    with DemoOracle(notebook, index, env=ld.repo_env()) as oracle:
        start, png = wait_for_right_numbers(demo, oracle, moved=lambda state: True)
        assert picture_difference(start["png"], png) < 0.01, "the first picture differs from the package's"

        control = pick_slider(oracle)
        label, step = control["label"], control["step"]
        v0 = value_of(start, label)
        key, sign = ("ArrowRight", 1) if v0 + step <= control["max"] + 1e-9 else ("ArrowLeft", -1)
        ld.press_key(demo, label, key)
        target = v0 + sign * step
        moved, png = wait_for_right_numbers(
            demo, oracle, moved=lambda state: abs(value_of(state, label) - target) <= 1e-6 * max(1, abs(step)))
        assert_changed(start, moved, f"{label} {key}")
        assert picture_difference(moved["png"], png) < 0.01, "after the key press the picture is not the package's"

    assert not vd.code_on_page(page), "code appeared after the slider moved"
    assert not vd.errors_on_page(page)
