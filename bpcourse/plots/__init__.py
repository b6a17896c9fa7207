"""Figure helpers for the notebooks: each takes arrays and returns a matplotlib Figure.

They draw on ``Figure`` objects with their own Agg canvas (not pyplot's global state),
so a notebook shows a figure by leaving it as the cell's last expression.

Every figure uses the sizes, fonts and colours of :mod:`bpcourse.style` (no text under 14 CSS
pixels as the page shows it, the Okabe–Ito palette, line styles and marker shapes besides colour)
and carries a short description of what it shows, ``fig.alt_text`` (see :func:`alt_text`). After
``setup_notebook()`` a figure is displayed as a PNG with 2 image pixels per CSS pixel and that
description as its text alternative (:mod:`bpcourse.plots.display`); ``print(fig.alt_text)``
shows it as text.
"""

from bpcourse.plots.bp1 import learning_curves, output_error_curves, sigmoid_and_derivative
from bpcourse.plots.bp2 import delta_norms_plot
from bpcourse.plots.bp3 import linearization_error_plot
from bpcourse.plots.bp4 import outer_product_figure
from bpcourse.plots.diagram import network_diagram, neuron_positions
from bpcourse.plots.display import alt_text, set_alt_text
from bpcourse.plots.gradcheck import error_vs_step_figure
from bpcourse.plots.gradient import cost_contour, directional_derivative_scan, network_paths
from bpcourse.plots.training import (
    accuracy_curves,
    confusion_counts,
    confusion_matrix,
    cost_curves,
    curves,
    decision_regions,
    digit_grid,
    region_grid,
)

__all__ = [
    "accuracy_curves",
    "alt_text",
    "confusion_counts",
    "confusion_matrix",
    "cost_contour",
    "cost_curves",
    "curves",
    "decision_regions",
    "delta_norms_plot",
    "digit_grid",
    "directional_derivative_scan",
    "error_vs_step_figure",
    "learning_curves",
    "linearization_error_plot",
    "network_diagram",
    "network_paths",
    "neuron_positions",
    "outer_product_figure",
    "output_error_curves",
    "region_grid",
    "set_alt_text",
    "sigmoid_and_derivative",
]
