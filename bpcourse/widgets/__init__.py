"""Slider demos for the notebooks.

Each demo is a function that can be called with no arguments and returns a
:class:`~bpcourse.widgets._demo.Demo` (an ipywidgets ``VBox``). Its ``.sliders``
are the controls by name; setting one's ``.value`` from Python recomputes the
numbers (``.readout``) and redraws the figure (``.png``) synchronously.
``DEMOS`` names every demo function.
"""

from bpcourse.widgets._demo import Demo, new_figure, slider
from bpcourse.widgets.bp4 import bp4_weight_nudge_demo
from bpcourse.widgets.gradcheck import gradcheck_step_demo

DEMOS = (
    "bp4_weight_nudge_demo",   # 06
    "gradcheck_step_demo",     # 07
)

__all__ = ["DEMOS", "Demo", "new_figure", "slider", "bp4_weight_nudge_demo", "gradcheck_step_demo"]
