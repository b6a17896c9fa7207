"""Exercise checkers: ``check_…(answer)`` → a :class:`Result` whose ``.passed`` is True or False.

A checker runs the answer on several test cases, recognises the mistakes people really
make in backprop code and names them when (and only when) the answer makes them. Its
feedback comes in steps: what is wrong, then (asking again, or ``result.hint()``) a hint,
then the term or shape at fault. It never raises at the student. ``CHECKERS`` names every
checker, with the notebook that uses it.
"""

from bpcourse.exercises._core import Mistake, Result
from bpcourse.exercises.autodiff import check_backward_sweep, check_bias_rule, check_matmul_rule
from bpcourse.exercises.backprop import check_backprop, check_relative_error
from bpcourse.exercises.bp1 import check_bp1, check_output_error_cross_entropy
from bpcourse.exercises.bp2 import check_bp2, check_delta_product
from bpcourse.exercises.bp3 import check_bias_prediction, check_bp3
from bpcourse.exercises.bp4 import check_bp4, check_weight_gradient
from bpcourse.exercises.costs import check_chain_rule_paths, check_directional_derivative, check_quadratic_cost
from bpcourse.exercises.descent import check_mini_batches, check_sgd_step
from bpcourse.exercises.digits import check_accuracy, check_cross_entropy
from bpcourse.exercises.forward import check_feedforward, check_layer_forward
from bpcourse.exercises.notation import check_rowmajor_index, check_rowmajor_z
from bpcourse.exercises.slips import check_fix, check_slip
from bpcourse.exercises.softmax import (
    check_bp1_jacobian,
    check_log_likelihood,
    check_softmax,
    check_softmax_jacobian,
    check_softmax_output_error,
)

CHECKERS = (
    'check_rowmajor_index', 'check_rowmajor_z',  # 00
    'check_layer_forward', 'check_feedforward',  # 01
    'check_quadratic_cost', 'check_directional_derivative', 'check_chain_rule_paths',  # 02
    'check_bp1', 'check_output_error_cross_entropy',  # 03
    'check_bp2', 'check_delta_product',  # 04
    'check_bp3', 'check_bias_prediction',  # 05
    'check_bp4', 'check_weight_gradient',  # 06
    'check_backprop', 'check_relative_error',  # 07
    'check_sgd_step', 'check_mini_batches',  # 08
    'check_accuracy', 'check_cross_entropy',  # 09
    'check_slip', 'check_fix',  # 10
    'check_softmax', 'check_softmax_jacobian', 'check_bp1_jacobian', 'check_softmax_output_error',
    'check_log_likelihood',  # 11
    'check_matmul_rule', 'check_bias_rule', 'check_backward_sweep',  # 12
)

__all__ = ["CHECKERS", "Mistake", "Result",
    "check_rowmajor_index",
    "check_rowmajor_z",
    "check_layer_forward",
    "check_feedforward",
    "check_quadratic_cost",
    "check_directional_derivative",
    "check_chain_rule_paths",
    "check_bp1",
    "check_output_error_cross_entropy",
    "check_bp2",
    "check_delta_product",
    "check_bp3",
    "check_bias_prediction",
    "check_bp4",
    "check_weight_gradient",
    "check_backprop",
    "check_relative_error",
    "check_sgd_step",
    "check_mini_batches",
    "check_accuracy",
    "check_cross_entropy",
    "check_slip",
    "check_fix",
    "check_softmax",
    "check_softmax_jacobian",
    "check_bp1_jacobian",
    "check_softmax_output_error",
    "check_log_likelihood",
    "check_matmul_rule",
    "check_bias_rule",
    "check_backward_sweep",
]
