"""How one section of a report ran: the record the runner keeps per section, that the
rendered report names (a failed section's error) and that `SectionFailed` carries.

Examples
--------
>>> r = SectionResult("01_channel_diagnosis", status="failed", error="ValueError: x")
>>> r.status, r.error, r.warnings
('failed', 'ValueError: x', [])
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["SectionResult"]


@dataclass
class SectionResult:
    """How one section ran.

    Parameters
    ----------
    key
        The section's notebook name (``01_channel_diagnosis``).
    status
        ``ok`` or ``failed`` (a cell raised).
    seconds
        Time its cells took.
    error
        ``<Exception>: <message>`` of the first error, ``None`` when none.
    warnings
        Lines the section wrote to stderr.
    """

    key: str
    status: str = "ok"  # ok | failed
    seconds: float = 0.0
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
