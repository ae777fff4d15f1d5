"""The latest result of each section for a client, so that section 05 and the executive
summary build on exactly what the other sections showed (with the consultant's
parameters), without computing it again.

A report runs every section in one kernel, where the client's intake is one object
(`chananalysis.report.section.open_section` caches it): each section's ``review`` keeps
its result against that object, and `latest` hands it back only for the same object.
Run on its own, section 05 finds nothing kept and computes with the defaults.

Examples
--------
>>> class Intake: ...
>>> data = Intake()
>>> keep("00_overview", data, 42)
42
>>> latest("00_overview", data), latest("00_overview", Intake())
(42, None)
"""

from __future__ import annotations

import weakref
from typing import Any, TypeVar

__all__ = ["keep", "latest"]

T = TypeVar("T")
_KEPT: dict[str, tuple[weakref.ref, Any]] = {}


def keep(section: str, data: object, result: T) -> T:
    """Remember ``result`` as ``section``'s latest for the intake ``data``; returns it."""
    _KEPT[section] = (weakref.ref(data), result)
    return result


def latest(section: str, data: object) -> Any:
    """The result ``section`` kept for this very intake object, else ``None``."""
    entry = _KEPT.get(section)
    if entry is None or entry[0]() is not data:
        return None
    return entry[1]
