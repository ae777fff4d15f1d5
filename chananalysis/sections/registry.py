"""The report's sections, in one place: number, key, package, message prefix, review class.

The runner (`chananalysis.report.run`), the report's contents and "About the data" box
(`chananalysis.report.render`), ``tables.xlsx`` (`chananalysis.report.tables`), the
section packages and the notebooks read this table instead of keeping lists of their own.
A section's title lives in the catalogue (``sec_<key>`` in its ``messages.yaml``, zh and
en); `SectionInfo.title` reads it.

Every section package has the same parts, with the same names in each:

- ``review.py``: ``review(data, **options)`` computes the section; it returns a
  ``<Package>Review`` dataclass (the class named in `SectionInfo.review_class`); ``KEY``
  is the section's key (``section_of(__name__).key``), which its notebook opens;
- ``text.py``: the section's prose in the report language; ``summary_text(result, lang,
  *, currency)`` is the section's lead paragraph where it has one;
- ``tables.py``: the tables the section shows or saves, and the column formats (kinds) of
  each in ``KINDS`` (section 03's tables share one set of columns: there ``KINDS`` maps
  columns, and ``table_kinds(card)`` adds the scorecard's);
- ``charts.py``: ``*_chart(...)`` functions returning a matplotlib figure, or ``None``
  when there is nothing to draw (`chananalysis.report.section.Section.figure` shows
  nothing for ``None``);
- ``messages.yaml``: its strings, every key starting with the section's prefix.

Examples
--------
>>> [s.key for s in SECTIONS][:2]
['00_overview', '01_channel_diagnosis']
>>> info = section("02_channel_scoring")
>>> info.number, info.package, info.prefix, info.review_class
(2, 'scoring', 'cs', 'ScoringReview')
>>> info.title("en")
'Channel scoring: the 8S four-factor model'
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["SECTIONS", "SUMMARY_SECTION", "SectionInfo", "section", "section_keys", "section_of"]


@dataclass(frozen=True)
class SectionInfo:
    """One report section: where it sits in the report and where its code is."""

    number: int
    key: str  # the notebook's name, notebooks/report/<key>.ipynb
    package: str  # chananalysis.sections.<package>
    prefix: str  # of its message keys, and of its tables' titles (<prefix>_table_<name>)
    #: the intake sheets whose numbers it shows (for the report's "About the data" box)
    sheets: tuple[str, ...] = ()

    @property
    def review_class(self) -> str:
        """Name of the dataclass ``review()`` returns: ``<Package>Review``."""
        return f"{self.package.capitalize()}Review"

    @property
    def module(self) -> str:
        """The section's package, importable: ``chananalysis.sections.<package>``."""
        return f"chananalysis.sections.{self.package}"

    def title(self, lang: str) -> str:
        """The section's title in ``lang`` (catalogue key ``sec_<key>``)."""
        from chananalysis.i18n import t

        return t(f"sec_{self.key}", lang)


#: Every report section, in report order.
SECTIONS: tuple[SectionInfo, ...] = (
    SectionInfo(0, "00_overview", "overview", "ov", ("client", "channels")),
    SectionInfo(
        1,
        "01_channel_diagnosis",
        "diagnosis",
        "dg",
        (
            "channels",
            "dealers",
            "dealer_kpis",
            "financials",
            "authorizations",
            "territories",
            "inventory",
            "rebate_tiers",
        ),
    ),
    SectionInfo(
        2,
        "02_channel_scoring",
        "scoring",
        "cs",
        ("channels", "channel_importance", "dealers", "dealer_channel_sales"),
    ),
    SectionInfo(
        3,
        "03_dealer_evaluation",
        "dealers",
        "de",
        ("dealers", "dealer_channel_sales", "dealer_kpis"),
    ),
    SectionInfo(
        4,
        "04_conflict_review",
        "conflict",
        "cf",
        (
            "authorizations",
            "territories",
            "shipments",
            "scans",
            "price_ladder",
            "price_observations",
        ),
    ),
    # builds on every other section: affected by whatever affects them
    SectionInfo(5, "05_integration_recommendations", "recommendations", "rc"),
)
_BY_KEY = {s.key: s for s in SECTIONS}

#: The section that builds on every other one and writes the executive summary.
SUMMARY_SECTION = "05_integration_recommendations"


def section(key: str) -> SectionInfo | None:
    """The section of notebook ``key``, or ``None`` when ``key`` is not a kit section.

    Examples
    --------
    >>> section("04_conflict_review").package, section("99_mine")
    ('conflict', None)
    """
    return _BY_KEY.get(key)


def section_keys() -> list[str]:
    """The keys of the report's sections, in report order.

    Examples
    --------
    >>> section_keys()[-1]
    '05_integration_recommendations'
    """
    return [s.key for s in SECTIONS]


def section_of(module: str) -> SectionInfo:
    """The section a module of ``chananalysis.sections.<package>`` belongs to (a section
    package names itself with ``section_of(__name__)``).

    Examples
    --------
    >>> section_of("chananalysis.sections.dealers.review").key
    '03_dealer_evaluation'
    """
    package = module.split(".")[2] if module.startswith("chananalysis.sections.") else ""
    for s in SECTIONS:
        if s.package == package:
            return s
    raise ValueError(f"{module} is not in a report section's package")
