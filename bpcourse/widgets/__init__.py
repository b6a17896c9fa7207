"""Slider demos for the notebooks.

Each demo is a function that can be called with no arguments and returns a
:class:`~bpcourse.widgets._demo.Demo` (an ipywidgets ``VBox``). Its ``.sliders``
are the controls by name; setting one's ``.value`` from Python recomputes the
numbers (``.readout``, keyed by plain names and shown under the course's symbols)
and redraws the figure (``.png``) synchronously. ``.alt`` says in words what the
figure shows and ``.status_text`` what the last move changed (announced to screen
readers); ``.close()`` releases the widgets and the figure.
``DEMOS`` names every demo function, with the notebook that shows it.
"""

from bpcourse.widgets._demo import Demo, int_slider, new_figure, slider, styled
from bpcourse.widgets.autodiff import backward_sweep_demo
from bpcourse.widgets.bp1 import output_error_demo
from bpcourse.widgets.bp2 import delta_norms_demo
from bpcourse.widgets.bp3 import bias_nudge_demo
from bpcourse.widgets.bp4 import bp4_weight_nudge_demo
from bpcourse.widgets.demon import demon_demo
from bpcourse.widgets.descent import higham_training_demo, learning_rate_demo
from bpcourse.widgets.digits import digits_training_demo
from bpcourse.widgets.gradcheck import gradcheck_step_demo
from bpcourse.widgets.gradient import directional_derivative_demo
from bpcourse.widgets.neuron import neuron_demo
from bpcourse.widgets.notation import notation_explorer
from bpcourse.widgets.slips import slip_explorer_demo
from bpcourse.widgets.softmax import softmax_jacobian_demo

DEMOS = (
    'notation_explorer',  # 00
    'neuron_demo',  # 01
    'directional_derivative_demo',  # 02
    'output_error_demo',  # 03
    'demon_demo',  # 03 (where δ = ∂C/∂z is named the error)
    'delta_norms_demo',  # 04
    'bias_nudge_demo',  # 05
    'bp4_weight_nudge_demo',  # 06
    'gradcheck_step_demo',  # 07
    'learning_rate_demo', 'higham_training_demo',  # 08
    'digits_training_demo',  # 09
    'slip_explorer_demo',  # 10
    'softmax_jacobian_demo',  # 11
    'backward_sweep_demo',  # 12
)

__all__ = ["DEMOS", "Demo", "int_slider", "new_figure", "slider", "styled",
    "notation_explorer",
    "neuron_demo",
    "directional_derivative_demo",
    "output_error_demo",
    "demon_demo",
    "delta_norms_demo",
    "bias_nudge_demo",
    "bp4_weight_nudge_demo",
    "gradcheck_step_demo",
    "learning_rate_demo",
    "higham_training_demo",
    "digits_training_demo",
    "slip_explorer_demo",
    "softmax_jacobian_demo",
    "backward_sweep_demo",
]
