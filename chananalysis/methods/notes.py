"""The notes and flags a method leaves on a row of its result, as data.

A cell of a ``note``, ``notes``, ``flags``, ``flag`` or ``flagged`` column is a `Notes`:
``(code, value)`` pairs, ``value`` ``""`` when the code says it all
(``("new_channel", "")``) and otherwise what it is about (``("missing", "quick_ratio")``).
A row with nothing to note holds an empty `Notes`, which is false. The report words
them in its language from the catalogue (`chananalysis.i18n.notes_text`); ``str()`` gives
the codes as the result tables have always written them, ``code:value`` joined by
``"; "``, which is what a table shows where it is not worded.

Examples
--------
>>> n = Notes(["new_channel", ("signed_safe", "X")])
>>> n
Notes([('new_channel', ''), ('signed_safe', 'X')])
>>> str(n), n.codes, n.values("signed_safe"), bool(Notes())
('new_channel; signed_safe:X', ['new_channel', 'signed_safe'], ['X'], False)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

import numpy as np

__all__ = ["Notes", "notes_column"]


class Notes:
    """The notes of one row: ``(code, value)`` pairs, in the order the method found them.

    Iterating gives the pairs; an empty `Notes` is false; two are equal when their pairs
    are. Not a sequence to pandas, so a table prints a cell as `str` does.

    Parameters
    ----------
    items
        Codes (``"no_target"``) or ``(code, value)`` pairs; a value that is ``None`` or
        ``""`` means none.
    sep
        Keyword only: what ``str()`` writes between a code and its value: ``":"`` for
        notes and flags (``missing:quick_ratio``), ``"="`` for the facts of a finding
        (``growth=0.846``).

    Examples
    --------
    >>> Notes([("missing", "quick_ratio"), "no_denominator_all"])
    Notes([('missing', 'quick_ratio'), ('no_denominator_all', '')])
    >>> str(Notes([("growth", 0.5), ("reason", "fast_growth")], sep="="))
    'growth=0.5; reason=fast_growth'
    >>> dict(Notes([("growth", 0.5)], sep="="))
    {'growth': '0.5'}
    >>> [code for code, value in Notes(["x", ("y", 1)])]
    ['x', 'y']
    """

    __slots__ = ("pairs", "sep")

    def __init__(self, items: Iterable[str | tuple[str, object]] = (), *, sep: str = ":") -> None:
        pairs = []
        for item in items:
            code, value = (item, "") if isinstance(item, str) else item
            pairs.append((str(code), "" if value is None else str(value)))
        self.pairs: tuple[tuple[str, str], ...] = tuple(pairs)
        self.sep = sep

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self.pairs)

    def __bool__(self) -> bool:
        return bool(self.pairs)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Notes) and (other.pairs, other.sep) == (self.pairs, self.sep)

    def __hash__(self) -> int:
        return hash((self.pairs, self.sep))

    def __str__(self) -> str:
        return "; ".join(f"{c}{self.sep}{v}" if v else c for c, v in self.pairs)

    def __repr__(self) -> str:
        sep = "" if self.sep == ":" else f", sep={self.sep!r}"
        return f"Notes({list(self.pairs)!r}{sep})"

    @property
    def codes(self) -> list[str]:
        """The codes, in order."""
        return [c for c, _ in self.pairs]

    def values(self, code: str) -> list[str]:
        """The values noted with ``code``, in order."""
        return [v for c, v in self.pairs if c == code]


def notes_column(n: int, marks: Sequence[tuple[np.ndarray, str | tuple[str, object]]]) -> list:
    """One `Notes` per row from ``(mask, note)`` pairs: row i notes each ``note`` whose
    mask is true at i, in the order of ``marks``.

    Parameters
    ----------
    n
        The number of rows.
    marks
        ``(mask, note)``: a boolean array of ``n`` and a code or ``(code, value)`` pair.

    Returns
    -------
    list of Notes
        ``n`` cells, for an object column.

    References
    ----------
    docs/contract.md §1: notes leave the methods as codes with their values.

    Examples
    --------
    >>> notes_column(2, [(np.array([True, False]), "no_target"), (np.array([True, True]), "x")])
    [Notes([('no_target', ''), ('x', '')]), Notes([('x', '')])]
    """
    if len(marks) > 62:  # more flags than bits in a row's key: row by row
        rows: list[list] = [[] for _ in range(n)]
        for mask, note in marks:
            for i in np.flatnonzero(np.asarray(mask, dtype=bool)):
                rows[i].append(note)
        return [Notes(r) for r in rows]
    # rows with the same flags share one (immutable) Notes: one per combination, not per row
    key = np.zeros(n, dtype=np.int64)
    for bit, (mask, _) in enumerate(marks):
        key |= np.asarray(mask, dtype=bool).astype(np.int64) << bit
    combos, inverse = np.unique(key, return_inverse=True)
    made = [Notes(note for bit, (_, note) in enumerate(marks) if c >> bit & 1) for c in combos]
    return [made[j] for j in inverse.tolist()]
