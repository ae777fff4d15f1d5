"""``ca.review``: every section's review for one client in one object, each computed once,
with the options ``run_report`` takes; the report's notebooks read it (``S.review``)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from conftest import sample_client

import chananalysis as ca
from chananalysis.errors import InputDataError
from chananalysis.report.run import handoff, report_notebooks_dir
from chananalysis.sections.client import ClientReview
from chananalysis.sections.recommendations import review as recommendations
from chananalysis.sections.registry import SECTIONS

SAMPLES = Path(__file__).resolve().parent.parent / "data_samples"
SCORING, CONFLICT, SUMMARY = "02_channel_scoring", "04_conflict_review", SECTIONS[-1].key
#: Fewer weight draws than the default 2000: the sensitivity is not what is tested here.
FAST = {SCORING: {"draws": 200}}
#: Growth weighted 70: 电商's factors (README: W 47.3, X 35.5, Y 169.4, Z 66.1) give
#: 0.1 × 47.3 + 0.1 × 35.5 + 0.7 × 169.4 + 0.1 × 66.1 = 133.47 (deepen, from 120), against
#: (47.3 + 35.5 + 169.4 + 66.1) / 4 = 79.575 (exit, below 80) with the default 25 each.
GROWTH = {"sales": 10, "profit": 10, "growth": 70, "structure": 10}


@pytest.fixture
def seasoning():
    return sample_client("seasoning")


@pytest.mark.slow
def test_a_path_and_a_loaded_intake_give_the_same_sections(seasoning):
    by_path = ca.review(SAMPLES / "seasoning", params=FAST)
    by_data = ca.review(seasoning, params=FAST)
    assert isinstance(by_path, ClientReview) and by_data.data is seasoning
    pd.testing.assert_frame_equal(by_path.overview.portfolio, by_data.overview.portfolio)
    pd.testing.assert_frame_equal(by_path.diagnosis.performance, by_data.diagnosis.performance)
    pd.testing.assert_frame_equal(by_path.scoring.scores, by_data.scoring.scores)
    pd.testing.assert_frame_equal(by_path.dealers.league, by_data.dealers.league)
    pd.testing.assert_frame_equal(by_path.conflict.findings, by_data.conflict.findings)
    pd.testing.assert_frame_equal(by_path.decisions, by_data.decisions)
    assert by_path.computed == by_data.computed == [s.key for s in SECTIONS]


def test_params_as_a_mapping_or_a_yaml_file_change_the_review(seasoning, tmp_path):
    default = ca.review(seasoning, params=FAST)
    given = ca.review(seasoning, params={SCORING: {"weights": GROWTH, "draws": 200}})
    path = tmp_path / "params.yaml"
    path.write_text(
        f"{SCORING}:\n  draws: 200\n"
        "  weights: {sales: 10, profit: 10, growth: 70, structure: 10}\n",
        encoding="utf-8",
    )
    from_file = ca.review(seasoning, params=path)
    assert default.scoring.scores.loc["电商", "I"] == pytest.approx(79.575, abs=0.05)
    assert default.scoring.scores.loc["电商", "action"] == "exit"
    for r in (given, from_file):
        assert r.scoring.scores.loc["电商", "I"] == pytest.approx(133.47, abs=0.05)
        assert r.scoring.scores.loc["电商", "action"] == "deepen"
        assert r.params == {SCORING: {"weights": GROWTH, "draws": 200}}


def test_section_05_builds_on_the_reviews_it_is_given(seasoning):
    r = ca.review(seasoning, params={SCORING: {"weights": GROWTH, "draws": 200}})
    rec = r.recommendations
    assert rec.scoring is r.scoring and rec.conflict is r.conflict
    assert rec.diagnosis is r.diagnosis and rec.dealers is r.dealers
    assert rec.judgement.loc["电商", "seed_action"] == "deepen"  # the weights reached 05
    alone = recommendations.review(seasoning, scoring=r.scoring)  # the others: defaults
    assert alone.scoring is r.scoring and alone.conflict is not r.conflict


def test_an_unknown_section_or_option_is_named(seasoning):
    with pytest.raises(InputDataError, match=r"no report section '02_scoring'; sections: 00_"):
        ca.review(seasoning, params={"02_scoring": {"draws": 200}})
    with pytest.raises(InputDataError) as err:
        ca.review(seasoning, params={SCORING: {"drawz": 200}})
    message = str(err.value)
    assert message.startswith(f"section {SCORING} has no option drawz; it takes: ")
    assert "draws" in message and "weights" in message and "tables_dir" not in message
    r = ca.review(seasoning)
    with pytest.raises(InputDataError, match="section 04_conflict_review has no option fine;"):
        r.section(CONFLICT, fine=20)
    with pytest.raises(InputDataError, match="sections: 00_overview, 01_channel_diagnosis"):
        r.section("06_more")
    # section 05's inputs are the other sections' reviews, not options one sets
    with pytest.raises(InputDataError, match="has no option scoring"):
        r.section(SUMMARY, scoring=None)
    assert r.computed == []


def test_a_display_only_option_is_accepted_and_changes_nothing(seasoning):
    r = ca.review(seasoning, params={CONFLICT: {"top": 3, "fine_per_unit": 20}})
    first = r.conflict
    assert first.fine_per_unit == 20.0
    assert r.section(CONFLICT, fine_per_unit=20, top=10) is first  # same review options
    assert r.params[CONFLICT] == {"fine_per_unit": 20, "top": 10}  # what was last given
    diag = r.section("01_channel_diagnosis", top=5, lang="en")
    assert diag is r.diagnosis


def test_each_section_is_computed_once_and_again_only_with_other_options(seasoning):
    r = ca.review(seasoning, params=FAST)
    assert repr(r) == f"<ClientReview 豫香园食品有限公司: nothing computed yet; params {SCORING}>"
    scoring = r.scoring
    assert r.scoring is scoring
    assert r.section(SCORING, draws=200) is scoring
    assert r.section(SCORING, draws=200, bands=(80, 120)) is scoring  # the default, spelled
    rec = r.recommendations
    assert r.recommendations is rec and r.section(SUMMARY) is rec
    assert "05_integration_recommendations" in repr(r)

    other = r.section(SCORING, draws=100)
    assert other is not scoring and r.scoring is other
    assert r.params[SCORING] == {"draws": 100}
    assert SUMMARY not in r.computed  # built on the scoring replaced
    again = r.recommendations
    assert again is not rec and again.scoring is other
    assert again.conflict is rec.conflict  # the sections not asked again are kept

    rules = r.section(SUMMARY, terminal_below=0.4)  # section 05 again: the others stay
    assert rules is not again and rules.scoring is other and r.recommendations is rules


def test_every_report_notebook_asks_the_kernels_one_review():
    for info in SECTIONS:
        nb = json.loads((report_notebooks_dir() / f"{info.key}.ipynb").read_text("utf-8"))
        code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
        assert code.count("S.review.section(review.KEY, ") == 1, info.key
        assert "review.review(" not in code, info.key


def test_the_sections_of_a_report_share_one_intake_and_one_review(seasoning, tmp_path):
    """A report leaves its intake beside the tables; every section opened on it gets the
    same object, so they share one ``S.review``."""
    client = (SAMPLES / "seasoning").resolve()
    tables = tmp_path / "_tables"
    handoff(seasoning, client, tables)
    first = ca.open_section("00_overview", client, tables_dir=tables / "00", display=False)
    last = ca.open_section(SUMMARY, client, tables_dir=tables / "05", display=False)
    assert first.data is last.data
    assert first.review is last.review and first.review.data is first.data
