"""chananalysis — distribution-channel analysis for consultants and trainers.

The public API is what ``__all__`` lists; see CONTRACT.md for the stable surface.
Importing the package does no work: no fonts, no logging, no global options.

Examples
--------
>>> import chananalysis as ca
>>> sorted(ca.SHEETS)[:3]
['authorizations', 'channel_importance', 'channels']
"""

from chananalysis.ahp import AHPError, ahp_weights
from chananalysis.batch import run_batch
from chananalysis.columns import SHEETS
from chananalysis.errors import ChananalysisError, IntakeError, Problem
from chananalysis.intake import (
    ClientData,
    load_client,
    validate_client,
    write_intake,
    write_intake_template,
)
from chananalysis.report import ReportExists, SectionFailed, run_report
from chananalysis.scoring import ScoringError, channel_scores, dealer_classes
from chananalysis.section import Section, open_section
from chananalysis.sensitivity import weight_sensitivity

__all__ = [
    "SHEETS",
    "AHPError",
    "ChananalysisError",
    "ClientData",
    "IntakeError",
    "Problem",
    "ReportExists",
    "ScoringError",
    "Section",
    "SectionFailed",
    "ahp_weights",
    "channel_scores",
    "dealer_classes",
    "load_client",
    "open_section",
    "run_batch",
    "run_report",
    "validate_client",
    "weight_sensitivity",
    "write_intake",
    "write_intake_template",
]

__version__ = "0.1.0"
