"""Section 04's prose and the tables made of words, in the report language (the other
tables are in `.tables`).

Every sentence comes from this section's ``messages.yaml``; dealer, territory and product
names pass through `chananalysis.display.formatting.esc`; codes (conflict types, causes,
remedies, severity) are worded from the catalogue.

Examples
--------
>>> from chananalysis.methods.notes import Notes
>>> codes_text(Notes(["goals", "roles"]), "cause", "zh")
'目标要求的差异、角色界定不清'
>>> codes_text(Notes(["design", "power"]), "remedy", "en")
'channel design and the choice of intermediaries, measured use of channel power'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from chananalysis.display.formatting import esc, fmt_amount, fmt_pct
from chananalysis.display.money import Money
from chananalysis.i18n import count_text, join_items, join_sentences, listing, notes_text, t
from chananalysis.methods.notes import Notes

if TYPE_CHECKING:
    from chananalysis.sections.conflict.review import ConflictReview

__all__ = [
    "arbitrage_text",
    "authorization_text",
    "codes_text",
    "diversion_text",
    "findings_table",
    "incidents_text",
    "measures_table",
    "prices_text",
    "receiver_word",
    "remedies_text",
    "severity_text",
    "subject_text",
    "subject_words",
    "summary_text",
    "worded",
]


def codes_text(codes: object, kind: str, lang: str) -> str:
    """Codes of `chananalysis.methods.conflict` — a `chananalysis.methods.notes.Notes`,
    or one code — in words (``kind``: ``cause``, ``remedy``, ``measure``, ``type``,
    ``kind``, ``severity``)."""
    if isinstance(codes, str):
        codes = Notes([codes] if codes else [])
    return notes_text(codes, lang, lambda code, _, lang: t(f"cf_{kind}_{code}", lang))


def _date(v: object) -> str:
    return pd.Timestamp(v).strftime("%Y-%m-%d") if pd.notna(v) else "–"


def subject_words(finding, lang: str) -> str:
    """Who or where a finding (a row of ``findings``) is about, with a price level in
    words; raw text, for tables."""
    level = getattr(finding, "level", None)
    if isinstance(level, str) and level:
        return f"{finding.subject} · {t(f'cf_level_{level}', lang)}"
    return str(finding.subject)


def subject_text(finding, lang: str) -> str:
    """`subject_words` escaped for the report's Markdown."""
    return esc(subject_words(finding, lang))


def summary_text(r: ConflictReview, lang: str, *, currency: str = "CNY") -> str:
    """What the review finds, one line per kind of finding, biggest first."""
    f = r.findings
    if f.empty:
        return t("cf_summary_none", lang)
    lines = [t("cf_summary_head", lang, n=len(f))]
    for kind, group in f.groupby("kind", sort=False):
        lines.append(
            "- "
            + t(
                "cf_summary_item",
                lang,
                kind=t(f"cf_kind_{kind}", lang),
                type=codes_text(Notes(sorted(set(group["type"]))), "type", lang),
                n=len(group),
                names=listing([subject_text(x, lang) for x in group.itertuples()], lang),
            )
        )
    if r.diversion is not None and r.fine_per_unit > 0:
        money = Money(lang, esc(currency))
        fines = r.diversion.fines
        lines.append(
            "- "
            + t(
                "cf_summary_fines",
                lang,
                amount=money(float(fines["amount"].sum())),
                fine=money.price(r.fine_per_unit),
            )
        )
    return "\n".join(lines)


def authorization_text(r: ConflictReview, lang: str) -> str:
    """Overlaps (horizontal-conflict risk) and blind spots (市场盲点), as date ranges."""
    a = r.audit
    parts = [t("cf_auth_period", lang, start=_date(a.start), end=_date(a.end))]
    if a.overlaps.empty:
        parts.append(t("cf_auth_no_overlap", lang))
    else:
        items = [
            t(
                "cf_auth_overlap_item",
                lang,
                where=esc(f"{o.territory} · {o.product_line}"),
                dealers=join_items((esc(d) for d in o.dealers.split(";")), lang),
                start=_date(o.start),
                end=_date(o.end),
                days=int(o.days),
            )
            for o in a.overlaps.itertuples()
        ]
        parts.append(
            t(
                "cf_auth_overlaps",
                lang,
                n=count_text(len(items), "overlap", lang),
                items=listing(items, lang),
            )
        )
    if a.blind_spots.empty:
        parts.append(t("cf_auth_no_blind", lang))
    else:
        b = a.blind_spots
        by_territory = (
            b.groupby("territory", sort=False)["days"]
            .max()
            .sort_values(ascending=False, kind="stable")
        )
        items = [
            t("cf_auth_blind_item", lang, where=esc(terr), days=int(days))
            for terr, days in by_territory.items()
        ]
        parts.append(
            t(
                "cf_auth_blinds",
                lang,
                n=count_text(len(b), "blind_spot", lang),
                items=listing(items, lang),
            )
        )
    return join_sentences(parts, lang)


def diversion_text(r: ConflictReview, lang: str) -> str:
    """What the codes show: scans counted, duplicates, unknown codes, ties, the share of
    units diverted and the main flows."""
    d = r.diversion
    s = d.by_dealer
    scanned, diverted = float(s["scanned_units"].sum()), float(s["diverted_units"].sum())
    parts = [
        t(
            "cf_div_counted",
            lang,
            scans=len(d.scans),
            duplicates=int(d.duplicates),
            unknown=len(d.unknown_codes),
        )
    ]
    if d.ties:
        parts.append(t("cf_div_ties", lang, n=int(d.ties)))
    if diverted == 0:
        parts.append(t("cf_div_none", lang))
        return join_sentences(parts, lang)
    parts.append(
        t(
            "cf_div_share",
            lang,
            units=fmt_amount(diverted),
            share=fmt_pct(diverted / scanned if scanned else float("nan")),
        )
    )
    flows = d.flows.stack()
    flows = flows[flows > 0].sort_values(ascending=False, kind="stable").head(3)
    items = [
        t("cf_div_flow_item", lang, source=esc(a), dest=esc(b), units=fmt_amount(u))
        for (a, b), u in flows.items()
    ]
    parts.append(t("cf_div_flows", lang, items=join_items(items, lang)))
    return join_sentences(parts, lang)


def severity_text(r: ConflictReview, lang: str) -> str:
    """How many dealers sit in each severity band, with the seed's two sayings."""
    s = r.diversion.by_dealer
    counts = s["severity"].value_counts()
    watch, danger = r.severity
    return t(
        "cf_div_severity",
        lang,
        normal=int(counts.get("normal", 0)),
        watch=int(counts.get("watch", 0)),
        dangerous=int(counts.get("dangerous", 0)),
        low=fmt_pct(watch, 0),
        high=fmt_pct(danger, 0),
        names=listing([esc(x) for x in s.index[s["severity"] == "dangerous"].astype(str)], lang),
    )


def incidents_text(r: ConflictReview, lang: str, *, currency: str = "CNY") -> str:
    """Incidents (dealer × destination × month) and the fines they carry."""
    d = r.diversion
    inc = d.incidents
    if inc.empty:
        return t("cf_inc_none", lang)
    parts = [t("cf_inc_count", lang, n=len(inc), dealers=inc["dealer"].nunique())]
    if r.fine_per_unit > 0:
        money = Money(lang, esc(currency))
        f = d.fines
        unassigned = float(f.loc[f["receiver"] == "unassigned", "amount"].sum())
        parts.append(
            t(
                "cf_inc_fines",
                lang,
                fine=money.price(r.fine_per_unit),
                amount=money(float(f["amount"].sum())),
            )
        )
        if unassigned:
            parts.append(t("cf_inc_unassigned", lang, amount=money(unassigned)))
    else:
        parts.append(t("cf_inc_no_fine", lang))
    return join_sentences(parts, lang)


def prices_text(r: ConflictReview, lang: str) -> str:
    """Ladder steps with too thin a margin, then dumping below the ladder's floors."""
    p = r.prices
    parts = []
    thin = p.ladder_checks[p.ladder_checks["structural_risk"]]
    if len(thin):
        items = [
            t(
                "cf_price_thin_item",
                lang,
                product=esc(c.product),
                level=t(f"cf_level_{c.level}", lang),
                margin=fmt_pct(c.margin),
                minimum=fmt_pct(c.min_margin),
            )
            for c in thin.itertuples()
        ]
        parts.append(t("cf_price_thin", lang, items=listing(items, lang)))
    else:
        parts.append(t("cf_price_ladder_ok", lang))
    b = p.breaches
    if b.empty:
        parts.append(t("cf_price_no_dumping", lang))
        return join_sentences(parts, lang)
    by_terr = b["territory"].value_counts(sort=True)
    parts.append(
        t(
            "cf_price_dumping",
            lang,
            n=len(b),
            total=int(p.by_product["observations"].sum()),
            worst=fmt_pct(-float(b["gap_pct"].min()) / 100),
            where=listing([esc(k) for k in by_terr.index], lang),
        )
    )
    return join_sentences(parts, lang)


def arbitrage_text(r: ConflictReview, lang: str, *, currency: str = "CNY") -> str:
    """Pairs of neighbours where the landed-price gap (per unit) beats the freight."""
    money = Money(lang, esc(currency))
    a = r.arbitrage
    pairs = a[a["incentive"]]
    if pairs.empty:
        return t("cf_arb_none", lang, n=len(a))
    top = pairs.sort_values("rank", kind="stable").head(3)
    items = [
        t(
            "cf_arb_item",
            lang,
            source=esc(x.source),
            dest=esc(x.destination),
            gap=money.price(x.gap),
        )
        for x in top.itertuples()
    ]
    return t("cf_arb_found", lang, n=len(pairs), total=len(a), items=join_items(items, lang))


def findings_table(r: ConflictReview, lang: str, *, top: int = 40) -> pd.DataFrame:
    """Every finding with its type, causes and the remedy for each stage, in words."""
    f = r.findings.head(top)
    out = pd.DataFrame(
        {
            "kind": [t(f"cf_kind_{k}", lang) for k in f["kind"]],
            "type": [t(f"cf_type_{k}", lang) for k in f["type"]],
            "subject": [subject_words(x, lang) for x in f.itertuples()],
            "causes": [codes_text(c, "cause", lang) for c in f["causes"]],
            "prevention": [codes_text(c, "remedy", lang) for c in f["prevention"]],
            "mitigation": [codes_text(c, "remedy", lang) for c in f["mitigation"]],
            "resolution": [codes_text(c, "remedy", lang) for c in f["resolution"]],
        }
    )
    return out


def remedies_text(r: ConflictReview, lang: str) -> str:
    """Each kind of finding with its conflict type, the seed's causes and its remedies by
    stage (prevention, mitigation, resolution)."""
    f = r.findings
    if f.empty:
        return t("cf_summary_none", lang)
    lines = []
    for kind, group in f.groupby("kind", sort=False):
        first = group.iloc[0]
        lines.append(
            "- "
            + t(
                "cf_rem_kind",
                lang,
                kind=t(f"cf_kind_{kind}", lang),
                type=codes_text(Notes(dict.fromkeys(group["type"])), "type", lang),
                n=len(group),
                causes=codes_text(first["causes"], "cause", lang),
                prevention=codes_text(first["prevention"], "remedy", lang),
                mitigation=codes_text(first["mitigation"], "remedy", lang),
                resolution=codes_text(first["resolution"], "remedy", lang),
            )
        )
    return "\n".join(lines)


def measures_table(r: ConflictReview, lang: str) -> pd.DataFrame:
    """The anti-diversion measures (seed 003, Wahaha) this client's findings call for."""
    m = r.measures
    return pd.DataFrame(
        {
            "measure": [t(f"cf_measure_{x}", lang) for x in m["measure"]],
            "findings": m["findings"],
            "kinds": [codes_text(k, "kind", lang) for k in m["kinds"]],
        }
    )


def receiver_word(receiver: object, lang: str) -> str:
    """A fine's receiver: the dealer, or the word for ``unassigned``."""
    return str(_special(receiver, lang))


def worded(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A result table as saved for ``tables.xlsx``: its codes in the report language
    (``severity``; ``unassigned`` receivers; ``unauthorised`` origins, also in a flow
    matrix's index)."""
    out = table.copy()
    if "severity" in out.columns:
        out["severity"] = [
            t(f"cf_severity_{v}", lang) if isinstance(v, str) else v for v in out["severity"]
        ]
    for col in ("receiver", "from_territory"):
        if col in out.columns:
            out[col] = [_special(v, lang) for v in out[col].astype(object)]
    if out.index.name == "from":
        out.index = out.index.map(lambda v: _special(v, lang)).rename("from")
    return out


def _special(value: object, lang: str) -> object:
    if not isinstance(value, str):
        return value
    words = {"unassigned": "cf_unassigned", "unauthorised": "cf_unauthorised"}
    return "; ".join(t(words[v], lang) if v in words else v for v in value.split("; "))
