"""Section 02's prose: the weights used, how the indices were computed, the seed's four
rules applied to the client, and which actions are fragile; all in the report language.

Examples
--------
>>> from chananalysis.methods.notes import Notes
>>> note_text(Notes(["new_channel", "levels_judged"]), "zh")
'新渠道；经销商格局按判断'
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from chananalysis.display.formatting import esc, fmt_pct, names_list
from chananalysis.i18n import join_items, join_sentences, notes_text, t
from chananalysis.methods.ahp import CONSISTENCY_LIMIT

if TYPE_CHECKING:
    from chananalysis.sections.scoring.review import ScoringReview

__all__ = [
    "note_text",
    "scoring_method_text",
    "summary_text",
    "weights_text",
]


def weights_text(q, info: dict, lang: str) -> str:
    """Which weights the scoring used and where they came from (AHP: with its CR).

    Examples
    --------
    >>> import pandas as pd
    >>> q = pd.Series({"sales": 40.0, "profit": 30.0, "growth": 20.0, "structure": 10.0})
    >>> print(weights_text(q, {"source": "given"}, "en"))  # doctest: +NORMALIZE_WHITESPACE
    Weights agreed with the client: sales capability 40, profitability 30, growth 20,
    dealer structure 10.
    """
    listed = join_items((f"{t(f'cs_factor_{k}', lang)} {v:.4g}" for k, v in q.items()), lang)
    if info["source"] == "default":
        return t("cs_weights_default", lang)
    if info["source"] == "given":
        return t("cs_weights_given", lang, list=listed)
    cr = float(info["cr"])
    text = t(
        "cs_weights_ahp",
        lang,
        list=listed,
        cr=cr,
        ok=t("cs_cr_ok" if cr <= CONSISTENCY_LIMIT else "cs_cr_bad", lang, limit=CONSISTENCY_LIMIT),
    )
    part = info.get("participant_cr")
    if part:
        text += " " + t(
            "cs_participants",
            lang,
            list=join_items(
                (t("cs_participant", lang, k=k + 1, cr=c) for k, c in enumerate(part)), lang
            ),
        )
        bad = [str(k + 1) for k, c in enumerate(part) if c > CONSISTENCY_LIMIT]
        if bad:
            text += " " + t(
                "cs_participants_bad", lang, list=join_items(bad, lang), limit=CONSISTENCY_LIMIT
            )
    return text


def scoring_method_text(scores, lang: str, *, growth_method: str = "factor") -> str:
    """How the indices were computed for this client: growth form, signed-safe factors,
    new channels, and where dealer structure came from."""
    company = scores.attrs.get("company_growth", float("nan"))
    h = "–" if math.isnan(company) else fmt_pct(company, signed=True)
    key = "cs_method_note" if growth_method == "factor" else "cs_method_ratio"
    parts = [t(key, lang, h=h)]
    notes = scores["note"]  # (code, argument) pairs per channel
    signed = sorted({arg for ns in notes for code, arg in ns if code == "signed_safe"})
    if signed:
        factors = join_items((t(f"cs_col_{s}", lang) for s in signed), lang)
        parts.append(t("cs_signed", lang, factors=factors))
    new = [c for c, ns in notes.items() if ("new_channel", "") in ns]
    if new:
        parts.append(t("cs_new", lang, names=names_list(new, lang)))
    sources = {
        c: next((code for code, _ in ns if code in _STRUCTURE), "") for c, ns in notes.items()
    }
    kinds = set(sources.values())
    if kinds == {"structure_none"}:
        parts.append(t("cs_structure_none", lang))
    elif kinds <= {"levels_judged", "levels_missing"}:
        parts.append(t("cs_structure_judged", lang))
    elif kinds == {"levels_derived"}:
        parts.append(t("cs_structure_derived", lang))
    else:
        judged = [c for c, s in sources.items() if s in ("levels_judged", "levels_missing")]
        parts.append(t("cs_structure_mixed", lang, judged=names_list(judged, lang)))
    return join_sentences(parts, lang)


def summary_text(review: ScoringReview, lang: str, *, currency: str = "CNY") -> str:
    """The seed's four rules applied to this client, then which decisions are fragile
    (``currency`` is taken as by every section's ``summary_text``; no amount is stated).

    1. exit the weak (I < low); 2. deepen and invest in the strong (I ≥ high);
    3. 做大放小 for the middle — the larger (W ≥ 100) grow, the smaller get less;
    4. check conflicts between the channels kept before the new system.
    """
    scores, sens, opts = review.scores, review.sensitivity, review.options
    low, high = opts["bands"]
    fragile_below = opts["fragile_below"]
    draws, concentration = opts["draws"], opts["concentration"]
    by = scores["action"]
    exit_, deepen = scores.index[by == "exit"], scores.index[by == "deepen"]
    middle = scores.index[by == "optimize"]
    paras = []
    paras.append(
        t("cs_rule_exit", lang, low=low, names=names_list(exit_, lang))
        if len(exit_)
        else t("cs_rule_exit_none", lang, low=low)
    )
    paras.append(
        t("cs_rule_deepen", lang, high=high, names=names_list(deepen, lang))
        if len(deepen)
        else t("cs_rule_deepen_none", lang, high=high)
    )
    if len(middle):
        big = [c for c in middle if scores.at[c, "W"] >= 100]
        small = [c for c in middle if scores.at[c, "W"] < 100]
        paras.append(
            t(
                "cs_rule_middle",
                lang,
                low=low,
                high=high,
                names=names_list(middle, lang),
                big=names_list(big, lang),
                small=names_list(small, lang),
            )
        )
    else:
        paras.append(t("cs_rule_middle_none", lang))
    kept = [c for c in scores.index if by[c] != "exit"]
    paras.append(t("cs_rule_conflict", lang, names=names_list(kept, lang)))
    paras.append(t("cs_rule_verdict", lang))
    fragile = sens[sens["fragile"]]
    if len(fragile):
        items = [
            t(
                "cs_fragile_item",
                lang,
                name=esc(c),
                action=t(f"cs_action_{r['action']}", lang),
                p=r["p_action"],
            )
            for c, r in fragile.iterrows()
        ]
        paras.append(
            t("cs_fragile", lang, p=fragile_below, list=t("cs_fragile_sep", lang).join(items))
        )
    else:
        paras.append(t("cs_robust", lang, draws=draws, kappa=concentration))
    return "\n\n".join(f"{k}. {p}" if k <= 4 else p for k, p in enumerate(paras, start=1))


#: The codes of ``channel_scores``' ``note`` that say where the dealer structure came from.
_STRUCTURE = ("levels_judged", "levels_derived", "levels_missing", "structure_none")


def note_text(note: object, lang: str) -> str:
    """A `channel_scores` ``note`` (a `chananalysis.methods.notes.Notes`) in the report
    language.

    Examples
    --------
    >>> from chananalysis.methods.notes import Notes
    >>> note_text(Notes(["new_channel", "levels_judged"]), "zh")
    '新渠道；经销商格局按判断'
    >>> note_text(Notes([("signed_safe", "X"), "structure_none"]), "en")
    'signed-safe X (a channel loses money); structure not assessed'
    """
    return notes_text(note, lang, _note_word, clauses=True)


def _note_word(code: str, arg: str, lang: str) -> str:
    return t(f"cs_note_{code}_{arg}" if arg else f"cs_note_{code}", lang)
