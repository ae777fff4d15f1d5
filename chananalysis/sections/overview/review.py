"""Section 00 from one call: the channel portfolio and the facts its prose states.

Examples
--------
>>> import pathlib, tempfile
>>> from chananalysis.intake.read import load_client
>>> from chananalysis.intake.write import write_intake_template
>>> data = load_client(write_intake_template(pathlib.Path(tempfile.mkdtemp()) / "t.xlsx"))
>>> r = review(data)
>>> r.portfolio["share"].round(2).tolist()
[0.24, 0.6, 0.16]
>>> r.findings.top_channel, r.has_levels
('流通批发', True)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from chananalysis.methods.portfolio import OverviewFindings, channel_portfolio, overview_findings
from chananalysis.sections.registry import section_of

if TYPE_CHECKING:
    from chananalysis.intake.read import ClientData

__all__ = ["CONCENTRATION", "KEY", "OverviewReview", "review"]

#: This section's key (`chananalysis.sections.registry`).
KEY = section_of(__name__).key

#: Share of sales held by the two largest channels above which the portfolio is called
#: concentrated. **Decision** (not in the seeds): 70 %.
CONCENTRATION = 0.70


@dataclass(frozen=True)
class OverviewReview:
    """Everything section 00 shows.

    Attributes
    ----------
    portfolio
        `chananalysis.methods.portfolio.channel_portfolio` of the client's channels.
    findings
        `chananalysis.methods.portfolio.overview_findings` of that portfolio.
    concentrated_above
        The line the prose applies to the two largest channels' share.
    """

    portfolio: pd.DataFrame
    findings: OverviewFindings
    concentrated_above: float

    @property
    def has_levels(self) -> bool:
        """True when the intake gave channel levels, so channel length can be assessed."""
        return bool(self.portfolio["levels"].notna().any())


def review(data: ClientData, *, concentrated_above: float = CONCENTRATION) -> OverviewReview:
    """Run section 00 on a client's intake.

    Parameters
    ----------
    data
        The client's intake (`chananalysis.load_client`); only ``channels`` is read.
    concentrated_above
        **Decision:** the two largest channels' share of sales above which the mix is
        called concentrated (default `CONCENTRATION`).
    """
    portfolio = channel_portfolio(data.channels)
    result = OverviewReview(portfolio, overview_findings(portfolio), float(concentrated_above))
    return result
