"""The broken-input corpus (tests/corpus/build.py): every workbook and folder a client
might send gets its exact message — sheet, Excel row, column key and Chinese header,
value, what was expected — or loads where its intent is unambiguous, through the API and
through ``chananalysis validate``, never with a traceback; and a property test that no
generated channels sheet makes the loader raise anything but `IntakeError`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import string
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from corpus.build import CASES, HEAD, Case, book, csv_text
from hypothesis import given, settings
from hypothesis import strategies as st

import chananalysis as ca
from chananalysis.cli import main
from chananalysis.intake.parse import parse_sheet

BY_ID = {c.id: c for c in CASES}


def _hashes(folder: Path) -> dict[str, str]:
    return {
        str(p): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _built(case: Case, tmp_path: Path) -> tuple[Path, dict[str, str]]:
    folder = tmp_path / case.id
    folder.mkdir()
    return case.make(folder), _hashes(folder)


def _expected(case: Case, folder: Path) -> tuple[list[str], list[str]]:
    return (
        [m.format(dir=folder) for m in case.errors],
        [m.format(dir=folder) for m in case.warnings],
    )


def _plain(v: object) -> object:
    if isinstance(v, (pd.Timestamp, dt.datetime)):
        return v.strftime("%Y-%m-%d")
    return v.item() if hasattr(v, "item") else v


def _values(data: ca.ClientData, where: str) -> list:
    sheet, column = where.split(".")
    frame = getattr(data, sheet)
    if column == "len":
        return [len(frame)]
    return [_plain(v) for v in frame[column].tolist()]


def _param(case: Case):
    slow = [pytest.mark.slow] if case.slow else []  # a case of seconds
    return pytest.param(case, id=f"{case.id}-{case.outcome}", marks=slow)


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_corpus_case_through_the_api(case, tmp_path):
    path, before = _built(case, tmp_path)
    errors, warnings = _expected(case, tmp_path / case.id)
    if case.errors:
        with pytest.raises(ca.IntakeError) as caught:
            ca.load_client(path, lang="en")
        problems = caught.value.problems
        assert [p.message("en") for p in caught.value.errors] == errors
    else:
        data = ca.load_client(path, lang="en")
        problems = data.warnings
        for where, values in case.loads.items():
            assert _values(data, where) == values, where
    got = [p.message("en") for p in problems if p.level == "warning"]
    assert [w for w in warnings if w not in got] == [], got
    assert all(p.message("zh") for p in problems)  # every message exists in Chinese too
    if not case.slow:
        assert ca.validate_client(path) == problems  # the same problems, in the same order
    assert _hashes(tmp_path / case.id) == before  # input files are never modified


@pytest.mark.parametrize("case", [_param(c) for c in CASES if not c.slow])
def test_corpus_case_through_the_cli(case, tmp_path):
    path, _ = _built(case, tmp_path)
    errors, warnings = _expected(case, tmp_path / case.id)
    res = CliRunner().invoke(main, ["validate", str(path), "--lang", "en"])
    assert res.exit_code == (1 if case.errors else 0), res.output
    assert res.exception is None or isinstance(res.exception, SystemExit)
    assert "Traceback" not in res.output
    expected = [f"error: {m}" for m in errors]
    if errors:
        n = len(errors)
        expected.append(f"The intake has {n} error{'' if n == 1 else 's'}.")
    assert res.stderr.splitlines() == expected
    out_lines = res.stdout.splitlines()
    assert [w for w in warnings if f"warning: {w}" not in out_lines] == []


@pytest.mark.parametrize("case_id", ["damaged-deflate-data", "encrypted-workbook"])
def test_corpus_case_as_a_subprocess(case_id, tmp_path):
    case = BY_ID[case_id]
    path, _ = _built(case, tmp_path)
    errors, _ = _expected(case, tmp_path / case.id)
    res = subprocess.run(
        [sys.executable, "-m", "chananalysis.cli", "validate", str(path), "--lang", "en"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert res.returncode == (1 if errors else 0)
    assert "Traceback" not in res.stderr + res.stdout
    assert [ln for ln in res.stderr.splitlines() if ln.startswith("error: ")] == [
        f"error: {m}" for m in errors
    ]


def test_corpus_has_forty_cases_of_both_outcomes():
    assert len(CASES) >= 40
    assert {c.outcome for c in CASES} == {"error", "loads"}


# --- property: any channels sheet gives problems, never an exception ------------------

#: Problems about one cell: they must name the row and the column.
CELL_CODES = {
    "blank",
    "excel_error",
    "not_number",
    "too_large",
    "negative",
    "not_whole",
    "rate_percent",
    "rate_ge_one",
    "fullwidth",
    "duplicate",
    "bad_date",
    "bad_bool",
    "bad_enum",
}

_TEXT = st.text(
    alphabet=st.sampled_from(
        list(string.ascii_letters + string.digits + " .,-+%#/eE")
        + list("渠道销售额ＫＡ１２３４５６７８９０，．％－　（）：")
    ),
    max_size=8,
)
_CELL = st.one_of(
    st.none(),
    _TEXT,
    st.sampled_from(
        [
            *("inf", "-inf", "nan", "1e400", "-1e400", "#DIV/0!", "#N/A", "#REF!"),
            *("１２３", "ＫＡ", "３５％", "35%", " ", "　", "2025年3月1日"),
            *("channel", "sales", "渠道", "销售额", "fixed_cost"),  # a header row below row 1
        ]
    ),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([1e15, 1e300, -1e300, 0.35, 35.0, 1.5, -0.0]),
    st.booleans(),
    st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2040, 1, 1)),
)
_HEADER = st.lists(
    st.one_of(st.sampled_from([*HEAD, "销售额", "渠道", "levels", "备注"]), st.none()),
    min_size=1,
    max_size=7,
)


@st.composite
def _sheets(draw) -> list[list]:
    header = draw(_HEADER)
    rows = draw(st.lists(st.lists(_CELL, min_size=len(header), max_size=len(header)), max_size=6))
    return [header, *rows]


def _check(problems) -> None:
    for p in problems:
        assert p.message("en") and p.message("zh")
        if p.code in CELL_CODES:
            assert p.sheet == "channels" and p.row is not None and p.column, p


@settings(max_examples=200, deadline=None, database=None)
@given(_sheets())
def test_any_channels_sheet_parses_to_problems(rows):
    raw = pd.DataFrame(rows[1:], dtype=object)
    raw = raw.reindex(columns=range(len(rows[0])))
    raw.columns = rows[0]
    raw.index = range(2, len(rows) + 1)  # Excel rows
    _, problems = parse_sheet("channels", raw)
    assert all(p.sheet == "channels" for p in problems)
    _check(problems)


@settings(max_examples=30, deadline=None, database=None)
@given(_sheets(), st.sampled_from(["xlsx", "csv"]))
def test_any_channels_sheet_loads_or_raises_intake_error(tmp_path_factory, rows, form):
    folder = tmp_path_factory.mktemp("gen")
    if form == "xlsx":
        path = book(folder, channels=rows)
    else:
        book(folder, channels=None)
        (folder / "channels.csv").write_text(csv_text(rows), encoding="utf-8")
        path = folder
    try:
        data = ca.load_client(path, lang="en")
    except ca.IntakeError as err:
        problems = err.problems
        assert err.errors
    else:
        problems = data.warnings
    file_level = [p for p in problems if p.sheet is None]
    assert file_level == [], [p.message("en") for p in file_level]
    _check(problems)
