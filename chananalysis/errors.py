"""The kit's exceptions.

This module sits at the bottom of the package and imports only the message catalogue:
an error carries what it reports as records it only asks for their key, level or words
(such as `chananalysis.intake.problems.Problem`), never naming the layers above.

Examples
--------
>>> from chananalysis.intake.problems import Problem
>>> p = Problem("error", "negative", sheet="channels", row=7, column="sales", value=-5)
>>> isinstance(IntakeError([p]), ValueError)
True
>>> print(IntakeError([p], lang="en"))
The intake has 1 error:
- channels (渠道), row 7, column sales (销售额): -5 is negative; expected a number ≥ 0
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Protocol

__all__ = [
    "AHPError",
    "ChananalysisError",
    "DealerDataError",
    "InputDataError",
    "IntakeError",
    "ReportBusy",
    "ReportExists",
    "ScorecardConfigError",
    "ScoringError",
    "SectionFailed",
    "shown",
]


class ChananalysisError(Exception):
    """Base of every error the kit raises on purpose."""


class _Worded(Protocol):
    """What `IntakeError` asks of a problem: its level and its words in a language
    (`chananalysis.intake.problems.Problem` is one)."""

    @property
    def level(self) -> str: ...

    def message(self, lang: str = "zh") -> str: ...


class _Failure(Protocol):
    """What `SectionFailed` asks of a failed section: its key and its error message
    (`chananalysis.report.outcome.SectionResult` is one)."""

    @property
    def key(self) -> str: ...

    @property
    def error(self) -> str | None: ...


class IntakeError(ChananalysisError, ValueError):
    """An intake that cannot be used; carries every problem found, in one pass.

    Parameters
    ----------
    problems
        All problems found (errors and warnings); ``errors`` keeps only the errors.
    lang
        Language of ``str(err)``.
    """

    def __init__(self, problems: Iterable[_Worded], lang: str = "zh") -> None:
        self.problems = list(problems)
        self.lang = lang
        super().__init__(self._text())

    @property
    def errors(self) -> list[_Worded]:
        return [p for p in self.problems if p.level == "error"]

    def _text(self) -> str:
        from chananalysis.i18n import count_text, t

        errs = self.errors
        head = t("intake_invalid", self.lang, n=count_text(len(errs), "error", self.lang))
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

    def __init__(self, index: Path, failures: Sequence[_Failure]) -> None:
        self.index = index
        self.failures = list(failures)
        from chananalysis.i18n import count_text

        names = ", ".join(f"{f.key} ({f.error})" for f in failures)
        n = count_text(len(failures), "section", "en")
        super().__init__(f"{n} failed: {names}; report: {index}")


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
