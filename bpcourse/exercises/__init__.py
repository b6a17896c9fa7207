"""Exercise checkers: ``check_…(answer)`` → a :class:`Result` whose ``.passed`` is True or False.

A checker runs the answer on several random cases, recognises the mistakes people
really make in backprop code and names them in its hint. It never raises at the student.
"""

from bpcourse.exercises._core import Mistake, Result, check_function
from bpcourse.exercises.backprop import check_backprop, check_relative_error
from bpcourse.exercises.bp4 import check_bp4, check_weight_gradient

CHECKERS = (
    "check_bp4", "check_weight_gradient",                  # 06
    "check_backprop", "check_relative_error",              # 07
)

__all__ = ["CHECKERS", "Mistake", "Result", "check_function",
           "check_bp4", "check_weight_gradient", "check_backprop", "check_relative_error"]
