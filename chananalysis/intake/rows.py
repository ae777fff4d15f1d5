"""Where each row of a loaded sheet stood in the file the client sent.

`load_client` hands out every sheet with a fresh 0, 1, 2 … index (blank rows dropped),
and tags it with where each of those rows was: the row number as Excel shows it (header
= row 1), or the record number of a Parquet file. A method that refuses a value names the
row by `file_row`, so a consultant finds the cell in the workbook; a frame built by hand
has no tag and its rows are named by index label.

The tag is ``frame.attrs["intake_rows"] = (word, breaks, n)``: ``word`` is ``"row"`` or
``"record"``, ``n`` the number of rows tagged and ``breaks`` the ``(label, number)`` pairs
where the numbering jumps (a run of dropped blank rows), so a sheet without gaps carries
one pair whatever its length (pandas copies ``attrs`` into every derived frame). Filtering
and sorting keep the index labels and so the tag's meaning; a frame whose index was reset
or replaced after loading no longer matches it, and `file_row` then refuses labels out of
range and any label that is not an integer.

Examples
--------
>>> frame = pd.DataFrame({"sales": [1, 2, 3]})
>>> tag_rows(frame, [2, 3, 5])
>>> frame.attrs["intake_rows"]
('row', ((0, 2), (2, 5)), 3)
>>> file_row(frame, 2), file_row(frame.iloc[[1]], 1), file_row(frame, "x")
(('row', 5), ('row', 3), None)
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

import numpy as np
import pandas as pd

__all__ = ["ROWS_ATTR", "file_row", "tag_rows"]

#: The key of ``DataFrame.attrs`` under which a loaded sheet keeps its file rows.
ROWS_ATTR = "intake_rows"


def tag_rows(frame: pd.DataFrame, rows: Sequence[int], *, record: bool = False) -> None:
    """Tag ``frame`` (index 0 … n-1) with the file row of each of its rows, in place.

    Parameters
    ----------
    frame
        A sheet as loaded, index 0 … n-1.
    rows
        The row number in the file of each row of ``frame``, in order.
    record
        Keyword only: the numbers count Parquet records rather than Excel rows.

    Returns
    -------
    None
        ``frame.attrs["intake_rows"]`` is set.

    References
    ----------
    docs/contract.md §3: messages name the row as Excel shows it (header = row 1).

    Examples
    --------
    >>> f = pd.DataFrame({"x": [1, 2]})
    >>> tag_rows(f, [1, 2], record=True)
    >>> f.attrs["intake_rows"]
    ('record', ((0, 1),), 2)
    """
    numbers = np.asarray(rows, dtype="int64")
    jumps = np.flatnonzero(np.diff(numbers) != 1) + 1  # where the numbering does not go on
    starts = np.concatenate([[0], jumps]) if len(numbers) else np.empty(0, dtype="int64")
    breaks = tuple((int(i), int(numbers[i])) for i in starts)
    frame.attrs[ROWS_ATTR] = ("record" if record else "row", breaks, len(numbers))


def file_row(frame: pd.DataFrame | pd.Series, label: object) -> tuple[str, int] | None:
    """``("row", 7)`` — the word and number naming the row at index ``label`` in the file
    the frame was loaded from; ``None`` when the frame carries no tag or the label cannot
    be one of its rows.

    Parameters
    ----------
    frame
        A frame (or one of its columns) as `load_client` gave it, possibly filtered.
    label
        The row's index label.

    Returns
    -------
    tuple of (str, int) or None
        ``("row", n)`` for an Excel or CSV row (header = row 1), ``("record", n)`` for a
        Parquet record.

    References
    ----------
    docs/contract.md §3: messages name the row as Excel shows it (header = row 1).

    Examples
    --------
    >>> f = pd.DataFrame({"x": [1, 2]})
    >>> file_row(f, 0) is None
    True
    >>> tag_rows(f, [2, 3])
    >>> file_row(f, 1)
    ('row', 3)
    """
    tag = frame.attrs.get(ROWS_ATTR)
    if not tag or isinstance(label, bool | np.bool_):
        return None
    if not isinstance(label, int | np.integer):
        return None
    word, breaks, n = tag
    label = int(label)
    if not 0 <= label < n:
        return None
    first, number = breaks[bisect.bisect_right(breaks, (label, float("inf"))) - 1]
    return word, number + label - first
