"""Exercise checkers: ``check_…(answer)`` → a :class:`Result` whose ``.passed`` is True or False.

A checker runs the answer on several random cases, recognises the mistakes people
really make in backprop code and names them in its hint. It never raises at the student.
"""

from bpcourse.exercises._core import Mistake, Result, check_function
from bpcourse.exercises.bp2 import check_bp2, check_delta_product
from bpcourse.exercises.bp3 import check_bp3

__all__ = ["Mistake", "Result", "check_function"]
__all__ += ["check_bp2", "check_delta_product", "check_bp3"]
