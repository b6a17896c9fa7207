"""Figure helpers for the notebooks: each takes arrays and returns a matplotlib Figure.

They draw on figures made with :func:`bpcourse.widgets.new_figure`-style ``Figure``
objects (not pyplot's global state), so a notebook shows a figure by leaving it as the
cell's last expression.
"""

from bpcourse.plots.bp2 import delta_norms_plot
from bpcourse.plots.bp3 import linearization_error_plot

__all__: list[str] = []
__all__ += ["delta_norms_plot", "linearization_error_plot"]
