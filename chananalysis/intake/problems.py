"""The `Problem` record that intake validation reports, and its wording.

A problem names where it is (sheet, row as Excel shows it, column), what was found and
what was expected; `format_problem` words it in the report language from the message
catalogue (`chananalysis.i18n`), naming the sheet and the column by their labels in the
intake's column table (`chananalysis.intake.columns.SHEETS`).

Examples
--------
>>> p = Problem("error", "negative", sheet="channels", row=7, column="sales", value=-5)
>>> p.message("en")
'channels (渠道), row 7, column sales (销售额): -5 is negative; expected a number ≥ 0'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from chananalysis.i18n import labelled, t
from chananalysis.intake.columns import label

__all__ = ["Problem", "format_problem"]


@dataclass(frozen=True)
class Problem:
    """One finding of intake validation.

    Parameters
    ----------
    level
        ``"error"`` (the intake cannot be used) or ``"warning"`` (it can, but look).
    code
        Key of the message in the catalogue (``chananalysis.i18n.MESSAGES``).
    sheet, row, column
        Where: sheet key, the row number as Excel shows it (header = row 1) and the
        column key. ``row`` is ``None`` for a whole sheet or column.
    value
        The offending value as found in the file.
    params
        Further values the message names (expected values, first row of a duplicate …).
    """

    level: Literal["error", "warning"]
    code: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    value: Any = None
    params: dict[str, Any] = field(default_factory=dict, compare=False)
    record: bool = False  # row counts records (Parquet) rather than Excel rows

    def message(self, lang: str = "zh") -> str:
        """The message in ``lang`` (``"zh"`` or ``"en"``), naming where, value and rule."""
        return format_problem(self, lang)

    def __str__(self) -> str:
        return self.message("en")


def _where(p: Problem, lang: str) -> str:
    parts: list[str] = []
    if p.sheet:
        parts.append(t("where_sheet", lang, name=label(p.sheet)))
    if p.row is not None:
        parts.append(t("where_record" if p.record else "where_row", lang, n=p.row))
    if p.column:
        parts.append(
            t("where_column", lang, name=label(p.sheet, p.column) if p.sheet else p.column)
        )
    return t("where_sep", lang).join(parts)


def format_problem(p: Problem, lang: str = "zh") -> str:
    """Word a `Problem` as one line: where, then what was found and what was expected.

    Parameters
    ----------
    p
        The problem.
    lang
        ``"zh"`` or ``"en"``.

    Returns
    -------
    str
        ``<sheet>, <row>, <column>: <what>`` in ``lang``; only the message when the
        problem has no place (a file-level problem).

    References
    ----------
    The intake's message catalogue (`chananalysis.i18n.MESSAGES`, "where a problem is")
    and its column table (`chananalysis.intake.columns.SHEETS`).

    Examples
    --------
    >>> format_problem(Problem("error", "blank", sheet="channels", row=3, column="sales"), "zh")
    '工作表 channels (渠道)，第 3 行，列 sales (销售额)：为空；此项必填'
    >>> format_problem(Problem("error", "path_missing", params={"path": "x.xlsx"}), "en")
    'x.xlsx does not exist'
    """
    params = dict(p.params)
    if "expected_key" in params:  # an expected-value phrase, in the message's language
        params["expected"] = t(params.pop("expected_key"), lang)
    what = t(p.code, lang, value=p.value, **params)
    where = _where(p, lang)
    return labelled(where, what, lang) if where else what
