"""Write intake workbooks: a client's frames as an ``.xlsx`` intake, and the blank template.

The template (``templates/intake/intake_{zh,en}.xlsx``) carries an instructions sheet
explaining every column with its unit, headers in the chosen language and example rows
that validate clean. Text cells are written as text, never as formulas.

Examples
--------
>>> import tempfile, pathlib
>>> from chananalysis.intake.read import load_client
>>> p = write_intake_template(pathlib.Path(tempfile.mkdtemp()) / "t.xlsx", lang="en")
>>> load_client(p).channels["channel"].tolist()
['KA卖场', '流通批发', '餐饮']
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from chananalysis.i18n import check_lang, pick, t
from chananalysis.intake.columns import ENUMS, KINDS, SHEETS, Sheet

__all__ = ["write_intake", "write_intake_template"]


# --- writing -----------------------------------------------------------------------------


def _cell_value(kind: str, enum: str | None, v: object, lang: str) -> object:
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return None
    if kind == "bool":
        v = v if isinstance(v, bool) else str(v).strip().casefold() in ("yes", "true", "1", "是")
        return t("tpl_yes" if v else "tpl_no", lang)
    if kind == "enum" and enum:
        key = ENUMS[enum].lookup().get(str(v).casefold(), str(v))
        return ENUMS[enum].label(key, lang) if key in ENUMS[enum].keys else v
    if kind == "date":
        return pd.Timestamp(v).to_pydatetime() if not isinstance(v, dt.date) else v
    if isinstance(v, np.generic):
        return v.item()
    return v


def _write_sheet(wb, sheet: Sheet, frame: pd.DataFrame, lang: str) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(sheet.name(lang))
    head_font, head_fill = Font(bold=True, color="FFFFFF"), PatternFill("solid", "1F4E79")
    if sheet.layout == "fields":
        cols = [("field", "字段"), ("value", "值")]
        header = [pick(lang, en=en, zh=zh) for en, zh in cols]
        by_key = {c.key: c for c in sheet.columns}
        body = []
        for name, value in zip(frame["field"], frame["value"], strict=True):
            col = by_key[name]
            body.append([col.header(lang), _cell_value(col.kind, col.enum, value, lang)])
        kinds = ["text", "mixed"]
    else:
        columns = [c for c in sheet.columns if c.key in frame.columns]
        header = [c.header(lang) for c in columns]
        kinds = [c.kind for c in columns]
        data = [frame[c.key].tolist() for c in columns]
        body = (
            [
                [_cell_value(c.kind, c.enum, v, lang) for c, v in zip(columns, row, strict=True)]
                for row in zip(*data, strict=True)
            ]
            if columns
            else []
        )
    for i, h in enumerate(header, start=1):
        ws.column_dimensions[get_column_letter(i)].width = max(12, min(40, 2 * len(str(h)) + 4))
    ws.freeze_panes = "A2"
    cells = []
    for h in header:
        cell = WriteOnlyCell(ws, value=h)
        cell.font, cell.fill = head_font, head_fill
        cell.alignment = Alignment(horizontal="center")
        cells.append(cell)
    ws.append(cells)
    for row in body:
        out = []
        for kind, v in zip(kinds, row, strict=True):
            cell = WriteOnlyCell(ws, value=v)
            if isinstance(v, str):
                # text is text: "=SUM(…)" from a client never becomes a formula
                cell.data_type = "s"
            elif isinstance(v, dt.date):
                cell.number_format = "yyyy-mm-dd"
            elif kind == "rate":
                cell.number_format = "0.00%"
            elif kind in ("amount", "signed") and isinstance(v, float | int):
                cell.number_format = "#,##0.##"
            out.append(cell)
        ws.append(out)


def write_intake(
    dest: str | os.PathLike,
    frames: Mapping[str, pd.DataFrame],
    *,
    lang: str = "zh",
    external: Mapping[str, str] | None = None,
) -> Path:
    """Write a client folder: ``client.xlsx`` plus the ``external`` sheets as files.

    Parameters
    ----------
    dest
        Folder to write (created if needed).
    frames
        Sheet key -> DataFrame with English column keys (``client``: ``field, value``).
    lang
        Header language of the workbook and CSV files.
    external
        Sheet key -> ``"parquet"`` or ``"csv"`` for sheets written beside the workbook
        (tables too large for Excel, such as ``scans``).

    Returns
    -------
    Path
        The folder written.
    """
    check_lang(lang)
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    external = dict(external or {})
    unknown = sorted(set(frames) - set(SHEETS))
    if unknown:
        raise ValueError(f"unknown sheet key(s): {', '.join(unknown)}")
    _write_book(
        dest / "client.xlsx", {k: f for k, f in frames.items() if k not in external}, lang=lang
    )
    for key, fmt in external.items():
        frame = frames[key]
        if fmt == "parquet":
            frame.to_parquet(dest / f"{key}.parquet", index=False, compression="zstd")
        elif fmt == "csv":
            sheet = SHEETS[key]
            frame.rename(columns={c.key: c.header(lang) for c in sheet.columns}).to_csv(
                dest / f"{key}.csv", index=False, encoding="utf-8-sig", date_format="%Y-%m-%d"
            )
        else:
            raise ValueError(f'external format for {key} must be "parquet" or "csv"; got "{fmt}"')
    return dest


def _write_book(
    path: Path, frames: Mapping[str, pd.DataFrame], *, lang: str, instructions: bool = False
) -> None:
    import openpyxl

    wb = openpyxl.Workbook(write_only=True)
    if instructions:
        _write_instructions(wb, lang)
    for key, sheet in SHEETS.items():
        if key in frames:
            _write_sheet(wb, sheet, frames[key], lang)
    tmp = path.with_name(f".{path.name}.tmp")
    wb.save(tmp)
    os.replace(tmp, path)


_INSTR_HEAD = {
    "en": [
        "sheet",
        "column (key)",
        "header",
        "required",
        "type",
        "unit",
        "meaning",
        "allowed values",
    ],
    "zh": ["工作表", "列(英文键)", "列标题", "必填", "类型", "单位", "说明", "可选值"],
}


def _write_instructions(wb, lang: str) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font

    ws = wb.create_sheet(t("tpl_instructions_sheet", lang))
    for letter, width in zip("ABCDEFGH", (18, 26, 20, 8, 26, 12, 60, 40), strict=True):
        ws.column_dimensions[letter].width = width
    title = WriteOnlyCell(ws, value=t("tpl_intro", lang))
    title.font = Font(bold=True)
    ws.append([title])
    ws.append([])
    head = []
    for h in _INSTR_HEAD[lang]:
        cell = WriteOnlyCell(ws, value=h)
        cell.font = Font(bold=True)
        head.append(cell)
    ws.append(head)
    yes, no = t("tpl_yes", lang), ""
    for sheet in SHEETS.values():
        doc = pick(lang, en=sheet.en_doc, zh=sheet.zh_doc)
        req = yes if sheet.required else no
        first = WriteOnlyCell(ws, value=sheet.name(lang))
        first.font = Font(bold=True)
        ws.append([first, "", "", req, "", "", doc, ""])
        cols = sheet.columns
        if sheet.layout == "fields":
            ws.append(
                [
                    "",
                    "field / value",
                    "字段 / 值",
                    yes,
                    "",
                    "",
                    t("tpl_fields_row", lang),
                    "",
                ]
            )
        for c in cols:
            kind_en, kind_zh = KINDS[c.kind]
            allowed = ENUMS[c.enum].describe() if c.enum else ""
            meaning = WriteOnlyCell(ws, value=pick(lang, en=c.en_doc, zh=c.zh_doc))
            meaning.alignment = Alignment(wrap_text=True)
            ws.append(
                [
                    "",
                    c.key,
                    c.zh,
                    yes if c.required else no,
                    pick(lang, en=kind_en, zh=kind_zh),
                    pick(lang, en=c.unit[0], zh=c.unit[1]),
                    meaning,
                    allowed,
                ]
            )


def write_intake_template(path: str | os.PathLike, *, lang: str = "zh") -> Path:
    """Write the blank intake workbook: instructions sheet, headers and example rows.

    Parameters
    ----------
    path
        The ``.xlsx`` file to write.
    lang
        ``"zh"`` (Chinese sheet names and headers) or ``"en"``.

    Returns
    -------
    Path
        ``path``. The workbook validates clean exactly as written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from chananalysis.intake.read import load_client
    >>> p = write_intake_template(pathlib.Path(tempfile.mkdtemp()) / "t.xlsx")
    >>> len(load_client(p).channels)
    3
    """
    check_lang(lang)
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise ValueError(
            f'the template is an Excel workbook: the file name must end in ".xlsx"; '
            f'got "{path.name}"'
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    _write_book(path, {k: s.examples() for k, s in SHEETS.items()}, lang=lang, instructions=True)
    return path
