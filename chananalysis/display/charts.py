"""The size of every section chart: the page width, and the height of a chart of n rows.

Every chart is as wide as the report's page (`PAGE_WIDTH` inches, what the print CSS
gives a figure); a chart with one bar, dot or heat-map row per item (channels, dealers,
territories) grows by a height per row on top of the room its title, axis and legend
take. The per-row height and that extra room differ by chart (a heat map needs more room
per row than a dot plot), so they are arguments, not one fixed formula.

An axis that counts things (dealers, cases, incidents, units) has whole-number ticks
(`integer_axis`): never 0.0 / 2.5 / 5.0.

Examples
--------
>>> page_figsize(3.8)
(7.5, 3.8)
>>> bar_figsize(4, per_row=0.5, extra=1.6)
(7.5, 3.6)
"""

from __future__ import annotations

__all__ = ["PAGE_WIDTH", "bar_figsize", "integer_axis", "page_figsize"]

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


def integer_axis(ax, which: str = "x") -> None:
    """Give a count axis whole-number ticks, written without decimals.

    Parameters
    ----------
    ax
        The matplotlib Axes (or a colorbar's Axes) whose axis counts things.
    which
        ``"x"``, ``"y"`` or ``"both"``: the axis that counts.

    Returns
    -------
    None
        The axis is changed in place: a `matplotlib.ticker.MaxNLocator` with
        ``integer=True`` places the ticks, and they read ``0``, ``2``, ``4`` (thousands
        separated: ``1,000``).

    Raises
    ------
    ValueError
        ``which`` is none of ``"x"``, ``"y"``, ``"both"``.

    Notes
    -----
    A count axis of a few items (five dumping cases) would otherwise be ticked
    0.0 / 2.5 / 5.0 by matplotlib's default locator.

    References
    ----------
    matplotlib, ``matplotlib.ticker.MaxNLocator`` (``integer=True``).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> _ = ax.barh(["a", "b"], [5, 2])
    >>> integer_axis(ax, "x")
    >>> fig.canvas.draw()
    >>> [t.get_text() for t in ax.get_xticklabels()][:6]
    ['0', '1', '2', '3', '4', '5']
    >>> plt.close(fig)
    """
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    if which not in ("x", "y", "both"):
        raise ValueError(f"which must be 'x', 'y' or 'both'; got {which!r}")
    axes = [ax.xaxis, ax.yaxis] if which == "both" else [getattr(ax, f"{which}axis")]
    for axis in axes:
        axis.set_major_locator(MaxNLocator(integer=True))
        axis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
