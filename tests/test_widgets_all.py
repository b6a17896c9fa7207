"""Every demo in bpcourse.widgets.DEMOS: built with no arguments, every control moved, the view follows.

The topic test files check each demo's numbers against the package; this file makes sure no demo
and no control is left out: moving any control must re-render the figure and refresh the numbers
shown, synchronously, with no browser attached.
"""

from __future__ import annotations

import inspect

import ipywidgets as widgets
import pytest

import bpcourse.widgets as bw


def other_values(control, count=3):
    """Up to ``count`` legal values of a control different from its current one."""
    if isinstance(control, (widgets.Dropdown, widgets.ToggleButtons, widgets.RadioButtons,
                            widgets.SelectionSlider)):
        options = [o[1] if isinstance(o, tuple) else o for o in control.options]
        return [o for o in options if o != control.value][:count]
    if isinstance(control, widgets.Checkbox):
        return [not control.value]
    if isinstance(control, widgets.FloatLogSlider):
        lo, hi = control.base ** control.min, control.base ** control.max
        candidates = [lo, hi, (lo * hi) ** 0.5]
    else:
        lo, hi = control.min, control.max
        candidates = [lo, hi, lo + (hi - lo) / 3]
        if isinstance(control, widgets.IntSlider):
            candidates = [int(round(c)) for c in candidates]
    return [c for c in dict.fromkeys(candidates) if c != control.value][:count]


@pytest.mark.parametrize("name", bw.DEMOS)
def test_demo_builds_with_no_arguments_and_shows_numbers_and_a_picture(name):
    demo = getattr(bw, name)()
    assert isinstance(demo, bw.Demo)
    assert demo.sliders, "a demo needs at least one control"
    assert demo.readout, "a demo shows numbers beside its plot"
    assert demo.png.startswith(b"\x89PNG"), "the figure is rendered as a PNG"
    assert demo.image.value == demo.png
    for key in demo.readout:
        assert f"data-name='{key}'" in demo.table.value or str(key) in demo.table.value


@pytest.mark.parametrize("name", bw.DEMOS)
def test_every_control_updates_the_figure_and_the_numbers(name):
    demo = getattr(bw, name)()
    for control_name, control in list(demo.sliders.items()):
        values = other_values(control)
        assert values, f"{name}: control {control_name!r} has no other value to move to"
        changed = False
        for value in values:
            before = (demo.png, dict(demo.readout), len(demo.timings))
            control.value = value
            assert len(demo.timings) > before[2], f"{name}: moving {control_name!r} did not refresh"
            assert demo.image.value == demo.png, "the Image widget shows the latest render"
            changed |= demo.png != before[0] or demo.readout != before[1]
            for key in demo.readout:  # every number computed is shown
                assert str(key) in demo.table.value or f"data-name='{key}'" in demo.table.value
        assert changed, f"{name}: moving {control_name!r} changed neither the picture nor the numbers"


def _accepts_its_controls(fn, demo) -> bool:
    params = inspect.signature(fn).parameters
    return all(name in params for name in demo.sliders)


@pytest.mark.parametrize("name", bw.DEMOS)
def test_cached_backgrounds_never_show_a_stale_picture(name):
    """After moving every control away and back, the picture equals a fresh build with those values.

    The Demo caches the figure's background by axis limits; this would catch a background
    reused after a non-animated artist changed.
    """
    fn = getattr(bw, name)
    demo = fn()
    if not _accepts_its_controls(fn, demo):
        pytest.skip(f"{name} does not take its controls' values as arguments")
    for control in list(demo.sliders.values()):
        start = control.value
        for value in other_values(control, 2):
            control.value = value
            assert demo.png == fn(**demo.values()).png, f"{name}: stale picture at {demo.values()}"
        control.value = start
    assert demo.png == fn(**demo.values()).png
