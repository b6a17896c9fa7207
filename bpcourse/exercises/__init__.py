"""Exercise checkers: ``check_…(answer)`` → a :class:`Result` whose ``.passed`` is True or False.

A checker runs the answer on several random cases, recognises the mistakes people
really make in backprop code and names them in its hint. It never raises at the student.
"""

from bpcourse.exercises._core import Mistake, Result, check_function
from bpcourse.exercises.bp1 import check_bp1, check_output_error_cross_entropy
from bpcourse.exercises.costs import check_chain_rule_paths, check_directional_derivative, check_quadratic_cost

__all__ = [
    "Mistake", "Result", "check_function",
    "check_quadratic_cost", "check_directional_derivative", "check_chain_rule_paths",
    "check_bp1", "check_output_error_cross_entropy",
]
