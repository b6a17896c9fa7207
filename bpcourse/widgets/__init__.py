"""Slider demos for the notebooks.

Each demo is a function that can be called with no arguments and returns a
:class:`~bpcourse.widgets._demo.Demo` (an ipywidgets ``VBox``). Its ``.sliders``
are the controls by name; setting one's ``.value`` from Python recomputes the
numbers (``.readout``) and redraws the figure (``.png``) synchronously.
"""

from bpcourse.widgets._demo import Demo, new_figure, slider
from bpcourse.widgets.descent import higham_training_demo, learning_rate_demo
from bpcourse.widgets.digits import digits_training_demo

__all__ = ["Demo", "new_figure", "slider"]
__all__ += ["learning_rate_demo", "higham_training_demo", "digits_training_demo"]
