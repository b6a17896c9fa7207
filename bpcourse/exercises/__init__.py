"""Exercise checkers: ``check_…(answer)`` → a :class:`Result` whose ``.passed`` is True or False.

A checker runs the answer on several random cases, recognises the mistakes people
really make in backprop code and names them in its hint. It never raises at the student.
"""

from bpcourse.exercises._core import Mistake, Result, check_function
from bpcourse.exercises.forward import check_feedforward, check_layer_forward
from bpcourse.exercises.notation import check_rowmajor_index, check_rowmajor_z
from bpcourse.exercises.slips import check_fix, check_slip

CHECKERS = (
    "check_rowmajor_index", "check_rowmajor_z",            # 00
    "check_layer_forward", "check_feedforward",            # 01
    "check_slip", "check_fix",                             # 10
)

__all__ = ["CHECKERS", "Mistake", "Result", "check_function", *CHECKERS]
