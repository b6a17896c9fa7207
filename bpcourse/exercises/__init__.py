"""Exercise checkers: ``check_…(answer)`` → a :class:`Result` whose ``.passed`` is True or False.

A checker runs the answer on several random cases, recognises the mistakes people
really make in backprop code and names them in its hint. It never raises at the student.
"""

from bpcourse.exercises._core import Mistake, Result, check_function
from bpcourse.exercises.descent import check_mini_batches, check_sgd_step
from bpcourse.exercises.digits import check_accuracy, check_cross_entropy

__all__ = ["Mistake", "Result", "check_function"]
__all__ += ["check_sgd_step", "check_mini_batches", "check_accuracy", "check_cross_entropy"]
