"""Exercise checkers: ``check_…(answer)`` → a :class:`Result` whose ``.passed`` is True or False.

A checker runs the answer on several random cases, recognises the mistakes people
really make in backprop code and names them in its hint. It never raises at the student.
"""

from bpcourse.exercises._core import Mistake, Result, check_function
from bpcourse.exercises.forward import check_feedforward, check_layer_forward
from bpcourse.exercises.notation import check_rowmajor_index, check_rowmajor_z

__all__ = ["Mistake", "Result", "check_function"]
__all__ += ["check_feedforward", "check_layer_forward", "check_rowmajor_index", "check_rowmajor_z"]
