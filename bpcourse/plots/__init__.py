"""Figure helpers for the notebooks: each takes arrays and returns a matplotlib Figure.

They draw on figures made with :func:`bpcourse.widgets.new_figure`-style ``Figure``
objects (not pyplot's global state), so a notebook shows a figure by leaving it as the
cell's last expression.
"""

from bpcourse.plots.diagram import network_diagram, neuron_positions

__all__: list[str] = []
__all__ += ["network_diagram", "neuron_positions"]
