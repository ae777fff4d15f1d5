"""The size of every section chart: the page width, and the height of a chart of n rows.

Every chart is as wide as the report's page (`PAGE_WIDTH` inches, what the print CSS
gives a figure); a chart with one bar, dot or heat-map row per item (channels, dealers,
territories) grows by a height per row on top of the room its title, axis and legend
take. The per-row height and that extra room differ by chart (a heat map needs more room
per row than a dot plot), so they are arguments, not one fixed formula.

Examples
--------
>>> page_figsize(3.8)
(7.5, 3.8)
>>> bar_figsize(4, per_row=0.5, extra=1.6)
(7.5, 3.6)
"""

from __future__ import annotations

__all__ = ["PAGE_WIDTH", "bar_figsize", "page_figsize"]

#: Width of every chart in inches: the report page's text width.
PAGE_WIDTH = 7.5


def page_figsize(height: float) -> tuple[float, float]:
    """Size of a page-wide chart of a fixed height (a scatter, a curve, a few bars).

    Parameters
    ----------
    height
        Height in inches.

    Returns
    -------
    tuple of float
        ``(PAGE_WIDTH, height)``, for matplotlib's ``figsize``.

    References
    ----------
    The report's page layout (``templates/report``): charts span the text width.

    Examples
    --------
    >>> page_figsize(4.4)
    (7.5, 4.4)
    """
    return (PAGE_WIDTH, height)


def bar_figsize(
    n_rows: int, *, per_row: float = 0.45, extra: float = 1.4, min_rows: int = 0
) -> tuple[float, float]:
    """Size of a page-wide chart with one row per item (horizontal bars, dots, a heat map).

    Parameters
    ----------
    n_rows
        Number of rows drawn (bars, dot rows or heat-map rows).
    per_row
        Height of one row in inches.
    extra
        Height in inches for the title, the axis and the legend, whatever the rows.
    min_rows
        Rows to leave room for even when fewer are drawn (an empty chart still shows
        its axes and message).

    Returns
    -------
    tuple of float
        ``(PAGE_WIDTH, per_row * max(n_rows, min_rows) + extra)``, for matplotlib's
        ``figsize``.

    Notes
    -----
    height = per_row · max(n_rows, min_rows) + extra.

    References
    ----------
    The report's page layout (``templates/report``): charts span the text width and grow
    with their rows so that labels never overlap.

    Examples
    --------
    >>> bar_figsize(6)
    (7.5, 4.1)
    >>> bar_figsize(0, per_row=0.5, extra=1.5, min_rows=1)
    (7.5, 2.0)
    """
    return (PAGE_WIDTH, per_row * max(n_rows, min_rows) + extra)
