"""Report tables: headers in the report language, every cell escaped, never two columns
with one header (pandas' Styler refuses duplicate labels)."""

from __future__ import annotations

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
