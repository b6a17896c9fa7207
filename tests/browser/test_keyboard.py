"""Every control of a demo works from the keyboard alone (lecture mode, headless Chromium).

For each demo: put the keyboard focus at the start of the demo, then press Tab, and nothing else, to walk
through it. Every control must be reached: a slider's handle, a dropdown, each of a row of toggle buttons.
On each, the keyboard changes its value — an arrow key moves a slider one step, an arrow key picks the next
entry of a dropdown, Space presses a toggle button not yet pressed — and the demo's readout must change.
"""

from __future__ import annotations

import labdriver as ld
import pytest
import voiladriver as vd

pytestmark = pytest.mark.browser

#: Three chapters whose demos hold every kind of control the course uses: sliders and a dropdown (04),
#: four sliders whose ranges depend on each other (06), and a dropdown, toggle buttons and sliders (10).
NOTEBOOKS = ["04_bp2_backpropagating_error.ipynb", "06_bp4_weight_gradient.ipynb", "10_find_the_slip.ipynb"]

#: A control's row: its description label and the element(s) that take the keyboard.
ROW = ".widget-slider, .widget-dropdown, .widget-toggle-buttons, .widget-inline-hbox"

#: The demo's controls: each row with a description label and something that takes the keyboard.
_CONTROLS_JS = """(demo) => [...demo.querySelectorAll('%(row)s')]
    .filter(row => row.querySelector('.noUi-handle, select, button') && !row.parentElement.closest('%(row)s'))
    .map(row => {
        const label = row.querySelector(':scope > .widget-label');
        const kind = row.querySelector('.noUi-handle') ? 'slider'
            : row.querySelector('select') ? 'dropdown' : 'buttons';
        return {label: label ? label.textContent.trim() : '', kind,
                buttons: [...row.querySelectorAll('button')].map(b => b.textContent.trim())};
    })""" % {"row": ROW}

#: Where the keyboard focus is: which control of the demo (by its label), and what the key should be.
_FOCUS_JS = """(demo) => {
    const el = document.activeElement;
    if (!el || !demo.contains(el)) return {inDemo: false, tag: el ? el.tagName : null};
    let row = el.closest('%(row)s');
    while (row && row.parentElement.closest('%(row)s')) row = row.parentElement.closest('%(row)s');
    const label = row && row.querySelector(':scope > .widget-label');
    const out = {inDemo: true, label: label ? label.textContent.trim() : '', tag: el.tagName, kind: null};
    if (el.classList.contains('noUi-handle')) {
        const now = Number(el.getAttribute('aria-valuenow')), max = Number(el.getAttribute('aria-valuemax'));
        Object.assign(out, {kind: 'slider', atMax: now >= max, value: el.getAttribute('aria-valuetext')});
    } else if (el.tagName === 'SELECT') {
        Object.assign(out, {kind: 'dropdown', atLast: el.selectedIndex === el.options.length - 1, value: el.value});
    } else if (el.tagName === 'BUTTON' && row && row.classList.contains('widget-toggle-buttons')) {
        Object.assign(out, {kind: 'buttons', pressed: el.classList.contains('mod-active'),
                            value: el.textContent.trim()});
    }
    return out;
}""" % {"row": ROW}

_READOUT_JS = """(demo) => {
    const table = demo.querySelector('.widget-html-content table');
    return table ? table.innerText : '';
}"""


def _key_for(focus: dict) -> str | None:
    """The key that changes the focused control, or None when this element is not one to change."""
    if focus["kind"] == "slider":
        return "ArrowLeft" if focus["atMax"] else "ArrowRight"
    if focus["kind"] == "dropdown":
        return "ArrowUp" if focus["atLast"] else "ArrowDown"
    if focus["kind"] == "buttons" and not focus["pressed"]:
        return "Space"
    return None


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_every_control_is_reached_with_tab_and_changed_from_the_keyboard(notebook, lecture_server, lecture_page):
    page = lecture_page
    vd.open_page(page, lecture_server, notebook)
    demo = ld.find_demo(page)
    demo.scroll_into_view_if_needed()
    controls = demo.evaluate(_CONTROLS_JS)
    assert len(controls) >= 2, f"found only {controls} in the demo"
    labels = [c["label"] for c in controls]
    assert all(labels) and len(set(labels)) == len(labels), f"every control needs its own label: {labels}"

    # The focus starts at the demo itself (not a control): from here on only the keyboard is used.
    demo.evaluate("el => { el.tabIndex = -1; el.focus(); }")
    changed, log = {}, []
    for _ in range(6 * len(controls) + 10):
        page.keyboard.press("Tab")
        focus = demo.evaluate(_FOCUS_JS)
        log.append(f"{focus.get('tag')} {focus.get('label', '')!r} {focus.get('kind')}")
        if not focus["inDemo"]:
            break
        key = _key_for(focus) if focus["label"] not in changed else None
        if key is None:
            continue
        before_readout, before_value = demo.evaluate(_READOUT_JS), focus["value"]
        page.keyboard.press(key)
        after = vd.wait_until(
            lambda: (lambda r: r if r != before_readout else None)(demo.evaluate(_READOUT_JS)), 15,
            f"{notebook}: {key} on {focus['kind']} {focus['label']!r} did not change the readout")
        now = demo.evaluate(_FOCUS_JS)
        assert now["inDemo"] and now["label"] == focus["label"], \
            f"{key} on {focus['label']!r} moved the focus away (to {now})"
        if focus["kind"] == "buttons":
            assert now["pressed"], f"{key} did not press the button {before_value!r} of {focus['label']!r}"
        else:
            assert now["value"] != before_value, f"{key} did not change {focus['label']!r} (still {before_value})"
        changed[focus["label"]] = (before_readout, after)

    missing = [label for label in labels if label not in changed]
    assert not missing, (f"{notebook}: Tab never reached (or the keyboard never changed) {missing}; "
                         f"focus went through {log}")
