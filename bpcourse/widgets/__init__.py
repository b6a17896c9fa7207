"""Slider demos for the notebooks.

Each demo is a function that can be called with no arguments and returns a
:class:`~bpcourse.widgets._demo.Demo` (an ipywidgets ``VBox``). Its ``.sliders``
are the controls by name; setting one's ``.value`` from Python recomputes the
numbers (``.readout``) and redraws the figure (``.png``) synchronously.
``DEMOS`` names every demo function.
"""

from bpcourse.widgets._demo import Demo, new_figure, slider
from bpcourse.widgets.neuron import neuron_demo
from bpcourse.widgets.notation import notation_explorer
from bpcourse.widgets.slips import slip_explorer_demo

DEMOS = (
    "notation_explorer",    # 00
    "neuron_demo",          # 01
    "slip_explorer_demo",   # 10
)

__all__ = ["DEMOS", "Demo", "new_figure", "slider", *DEMOS]
