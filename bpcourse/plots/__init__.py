"""Figure helpers for the notebooks: each takes arrays and returns a matplotlib Figure.

They draw on figures made with :func:`bpcourse.widgets.new_figure`-style ``Figure``
objects (not pyplot's global state), so a notebook shows a figure by leaving it as the
cell's last expression.
"""

from bpcourse.plots.bp4 import outer_product_figure
from bpcourse.plots.gradcheck import error_vs_step_figure

__all__: list[str] = []
__all__ += ["outer_product_figure", "error_vs_step_figure"]
