"""chananalysis — distribution-channel analysis for consultants and trainers.

The public API is what ``__all__`` lists: the intake, every method function that
``docs/methods.md`` documents, the report runner and the errors. ``docs/contract.md §1`` says
what callers may rely on and ``tests/test_contract.py`` pins the signatures (data positional,
options keyword-only).

Importing the package does no work: no fonts, no logging, no global options, and each
name's module is imported on first use (a section kernel that only scores channels
never pays for nbformat or Dask).

The names are listed once, in ``_EXPORTS`` (name -> module); ``__all__`` and the lazy
look-up are built from it. Type checkers and IDEs cannot follow a look-up in a dict, so the
``TYPE_CHECKING`` block at the end imports the same names statically (``name as name``,
the explicit re-export of a typed package); ``tests/test_contract.py`` checks that it holds
exactly the names and modules of ``_EXPORTS``.

Examples
--------
>>> import chananalysis as ca
>>> sorted(ca.SHEETS)[:3]
['authorizations', 'channel_importance', 'channels']
>>> ca.tiered_rebate(4_000_000, [(0, 0), (1e6, 0.01), (3e6, 0.02)], mode="marginal")
40000.0
>>> "coverage" in ca.__all__ and "coverage" in dir(ca)
True
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

#: public name -> module that defines it (the one list of the public API)
_EXPORTS: dict[str, str] = {
    "AHPError": "errors",
    "ChananalysisError": "errors",
    "DealerDataError": "errors",
    "InputDataError": "errors",
    "IntakeError": "errors",
    "Problem": "intake.problems",
    "ReportBusy": "errors",
    "ReportExists": "errors",
    "ScorecardConfigError": "errors",
    "ScoringError": "errors",
    "SectionFailed": "errors",
    "SHEETS": "intake.columns",
    "ClientData": "intake.read",
    "load_client": "intake.read",
    "validate_client": "intake.read",
    "write_intake": "intake.write",
    "write_intake_template": "intake.write",
    "adjustment_triggers": "methods.adjustment",
    "ahp_weights": "methods.ahp",
    "choose_weights": "methods.ahp",
    "consistency_ratio": "methods.ahp",
    "arbitrage_risk": "methods.arbitrage",
    "authorization_audit": "methods.authorization",
    "anti_diversion_measures": "methods.conflict",
    "conflict_findings": "methods.conflict",
    "coverage": "methods.coverage",
    "census_completeness": "methods.dealers",
    "channel_specialisation": "methods.dealers",
    "market_fit": "methods.dealers",
    "detect_diversion": "methods.diversion",
    "veto_counts": "methods.diversion",
    "financial_health": "methods.financials",
    "financial_ratios": "methods.financials",
    "franchise_economics": "methods.franchise",
    "channel_judgement": "methods.judgement",
    "system_after": "methods.judgement",
    "dealer_achievement": "methods.performance",
    "sales_performance": "methods.performance",
    "territory_performance": "methods.performance",
    "channel_length": "methods.portfolio",
    "channel_portfolio": "methods.portfolio",
    "overview_findings": "methods.portfolio",
    "price_ladder_audit": "methods.pricing",
    "composite_rebate": "methods.rebates",
    "dealers_near_cliffs": "methods.rebates",
    "rebate_cliffs": "methods.rebates",
    "tiered_rebate": "methods.rebates",
    "recommendations": "methods.recommendations",
    "star_scorecard": "methods.scorecard",
    "load_scorecard": "methods.scorecard_config",
    "channel_scores": "methods.scoring",
    "dealer_classes": "methods.scoring",
    "derived_levels": "methods.scoring",
    "weight_sensitivity": "methods.sensitivity",
    "stock_reconciliation": "methods.stockflow",
    "authorised_on": "methods.structure",
    "distribution_width": "methods.structure",
    "transaction_economy": "methods.structure",
    "review": "sections.client",
    "run_batch": "report.batch",
    "run_report": "report.run",
    "Section": "report.section",
    "open_section": "report.section",
}


__all__ = sorted(_EXPORTS)
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


# For type checkers and IDEs: the names of _EXPORTS, imported eagerly (never at run time).
if TYPE_CHECKING:
    from chananalysis.errors import AHPError as AHPError
    from chananalysis.errors import ChananalysisError as ChananalysisError
    from chananalysis.errors import DealerDataError as DealerDataError
    from chananalysis.errors import InputDataError as InputDataError
    from chananalysis.errors import IntakeError as IntakeError
    from chananalysis.errors import ReportBusy as ReportBusy
    from chananalysis.errors import ReportExists as ReportExists
    from chananalysis.errors import ScorecardConfigError as ScorecardConfigError
    from chananalysis.errors import ScoringError as ScoringError
    from chananalysis.errors import SectionFailed as SectionFailed
    from chananalysis.intake.columns import SHEETS as SHEETS
    from chananalysis.intake.problems import Problem as Problem
    from chananalysis.intake.read import ClientData as ClientData
    from chananalysis.intake.read import load_client as load_client
    from chananalysis.intake.read import validate_client as validate_client
    from chananalysis.intake.write import write_intake as write_intake
    from chananalysis.intake.write import write_intake_template as write_intake_template
    from chananalysis.methods.adjustment import adjustment_triggers as adjustment_triggers
    from chananalysis.methods.ahp import ahp_weights as ahp_weights
    from chananalysis.methods.ahp import choose_weights as choose_weights
    from chananalysis.methods.ahp import consistency_ratio as consistency_ratio
    from chananalysis.methods.arbitrage import arbitrage_risk as arbitrage_risk
    from chananalysis.methods.authorization import authorization_audit as authorization_audit
    from chananalysis.methods.conflict import anti_diversion_measures as anti_diversion_measures
    from chananalysis.methods.conflict import conflict_findings as conflict_findings
    from chananalysis.methods.coverage import coverage as coverage
    from chananalysis.methods.dealers import census_completeness as census_completeness
    from chananalysis.methods.dealers import channel_specialisation as channel_specialisation
    from chananalysis.methods.dealers import market_fit as market_fit
    from chananalysis.methods.diversion import detect_diversion as detect_diversion
    from chananalysis.methods.diversion import veto_counts as veto_counts
    from chananalysis.methods.financials import financial_health as financial_health
    from chananalysis.methods.financials import financial_ratios as financial_ratios
    from chananalysis.methods.franchise import franchise_economics as franchise_economics
    from chananalysis.methods.judgement import channel_judgement as channel_judgement
    from chananalysis.methods.judgement import system_after as system_after
    from chananalysis.methods.performance import dealer_achievement as dealer_achievement
    from chananalysis.methods.performance import sales_performance as sales_performance
    from chananalysis.methods.performance import territory_performance as territory_performance
    from chananalysis.methods.portfolio import channel_length as channel_length
    from chananalysis.methods.portfolio import channel_portfolio as channel_portfolio
    from chananalysis.methods.portfolio import overview_findings as overview_findings
    from chananalysis.methods.pricing import price_ladder_audit as price_ladder_audit
    from chananalysis.methods.rebates import composite_rebate as composite_rebate
    from chananalysis.methods.rebates import dealers_near_cliffs as dealers_near_cliffs
    from chananalysis.methods.rebates import rebate_cliffs as rebate_cliffs
    from chananalysis.methods.rebates import tiered_rebate as tiered_rebate
    from chananalysis.methods.recommendations import recommendations as recommendations
    from chananalysis.methods.scorecard import star_scorecard as star_scorecard
    from chananalysis.methods.scorecard_config import load_scorecard as load_scorecard
    from chananalysis.methods.scoring import channel_scores as channel_scores
    from chananalysis.methods.scoring import dealer_classes as dealer_classes
    from chananalysis.methods.scoring import derived_levels as derived_levels
    from chananalysis.methods.sensitivity import weight_sensitivity as weight_sensitivity
    from chananalysis.methods.stockflow import stock_reconciliation as stock_reconciliation
    from chananalysis.methods.structure import authorised_on as authorised_on
    from chananalysis.methods.structure import distribution_width as distribution_width
    from chananalysis.methods.structure import transaction_economy as transaction_economy
    from chananalysis.report.batch import run_batch as run_batch
    from chananalysis.report.run import run_report as run_report
    from chananalysis.report.section import Section as Section
    from chananalysis.report.section import open_section as open_section
    from chananalysis.sections.client import review as review
