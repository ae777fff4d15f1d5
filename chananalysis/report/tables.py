"""``tables.xlsx``: every result table a section saved, one sheet each, in report order.

Text is always written as text (a client's ``=HYPERLINK(…)`` stays a string, never a
formula); missing values are empty cells.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["write_tables"]


def write_tables(tables: Path, dest: Path) -> list[str]:
    """Every saved result table as one sheet of ``tables.xlsx``; text always as text."""
    import openpyxl
    import pandas as pd
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    wb = openpyxl.Workbook(write_only=True)
    names: list[str] = []
    for path in sorted(tables.glob("*/*.parquet")):
        df = pd.read_parquet(path)
        name = path.stem[:31]
        ws = wb.create_sheet(name)
        names.append(name)
        frame = df.reset_index()
        head = []
        for col in frame.columns:
            cell = WriteOnlyCell(ws, value=str(col))
            cell.font = Font(bold=True)
            cell.data_type = "s"
            head.append(cell)
        ws.append(head)
        for row in frame.itertuples(index=False):
            cells = []
            for v in row:
                if v is None or (not isinstance(v, str) and pd.isna(v)):
                    v = None
                elif hasattr(v, "item"):
                    v = v.item()
                cell = WriteOnlyCell(ws, value=v)
                if isinstance(v, str):
                    cell.data_type = "s"  # "=…", "+…", "-…", "@…" stay text, never formulas
                cells.append(cell)
            ws.append(cells)
    if not names:
        ws = wb.create_sheet("tables")
        ws.append(["(no result tables)"])
    wb.save(dest)
    return names
