"""Report tables: headers in the report language, every cell escaped, never two columns
with one header (pandas' Styler refuses duplicate labels)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from chananalysis.display.formatting import style_table


def test_columns_worded_alike_keep_their_keys():
    df = pd.DataFrame({"dealers": ["D1;D2"], "n_dealers": [2]})
    html = style_table(
        df, {"n_dealers": "int"}, "en", {"dealers": "Dealers", "n_dealers": "Dealers"}
    ).to_html()
    assert "Dealers (dealers)" in html and "Dealers (n_dealers)" in html


def test_section_headers_come_from_its_prefix_and_cells_are_escaped():
    df = pd.DataFrame({"W": [100.0], "sales": [1.0]}, index=pd.Index(["<b>KA</b>"], name="channel"))
    html = style_table(df, {"W": "number", "sales": "amount"}, "zh", prefix="cs").to_html()
    assert "销售能力 W" in html and "销售额" in html and "渠道" in html
    assert "&lt;b&gt;KA&lt;/b&gt;" in html and "<b>KA</b>" not in html


def test_a_yes_no_cell_reads_yes_or_no_whatever_its_column():
    """By the value's type: a bool column with or without a kind, NumPy booleans in an
    object column, a nullable boolean with a gap; 0 and 1 stay numbers."""
    df = pd.DataFrame(
        {
            "covered": [True, False],
            "fragile": pd.array([True, None], dtype="boolean"),
            "mixed": np.array([np.False_, "x"], dtype=object),
            "n": [1, 0],
        }
    )
    kinds = {"fragile": "text", "n": "int"}
    zh = style_table(df, kinds, "zh").data
    assert zh.to_numpy().tolist() == [["是", "是", "否", "1"], ["否", "–", "x", "0"]]
    en = style_table(df, kinds, "en").data
    assert en.iloc[:, :2].to_numpy().tolist() == [["Yes", "Yes"], ["No", "–"]]
    assert "True" not in style_table(df, kinds, "en").to_html()


def test_ranks_and_counts_have_no_decimals():
    """A rank or a count made float by a missing value: 1, 2, –; a statistic of ranks: 2
    when whole, 2.5 between two ranks."""
    df = pd.DataFrame({"rank": [1.0, 2.0, np.nan], "rank_median": [2.0, 2.5, 1.0]})
    shown = style_table(df, {"rank": "int", "rank_median": "rank"}, "en").data
    assert shown.to_numpy().tolist() == [["1", "2"], ["2", "2.5"], ["–", "1"]]
