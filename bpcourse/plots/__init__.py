"""Figure helpers for the notebooks: each takes arrays and returns a matplotlib Figure.

They draw on figures made with :func:`bpcourse.widgets.new_figure`-style ``Figure``
objects (not pyplot's global state), so a notebook shows a figure by leaving it as the
cell's last expression.
"""

from bpcourse.plots.bp1 import learning_curves, output_error_curves, sigmoid_and_derivative
from bpcourse.plots.gradient import cost_contour, directional_derivative_scan, network_paths

__all__: list[str] = [
    "cost_contour", "directional_derivative_scan", "network_paths",
    "sigmoid_and_derivative", "output_error_curves", "learning_curves",
]
