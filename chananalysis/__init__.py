"""chananalysis — distribution-channel analysis for consultants and trainers.

The public API is what ``__all__`` lists; ``tests/test_contract.py`` pins
its signatures (data positional, options keyword-only).
Importing the package does no work: no fonts, no logging, no global options, and each
name's module is imported on first use (a section kernel that only scores channels
never pays for nbformat or Dask).

Examples
--------
>>> import chananalysis as ca
>>> sorted(ca.SHEETS)[:3]
['authorizations', 'channel_importance', 'channels']
>>> set(ca.__all__) == set(ca._EXPORTS)
True
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

#: public name -> module that defines it
_EXPORTS: dict[str, str] = {
    "SHEETS": "intake.columns",
    "AHPError": "errors",
    "ahp_weights": "methods.ahp",
    "run_batch": "report.batch",
    "ChananalysisError": "errors",
    "IntakeError": "errors",
    "Problem": "errors",
    "ClientData": "intake.read",
    "load_client": "intake.read",
    "validate_client": "intake.read",
    "write_intake": "intake.write",
    "write_intake_template": "intake.write",
    "ReportBusy": "errors",
    "ReportExists": "errors",
    "SectionFailed": "errors",
    "run_report": "report.run",
    "ScoringError": "errors",
    "channel_scores": "methods.scoring",
    "dealer_classes": "methods.scoring",
    "Section": "report.section",
    "open_section": "report.section",
    "weight_sensitivity": "methods.sensitivity",
    "DealerDataError": "errors",
    "InputDataError": "errors",
    "ScorecardConfigError": "errors",
    "census_completeness": "methods.dealers",
    "market_fit": "methods.dealers",
    "load_scorecard": "methods.scorecard_config",
    "star_scorecard": "methods.scorecard",
    "authorization_audit": "methods.authorization",
    "price_ladder_audit": "methods.pricing",
    "arbitrage_risk": "methods.arbitrage",
    "detect_diversion": "methods.diversion",
    "financial_ratios": "methods.financials",
    "tiered_rebate": "methods.rebates",
    "recommendations": "methods.recommendations",
}

__all__ = [
    "SHEETS",
    "AHPError",
    "ChananalysisError",
    "ClientData",
    "DealerDataError",
    "InputDataError",
    "IntakeError",
    "Problem",
    "ReportBusy",
    "ReportExists",
    "ScorecardConfigError",
    "ScoringError",
    "Section",
    "SectionFailed",
    "ahp_weights",
    "arbitrage_risk",
    "authorization_audit",
    "census_completeness",
    "channel_scores",
    "dealer_classes",
    "detect_diversion",
    "financial_ratios",
    "load_client",
    "load_scorecard",
    "market_fit",
    "open_section",
    "price_ladder_audit",
    "recommendations",
    "run_batch",
    "run_report",
    "star_scorecard",
    "tiered_rebate",
    "validate_client",
    "weight_sensitivity",
    "write_intake",
    "write_intake_template",
]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'chananalysis' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"chananalysis.{module}"), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])


if TYPE_CHECKING:  # for type checkers and IDEs: the same names, imported eagerly
    from chananalysis.errors import (
        AHPError,
        ChananalysisError,
        DealerDataError,
        InputDataError,
        IntakeError,
        Problem,
        ReportBusy,
        ReportExists,
        ScorecardConfigError,
        ScoringError,
        SectionFailed,
    )
    from chananalysis.intake.columns import SHEETS
    from chananalysis.intake.read import ClientData, load_client, validate_client
    from chananalysis.intake.write import write_intake, write_intake_template
    from chananalysis.methods.ahp import ahp_weights
    from chananalysis.methods.arbitrage import arbitrage_risk
    from chananalysis.methods.authorization import authorization_audit
    from chananalysis.methods.dealers import census_completeness, market_fit
    from chananalysis.methods.diversion import detect_diversion
    from chananalysis.methods.financials import financial_ratios
    from chananalysis.methods.pricing import price_ladder_audit
    from chananalysis.methods.rebates import tiered_rebate
    from chananalysis.methods.recommendations import recommendations
    from chananalysis.methods.scorecard import star_scorecard
    from chananalysis.methods.scorecard_config import load_scorecard
    from chananalysis.methods.scoring import channel_scores, dealer_classes
    from chananalysis.methods.sensitivity import weight_sensitivity
    from chananalysis.report.batch import run_batch
    from chananalysis.report.run import run_report
    from chananalysis.report.section import Section, open_section
