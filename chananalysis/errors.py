"""The kit's exceptions and the `Problem` record that intake validation reports.

Examples
--------
>>> p = Problem("error", "negative", sheet="channels", row=7, column="sales", value=-5)
>>> p.message("en")
'channels (渠道), row 7, column sales (销售额): -5 is negative; expected a number ≥ 0'
>>> isinstance(IntakeError([p]), ValueError)
True
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from chananalysis.report.run import SectionResult

__all__ = [
    "AHPError",
    "ChananalysisError",
    "DealerDataError",
    "InputDataError",
    "IntakeError",
    "Problem",
    "ReportBusy",
    "ReportExists",
    "ScorecardConfigError",
    "ScoringError",
    "SectionFailed",
    "shown",
]


class ChananalysisError(Exception):
    """Base of every error the kit raises on purpose."""


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
        from chananalysis.i18n import format_problem

        return format_problem(self, lang)

    def __str__(self) -> str:
        return self.message("en")


class IntakeError(ChananalysisError, ValueError):
    """An intake that cannot be used; carries every problem found, in one pass.

    Parameters
    ----------
    problems
        All problems found (errors and warnings); ``errors`` keeps only the errors.
    lang
        Language of ``str(err)``.
    """

    def __init__(self, problems: Iterable[Problem], lang: str = "zh") -> None:
        self.problems = list(problems)
        self.lang = lang
        super().__init__(self._text())

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]

    def _text(self) -> str:
        from chananalysis.i18n import t

        errs = self.errors
        head = t("intake_invalid", self.lang, n=len(errs))
        return "\n".join([head, *(f"- {p.message(self.lang)}" for p in errs)])


class ScorecardConfigError(ChananalysisError, ValueError):
    """A scorecard configuration that cannot be used; the message names the key path."""


class InputDataError(ChananalysisError, ValueError):
    """A table or an option given to a method that cannot be used (dealer data, a price
    ladder, product codes, a franchise's figures, …); the message names the table or
    argument, the row as the intake shows it, the rule and the value."""


#: Deprecated alias of `InputDataError`, kept for one release: the methods raise
#: `InputDataError`, and ``except DealerDataError`` still catches it.
DealerDataError = InputDataError


class AHPError(ChananalysisError, ValueError):
    """A pairwise matrix that cannot be used, or one too inconsistent."""


class ScoringError(ChananalysisError, ValueError):
    """Scoring arguments that cannot be used (weights not summing to 100, …)."""


class ReportExists(ChananalysisError, FileExistsError):
    """The report folder exists and ``force`` was not given."""


class ReportBusy(ChananalysisError):
    """Another run is writing the same report folder right now."""


class SectionFailed(ChananalysisError):
    """One or more sections raised; the report was still written, status ``failed``."""

    def __init__(self, index: Path, failures: list[SectionResult]) -> None:
        self.index = index
        self.failures = failures
        names = ", ".join(f"{f.key} ({f.error})" for f in failures)
        super().__init__(f"{len(failures)} section(s) failed: {names}; report: {index}")


def shown(value: object) -> str:
    """A value as an error message shows it: text in quotes, numbers plain (no NumPy
    repr), anything else as its repr.

    Examples
    --------
    >>> shown("abc"), shown(3.0), shown(None)
    ('"abc"', '3', 'None')
    """
    import numpy as np

    if isinstance(value, np.bool_):  # a cell of a bool column: True, not np.True_
        value = bool(value)
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        return f"{float(value):g}"
    return repr(value)
