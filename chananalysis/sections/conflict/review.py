"""Section 04 from one call: the authorisation audit, diversion (窜货) traced from product
codes, the price-ladder audit, arbitrage risk between neighbouring territories, and every
finding typed with its causes and remedies.

Each part runs when the intake has its sheets and is ``None`` otherwise; the text says
which were skipped.

Examples
--------
>>> from chananalysis.intake.read import load_client
>>> from chananalysis.resources import resource_dir
>>> r = review(load_client(resource_dir("data_samples") / "feed"), fine_per_unit=20.0)
>>> r.audit.overlaps.empty, len(r.prices.breaches), r.findings["kind"].unique().tolist()
(True, 20, ['diversion', 'dumping', 'arbitrage'])
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from chananalysis.methods.arbitrage import arbitrage_risk
from chananalysis.methods.authorization import AuthorizationAudit, authorization_audit
from chananalysis.methods.conflict import anti_diversion_measures, conflict_findings
from chananalysis.methods.diversion import (
    DEFAULT_ENGINE,
    DEFAULT_SEVERITY,
    Diversion,
    detect_diversion,
)
from chananalysis.methods.pricing import PriceAudit, price_ladder_audit
from chananalysis.sections.registry import section_of

if TYPE_CHECKING:
    from chananalysis.intake.read import ClientData

__all__ = ["KEY", "ConflictReview", "review"]

#: This section's key (`chananalysis.sections.registry`).
KEY = section_of(__name__).key


@dataclass(frozen=True)
class ConflictReview:
    """Everything section 04 shows; a part is ``None`` when its sheets were not given.

    Attributes
    ----------
    diversion
        `chananalysis.detect_diversion` (``shipments`` and ``scans`` given).
    audit
        `chananalysis.methods.authorization.authorization_audit` (``authorizations``).
    prices
        `chananalysis.methods.pricing.price_ladder_audit` (``price_ladder``).
    arbitrage
        `chananalysis.methods.arbitrage.arbitrage_risk` (``territories``), exposure from
        the units scanned in each destination when codes were traced.
    findings
        `chananalysis.methods.conflict.conflict_findings` of all the above.
    measures
        `chananalysis.methods.conflict.anti_diversion_measures` of the findings.
    fine_per_unit, severity
        The options applied.
    """

    diversion: Diversion | None
    audit: AuthorizationAudit | None
    prices: PriceAudit | None
    arbitrage: pd.DataFrame | None
    findings: pd.DataFrame
    measures: pd.DataFrame
    fine_per_unit: float
    severity: tuple[float, float]


def scanned_units(diversion: Diversion | None) -> pd.Series | None:
    """Units scanned (first scans) per territory: the volume at stake in each market."""
    if diversion is None:
        return None
    return diversion.scans.groupby("territory", sort=True)["units"].sum()


def review(
    data: ClientData,
    *,
    fine_per_unit: float = 0.0,
    severity: Sequence[float] = DEFAULT_SEVERITY,
    engine: str = DEFAULT_ENGINE,
) -> ConflictReview:
    """Run section 04 on a client's intake.

    Parameters
    ----------
    data
        The client's intake (`chananalysis.load_client`).
    fine_per_unit
        Fine per diverted unit, paid to the dealer harmed (seed 003 case 4: 20 yuan a
        bag). 0 (the default) shows no fines.
    severity
        The diversion-rate bands (watch from, dangerous above) of `detect_diversion`.
    engine
        ``"duckdb"`` (in process, the default) or ``"pandas"``.
    """
    diversion = None
    if data.shipments is not None and data.scans is not None:
        diversion = detect_diversion(
            data.shipments,
            data.scans,
            authorizations=data.authorizations,
            fine_per_unit=fine_per_unit,
            engine=engine,
            severity=tuple(severity),
        )
    audit = None
    if data.authorizations is not None:
        audit = authorization_audit(data.authorizations, territories=data.territories)
    prices = None
    if data.price_ladder is not None:
        prices = price_ladder_audit(data.price_ladder, data.price_observations)
    arbitrage = None
    if data.territories is not None:
        arbitrage = arbitrage_risk(data.territories, volume=scanned_units(diversion))
    findings = conflict_findings(
        by_dealer=diversion.by_dealer if diversion is not None else None,
        overlaps=audit.overlaps if audit is not None else None,
        blind_spots=audit.blind_spots if audit is not None else None,
        breaches=prices.breaches if prices is not None else None,
        ladder_checks=prices.ladder_checks if prices is not None else None,
        arbitrage=arbitrage,
    )
    result = ConflictReview(
        diversion,
        audit,
        prices,
        arbitrage,
        findings,
        anti_diversion_measures(findings),
        float(fine_per_unit),
        (float(severity[0]), float(severity[1])),
    )
    return result
