"""Territory authorisation audit (docs/method.md §4.1): overlaps and blind spots, worked by hand."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from conftest import sample_client
from pandas.testing import assert_frame_equal

from chananalysis.errors import InputDataError
from chananalysis.intake.rows import tag_rows
from chananalysis.methods.authorization import authorization_audit

SAMPLES = Path(__file__).resolve().parent.parent / "data_samples"
YEAR = {"start": "2025-01-01", "end": "2025-12-31"}


def loaded(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` as load_client hands it out: tagged with its Excel rows (header = row 1)."""
    tag_rows(frame, range(2, len(frame) + 2))
    return frame


def auth(*rows: tuple) -> pd.DataFrame:
    """(dealer, territory, product_line, start, end or None) -> an authorizations sheet."""
    return pd.DataFrame(
        {
            "dealer": [r[0] for r in rows],
            "territory": [r[1] for r in rows],
            "product_line": [r[2] for r in rows],
            "start": pd.to_datetime([r[3] for r in rows]),
            "end": pd.to_datetime([r[4] for r in rows]),
        }
    )


def ranges(*rows: tuple, dealers: bool = False) -> pd.DataFrame:
    """Expected overlaps / blind spots: (territory, line, start, end, days[, dealers, n])."""
    out = pd.DataFrame(
        {
            "territory": [r[0] for r in rows],
            "product_line": [r[1] for r in rows],
            "start": pd.to_datetime([r[2] for r in rows]),
            "end": pd.to_datetime([r[3] for r in rows]),
            "days": [r[4] for r in rows],
        }
    )
    if dealers:
        out["dealers"] = [r[5] for r in rows]
        out["n_dealers"] = [r[6] for r in rows]
    return out


@pytest.mark.parametrize(
    ("rows", "overlaps", "blind"),
    [
        pytest.param(
            [("D1", "洛阳", "下饭菜", "2025-01-01", "2025-06-30"),
             ("D2", "洛阳", "下饭菜", "2025-07-01", "2025-12-31")],
            [],
            [],
            id="mid-year-hand-over-no-gap-no-overlap",
        ),
        pytest.param(
            # D1's last day is D2's first day: 06-30 held by both, 1 day
            [("D1", "洛阳", "下饭菜", "2025-01-01", "2025-06-30"),
             ("D2", "洛阳", "下饭菜", "2025-06-30", "2025-12-31")],
            [("洛阳", "下饭菜", "2025-06-30", "2025-06-30", 1, "D1;D2", 2)],
            [],
            id="one-day-overlap",
        ),
        pytest.param(
            # D1 ends 06-29, D2 starts 07-02: 06-30 and 07-01 nobody, 2 days
            [("D1", "洛阳", "下饭菜", "2025-01-01", "2025-06-29"),
             ("D2", "洛阳", "下饭菜", "2025-07-02", "2025-12-31")],
            [],
            [("洛阳", "下饭菜", "2025-06-30", "2025-07-01", 2)],
            id="two-day-gap",
        ),
        pytest.param(
            # blank end: open until 12-31; Jan + Feb before the start = 31 + 28 = 59 days
            [("D1", "洛阳", "下饭菜", "2025-03-01", None)],
            [],
            [("洛阳", "下饭菜", "2025-01-01", "2025-02-28", 59)],
            id="open-end-runs-to-period-end",
        ),
        pytest.param(
            # the same dealer twice (renewal overlapping the old contract): no conflict
            [("D1", "洛阳", "下饭菜", "2025-01-01", "2025-08-31"),
             ("D1", "洛阳", "下饭菜", "2025-06-01", "2025-12-31")],
            [],
            [],
            id="same-dealer-twice-is-no-overlap",
        ),
        pytest.param(
            # D1 all year; D2 Feb–Mar; D3 Mar–Apr: the set of holders changes on 03-01
            # and 04-01 -> Feb (28 days) D1;D2, Mar (31) D1;D2;D3, Apr (30) D1;D3
            [("D1", "郑州", "酱料", "2025-01-01", "2025-12-31"),
             ("D2", "郑州", "酱料", "2025-02-01", "2025-03-31"),
             ("D3", "郑州", "酱料", "2025-03-01", "2025-04-30")],
            [("郑州", "酱料", "2025-02-01", "2025-02-28", 28, "D1;D2", 2),
             ("郑州", "酱料", "2025-03-01", "2025-03-31", 31, "D1;D2;D3", 3),
             ("郑州", "酱料", "2025-04-01", "2025-04-30", 30, "D1;D3", 2)],
            [],
            id="holder-set-changes-split-the-overlap",
        ),
        pytest.param(
            # two lines: 酱料 fully held, 下饭菜 never in 开封 -> whole year, 365 days
            [("D1", "郑州", "酱料", "2025-01-01", "2025-12-31"),
             ("D2", "郑州", "下饭菜", "2025-01-01", "2025-12-31"),
             ("D3", "开封", "酱料", "2025-01-01", "2025-12-31")],
            [],
            [("开封", "下饭菜", "2025-01-01", "2025-12-31", 365)],
            id="line-never-held-in-a-territory",
        ),
    ],
)  # fmt: skip
def test_overlaps_and_blind_spots(rows, overlaps, blind):
    audit = authorization_audit(auth(*rows), **YEAR)
    if overlaps:
        assert_frame_equal(audit.overlaps, ranges(*overlaps, dealers=True))
    else:
        assert audit.overlaps.empty
    if blind:
        assert_frame_equal(audit.blind_spots, ranges(*blind))
    else:
        assert audit.blind_spots.empty


def test_hand_over_coverage_is_exclusive_all_year():
    a = auth(
        ("D1", "洛阳", "下饭菜", "2025-01-01", "2025-06-30"),
        ("D2", "洛阳", "下饭菜", "2025-07-01", "2025-12-31"),
    )
    cov = authorization_audit(a, **YEAR).coverage
    expected = pd.DataFrame(
        {
            "territory": ["洛阳"],
            "product_line": ["下饭菜"],
            "days": [365],
            "exclusive_days": [365],  # 181 days (Jan–Jun) + 184 (Jul–Dec)
            "overlap_days": [0],
            "blind_days": [0],
            "max_dealers": [1],
        }
    )
    assert_frame_equal(cov, expected)


def test_a_territory_nobody_holds_is_blind_for_every_line():
    a = auth(
        ("D1", "郑州", "酱料", "2025-01-01", "2025-12-31"),
        ("D2", "郑州", "下饭菜", "2025-01-01", "2025-12-31"),
    )
    sheet = pd.DataFrame({"territory": ["郑州", "兰考"], "neighbours": ["兰考", "郑州"]})
    audit = authorization_audit(a, territories=sheet, **YEAR)
    # 兰考 is in the territories sheet only: both lines blind all year (365 days)
    expected = ranges(
        ("兰考", "下饭菜", "2025-01-01", "2025-12-31", 365),
        ("兰考", "酱料", "2025-01-01", "2025-12-31", 365),
    )
    assert_frame_equal(audit.blind_spots, expected)
    assert audit.overlaps.empty


def test_by_month_counts_line_days_per_territory_and_month():
    # period 01-15 .. 03-10; D1 holds all of it (blank end); D2 01-31 .. 02-01 overlaps
    # D1 for one day in January and one in February; 下饭菜 is never held in 郑州.
    a = auth(
        ("D1", "郑州", "酱料", "2025-01-15", None),
        ("D2", "郑州", "酱料", "2025-01-31", "2025-02-01"),
        ("D3", "开封", "下饭菜", "2025-01-15", "2025-03-10"),
    )
    audit = authorization_audit(a, start="2025-01-15", end="2025-03-10")
    months = pd.to_datetime(["2025-01-01", "2025-02-01", "2025-03-01"])
    expected = pd.DataFrame(
        {
            "territory": ["开封"] * 3 + ["郑州"] * 3,
            "month": months.append(months),
            "days": [17, 28, 10] * 2,  # Jan 15–31 = 17, Feb 28, Mar 1–10 = 10
            "lines": [2] * 6,
            "overlap_days": [0, 0, 0, 1, 1, 0],
            # 开封 酱料 never held; 郑州 下饭菜 never held: the period's days in each month
            "blind_days": [17, 28, 10, 17, 28, 10],
        }
    )
    assert_frame_equal(audit.by_month, expected)


def test_period_defaults_to_the_span_and_clips_authorisations():
    a = auth(
        ("D1", "郑州", "酱料", "2025-03-01", "2025-05-31"),
        ("D2", "郑州", "酱料", "2025-06-10", "2025-08-31"),
    )
    audit = authorization_audit(a)
    assert (audit.start, audit.end) == (pd.Timestamp("2025-03-01"), pd.Timestamp("2025-08-31"))
    # 06-01 .. 06-09 = 9 days nobody
    assert_frame_equal(audit.blind_spots, ranges(("郑州", "酱料", "2025-06-01", "2025-06-09", 9)))
    # a shorter period clips: D1's March is outside, the June gap is inside
    clipped = authorization_audit(a, start="2025-04-01", end="2025-06-05")
    assert_frame_equal(clipped.blind_spots, ranges(("郑州", "酱料", "2025-06-01", "2025-06-05", 5)))


@pytest.mark.parametrize(
    ("frame", "options", "match"),
    [
        pytest.param(
            loaded(
                auth(
                    ("D1", "郑州", "酱料", "2025-01-01", "2025-12-31"),
                    ("D2", "开封", "酱料", "2025-07-01", "2025-06-30"),
                )
            ),
            {},
            r"authorizations, row 3 \(dealer D2, territory 开封, product_line 酱料\): "
            r"end \(结束日期\) 2025-06-30 is before start \(开始日期\) 2025-07-01",
            id="end-before-start-names-the-excel-row",
        ),
        pytest.param(
            auth(
                ("D1", "郑州", "酱料", "2025-01-01", "2025-12-31"),
                ("D2", "开封", "酱料", "2025-07-01", "2025-06-30"),
            ),
            {},
            r"authorizations, row 1 \(dealer D2, territory 开封, product_line 酱料\): end",
            id="end-before-start-names-the-index-label",
        ),
        pytest.param(
            auth(("D1", "郑州", "酱料", None, "2025-12-31")),
            YEAR,
            r"row 0 .*column start \(开始日期\): blank",
            id="blank-start",
        ),
        pytest.param(
            loaded(auth(("D1", "", "酱料", "2025-01-01", "2025-12-31"))),
            YEAR,
            r"row 2 .*column territory \(区域\): blank",
            id="blank-territory",
        ),
        pytest.param(
            auth(("D1", "郑州", "酱料", "2025-01-01", "2025-12-31")),
            {"start": "2025-12-31", "end": "2025-01-01"},
            r"end: the period ends \(2025-01-01\) before it starts \(2025-12-31\)",
            id="period-backwards",
        ),
        pytest.param(
            auth(("D1", "郑州", "酱料", "2025-01-01", "2025-12-31")).iloc[:0],
            {},
            r"no authorisation to take the period from",
            id="empty-without-period",
        ),
        pytest.param(
            auth(("D1", "郑州", "酱料", "2025-01-01", "2025-12-31")).drop(columns="dealer"),
            {},
            r"column dealer \(经销商编号\) is missing",
            id="missing-column",
        ),
    ],
)
def test_bad_input_is_refused(frame, options, match):
    with pytest.raises(InputDataError, match=match):
        authorization_audit(frame, **options)


def test_input_is_not_mutated():
    a = auth(
        ("D1", "郑州", "酱料", "2025-01-01", None),
        ("D2", "郑州", "酱料", "2025-06-30", "2025-12-31"),
    )
    before = a.copy()
    authorization_audit(a, **YEAR)
    assert_frame_equal(a, before)


def test_seasoning_sample_shows_its_planted_patterns():
    data = sample_client("seasoning")
    audit = authorization_audit(data.authorizations, territories=data.territories)
    # D002 was added for 郑州 酱料 04-01 .. 06-30 beside D001: 30 + 31 + 30 = 91 days
    assert_frame_equal(
        audit.overlaps,
        ranges(("郑州", "酱料", "2025-04-01", "2025-06-30", 91, "D001;D002", 2), dealers=True),
    )
    # 信阳's dealer ended 09-30 (Oct–Dec = 92 days); 兰考 has nobody (365 days);
    # 洛阳 下饭菜 is handed over D013 -> D062 on 07-01 without a gap
    expected = ranges(
        *[("信阳", line, "2025-10-01", "2025-12-31", 92) for line in ("下饭菜", "酱料", "餐调")],
        *[("兰考", line, "2025-01-01", "2025-12-31", 365) for line in ("下饭菜", "酱料", "餐调")],
    )
    assert_frame_equal(audit.blind_spots, expected)
