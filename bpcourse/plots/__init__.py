"""Figure helpers for the notebooks: each takes arrays and returns a matplotlib Figure.

They draw on figures made with :func:`bpcourse.widgets.new_figure`-style ``Figure``
objects (not pyplot's global state), so a notebook shows a figure by leaving it as the
cell's last expression.
"""

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

__all__: list[str] = []
__all__ += ["curves", "cost_curves", "accuracy_curves", "region_grid", "decision_regions", "digit_grid",
            "confusion_counts", "confusion_matrix"]
