"""A method's notes as data (methods/notes.py), worded by one function (i18n.notes_text)
and written to tables.xlsx as the codes text the tables have always held."""

from __future__ import annotations

import numpy as np
import openpyxl
import pandas as pd
import pytest

from chananalysis.i18n import notes_text
from chananalysis.intake.read import load_client
from chananalysis.intake.write import write_intake_template
from chananalysis.methods.notes import Notes, notes_column
from chananalysis.report.section import Section
from chananalysis.report.tables import write_tables


@pytest.mark.parametrize(
    ("notes", "text"),
    [
        pytest.param(Notes(), "", id="none"),
        pytest.param(Notes(["new_channel"]), "new_channel", id="code"),
        pytest.param(Notes([("missing", "roe"), "x"]), "missing:roe; x", id="code-value"),
        pytest.param(Notes([("growth", -0.1), ("more", 16)], sep="="), "growth=-0.1; more=16"),
    ],
)
def test_notes_print_as_the_codes_text(notes, text):
    assert str(notes) == text
    assert pd.DataFrame({"n": [notes]}).to_string(index=False).splitlines()[-1].strip() == text


def test_notes_are_data():
    n = Notes([("no_denominator", "current_ratio"), "new_channel"])
    assert list(n) == [("no_denominator", "current_ratio"), ("new_channel", "")]
    assert n.codes == ["no_denominator", "new_channel"]
    assert n.values("no_denominator") == ["current_ratio"]
    assert n == Notes([("no_denominator", "current_ratio"), ("new_channel", None)])
    assert n != Notes([("no_denominator", "current_ratio"), "new_channel"], sep="=")
    assert not Notes() and bool(n)
    assert np.array([n, Notes()], dtype=object).shape == (2,)  # never split into pairs


def test_notes_column_keeps_the_order_of_the_marks():
    got = notes_column(3, [(np.array([1, 0, 1], bool), "a"), (np.array([1, 1, 0], bool), "b")])
    assert got == [Notes(["a", "b"]), Notes(["b"]), Notes(["a"])]


@pytest.mark.parametrize("extra", [0, 70], ids=["one-key-per-row", "more-flags-than-key-bits"])
def test_notes_column_gives_each_row_its_flags(extra):
    a = np.array([True, False, True, False])
    b = np.array([True, True, False, False])
    never = [(np.zeros(4, dtype=bool), f"never_{k}") for k in range(extra)]
    col = notes_column(4, [(a, "no_target"), *never, (b, ("missing", "roe"))])
    assert [str(n) for n in col] == ["no_target; missing:roe", "missing:roe", "no_target", ""]
    assert [bool(n) for n in col] == [True, True, True, False]


def test_rows_with_the_same_flags_share_one_notes():
    mask = np.arange(100_000) % 3 == 0
    col = notes_column(100_000, [(mask, "no_sales")])
    assert col[0] is col[3] and col[1] is col[2]  # two cells, not 100,000
    assert col[0] == Notes(["no_sales"]) and col[1] == Notes()


def test_notes_text_words_each_pair():
    word = {"a": "甲", "b": "乙"}
    got = notes_text(Notes(["a", ("b", "x")]), "zh", lambda c, v, lang: word[c] + v)
    assert got == "甲、乙x"
    assert notes_text(Notes(["a", "b"]), "en", lambda c, v, lang: c, clauses=True) == "a; b"
    assert notes_text(None, "zh", lambda c, v, lang: c) == ""
    assert notes_text(float("nan"), "zh", lambda c, v, lang: c) == ""


def test_a_table_saved_with_notes_holds_their_codes_text(tmp_path):
    data = load_client(write_intake_template(tmp_path / "t.xlsx"))
    s = Section("01_channel_diagnosis", data, "zh", tmp_path / "_tables" / "01", display=False)
    frame = pd.DataFrame(
        {"sales": [1.0, 2.0], "notes": [Notes([("missing", "roe"), "no_target"]), Notes()]},
        index=pd.Index(["KA", "餐饮"], name="channel"),
    )
    s.save(frame, "notes")
    write_tables(tmp_path / "_tables", tmp_path / "tables.xlsx", lang="zh")
    book = openpyxl.load_workbook(tmp_path / "tables.xlsx")
    cells = [c.value for row in book.worksheets[-1].iter_rows() for c in row]
    assert "missing:roe; no_target" in cells
