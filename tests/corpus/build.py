"""Build the broken-input corpus: workbooks and client folders as clients really send them.

Each `Case` builds its input into an empty folder at test time (openpyxl for ordinary
workbooks; zip entries and bytes written directly for LibreOffice-like, damaged,
encrypted and very large ones) and states the exact outcome: every error message (in
English), the warnings that must be among those given, and, for an intake that loads,
values read. ``{dir}`` in a message stands for the case's folder. Nothing here is
committed as a binary file.

Run it by hand to look at the files: ``python tests/corpus/build.py OUT_DIR``.

Examples
--------
>>> len(CASES) >= 40
True
>>> len({c.id for c in CASES}) == len(CASES)
True
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import sys
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

import openpyxl
from conftest import GOOD_CLIENT
from openpyxl.utils import get_column_letter

__all__ = ["CASES", "Case", "build_all"]

#: The shared valid client sheet (conftest.py), under the corpus's own client name.
CLIENT = [["client_name", "语料客户"] if r[0] == "client_name" else r for r in GOOD_CLIENT]
HEAD = ["channel", "sales", "sales_prev", "variable_cost_rate", "fixed_cost"]
ZH_HEAD = ["渠道", "销售额", "上期销售额", "变动费用率", "固定费用"]
KA = ["KA卖场", 1000, 900, 0.2, 100]
PIFA = ["流通批发", 3000, 2500, 0.1, 200]
CANYIN = ["餐饮", 500, 0, 0.15, 50]
CHANNELS = [HEAD, KA, PIFA, CANYIN]  # rows 1-4
DEALERS = [["dealer", "name", "annual_sales"], ["D1", "甲商贸", 100], ["D2", "乙商贸", 200]]

# Where-parts of the English messages, as `Problem.message("en")` writes them.
CH = "channels (渠道)"
SALES = "column sales (销售额)"
PREV = "column sales_prev (上期销售额)"
RATE = "column variable_cost_rate (变动费用率)"
FIXED = "column fixed_cost (固定费用)"
CHANNEL = "column channel (渠道)"
NUM = "expected a number ≥ 0"
TOO_LARGE = "is too large; numbers must be below 10¹⁵ (a thousand trillion): check the cell"


@dataclass(frozen=True)
class Case:
    """One input and its exact outcome.

    ``errors`` lists every error (exact, English); ``warnings`` warnings that must be
    among those given; ``loads`` maps ``"sheet.column"`` to the values read (dates as
    YYYY-MM-DD) when the intake loads (no errors). ``slow`` marks a case of seconds.
    """

    id: str
    make: Callable[[Path], Path]  # writes into an empty folder; returns the client's path
    errors: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    loads: dict[str, list] = field(default_factory=dict)
    slow: bool = False

    @property
    def outcome(self) -> str:
        return "error" if self.errors else "loads"


# --- writers -------------------------------------------------------------------------


def book(
    folder: Path,
    name: str = "client.xlsx",
    *,
    merges: dict[str, list[str]] | None = None,
    **sheets: list[list] | None,
) -> Path:
    """An .xlsx written cell by cell with openpyxl (row 1 = the first row given); the
    ``client`` and ``channels`` sheets default to a clean pair (``None`` leaves one out).
    A value "#DIV/0!" and the like is written as an Excel error cell."""
    content: dict[str, list[list] | None] = {"client": CLIENT, "channels": CHANNELS}
    content.update(sheets)
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for sheet, rows in content.items():
        if rows is None:
            continue
        ws = wb.create_sheet(sheet)
        for r, row in enumerate(rows, start=1):
            for c, v in enumerate(row, start=1):
                if v is not None:
                    ws.cell(row=r, column=c, value=v)
        for rng in (merges or {}).get(sheet, []):
            ws.merge_cells(rng)
    path = folder / name
    wb.save(path)
    return path


def folder_with(folder: Path, files: dict[str, bytes], **sheets: list[list] | None) -> Path:
    """A client folder: client.xlsx (client sheet only, unless sheets say otherwise) and
    the given files."""
    book(folder, **{"channels": None, **sheets})
    for name, content in files.items():
        (folder / name).write_bytes(content)
    return folder


def csv_text(rows: list[list]) -> str:
    """Rows as Excel saves a CSV: quoted where needed, blank cells empty."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(
        ["" if v is None else v for v in row] for row in rows
    )
    return out.getvalue()


_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006"
# xf 0 general, 1 text with the quote prefix (a cell typed '1000), 2 a date (numFmt 14)
_STYLES = (
    f'<styleSheet xmlns="{_NS}"><fonts count="1"><font><sz val="10"/><name val="Arial"/>'
    '</font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill>'
    '<patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/>'
    '<right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf '
    'numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="3">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="49" '
    'fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1" applyNumberFormat="1"/>'
    '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    "</cellXfs></styleSheet>"
)


class Quoted(str):
    """Text typed with a leading apostrophe ('1000): a string cell with quotePrefix."""


class Serial(float):
    """An Excel date serial in a cell formatted as a date."""


class SharedStrings:
    def __init__(self) -> None:
        self.index: dict[str, int] = {}

    def __call__(self, text: str) -> int:
        return self.index.setdefault(text, len(self.index))

    def xml(self) -> str:
        items = "".join(f"<si><t>{escape(t)}</t></si>" for t in self.index)
        n = len(self.index)
        return f'<sst xmlns="{_NS}" count="{n}" uniqueCount="{n}">{items}</sst>'


def xml_row(r: int, values: Iterable[object], sst: SharedStrings) -> str:
    """One ``<row>`` as LibreOffice writes it: text as shared strings, numbers plain,
    booleans ``t="b"``, a `Quoted` number as text with the quote-prefix style."""
    cells = []
    for j, v in enumerate(values):
        ref = f"{get_column_letter(j + 1)}{r}"
        if v is None:
            continue
        if isinstance(v, bool):
            cells.append(f'<c r="{ref}" t="b"><v>{int(v)}</v></c>')
        elif isinstance(v, Quoted):
            cells.append(f'<c r="{ref}" s="1" t="s"><v>{sst(str(v))}</v></c>')
        elif isinstance(v, Serial):
            cells.append(f'<c r="{ref}" s="2"><v>{float(v):g}</v></c>')
        elif isinstance(v, str):
            cells.append(f'<c r="{ref}" t="s"><v>{sst(v)}</v></c>')
        else:
            cells.append(f'<c r="{ref}"><v>{v!r}</v></c>')
    return f'<row r="{r}">{"".join(cells)}</row>'


def raw_xlsx(path: Path, sheets: dict[str, Callable[[SharedStrings], Iterator[str]]]) -> Path:
    """An .xlsx written part by part, as LibreOffice Calc saves one (shared strings,
    styles, no openpyxl). Each sheet is a function yielding its ``<row>`` XML in chunks,
    so a sheet of a million rows streams into the zip."""
    sst = SharedStrings()
    names = list(sheets)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for i in range(1, len(names) + 1)
        )
        zf.writestr(
            "[Content_Types].xml",
            f'<Types xmlns="{_PKG}/content-types"><Default Extension="rels" ContentType='
            '"application/vnd.openxmlformats-package.relationships+xml"/><Default '
            'Extension="xml" ContentType="application/xml"/><Override PartName='
            '"/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType='
            '"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            f"{overrides}</Types>",
        )
        zf.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{_PKG}/relationships"><Relationship Id="rId1" Type='
            f'"{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        sheet_xml = "".join(
            f'<sheet name="{escape(n)}" sheetId="{i}" r:id="rId{i}"/>'
            for i, n in enumerate(names, start=1)
        )
        zf.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{_NS}" xmlns:r="{_REL}"><sheets>{sheet_xml}</sheets></workbook>',
        )
        rels = "".join(
            f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, len(names) + 1)
        )
        n = len(names)
        rels += (
            f'<Relationship Id="rId{n + 1}" Type="{_REL}/styles" Target="styles.xml"/>'
            f'<Relationship Id="rId{n + 2}" Type="{_REL}/sharedStrings" '
            'Target="sharedStrings.xml"/>'
        )
        zf.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{_PKG}/relationships">{rels}</Relationships>',
        )
        zf.writestr("xl/styles.xml", _STYLES)
        for i, name in enumerate(names, start=1):
            with zf.open(f"xl/worksheets/sheet{i}.xml", "w") as fh:
                fh.write(f'<worksheet xmlns="{_NS}"><sheetData>'.encode())
                for chunk in sheets[name](sst):
                    fh.write(chunk.encode())
                fh.write(b"</sheetData></worksheet>")
        zf.writestr("xl/sharedStrings.xml", sst.xml())
    return path


def rows_of(table: list[list]) -> Callable[[SharedStrings], Iterator[str]]:
    def gen(sst: SharedStrings) -> Iterator[str]:
        yield "".join(xml_row(r, row, sst) for r, row in enumerate(table, start=1))

    return gen


# --- damaged files ---------------------------------------------------------------------


def flip_deflate(path: Path, part: str) -> Path:
    """Flip 32 bytes in the middle of ``part``'s compressed data: the zip's directory and
    headers stay intact, the part no longer inflates."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
        info = zf.getinfo(part)
    # local header: 30 bytes + name + extra, then the compressed data
    name_len = int.from_bytes(data[info.header_offset + 26 : info.header_offset + 28], "little")
    extra_len = int.from_bytes(data[info.header_offset + 28 : info.header_offset + 30], "little")
    start = info.header_offset + 30 + name_len + extra_len
    mid = start + info.compress_size // 2
    for i in range(mid - 16, mid + 16):
        data[i] ^= 0xFF
    path.write_bytes(bytes(data))
    return path


def ole2(path: Path, *streams: str) -> Path:
    """The first sector and directory of an OLE2 compound file naming ``streams``:
    what an encrypted .xlsx (EncryptionInfo, EncryptedPackage) or an old .xls
    (Workbook) looks like to a reader that checks the magic bytes and stream names."""
    header = bytearray(512)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    header[24:26] = (0x3E).to_bytes(2, "little")  # minor version
    header[26:28] = (3).to_bytes(2, "little")  # major version 3: 512-byte sectors
    header[28:30] = b"\xfe\xff"  # little-endian
    header[30:32] = (9).to_bytes(2, "little")  # sector shift
    directory = bytearray()
    for name in ("Root Entry", *streams):
        entry = bytearray(128)
        encoded = (name + "\0").encode("utf-16-le")
        entry[: len(encoded)] = encoded
        entry[64:66] = len(encoded).to_bytes(2, "little")
        entry[66] = 5 if name == "Root Entry" else 2
        directory += entry
    path.write_bytes(bytes(header) + bytes(directory) + bytes(1024))
    return path


# --- the big one ---------------------------------------------------------------------

BIG_ROWS = 1_048_576  # Excel's last row: header + 1,048,575 scans


def big_scans(folder: Path) -> Path:
    """client + channels + a scans sheet filling every row Excel has (written as XML:
    openpyxl's write-only mode takes a minute for a million rows)."""
    territories = ["郑州", "开封", "洛阳", "菏泽"]

    def scans(sst: SharedStrings) -> Iterator[str]:
        t_idx = [sst(t) for t in territories]
        date = sst("2025-03-01")
        yield xml_row(1, ["code", "territory", "scan_date"], sst)
        step = 65_536
        for lo in range(2, BIG_ROWS + 1, step):
            yield "".join(
                f'<row r="{r}"><c r="A{r}"><v>{10_000_000 + r}</v></c>'
                f'<c r="B{r}" t="s"><v>{t_idx[r % 4]}</v></c>'
                f'<c r="C{r}" t="s"><v>{date}</v></c></row>'
                for r in range(lo, min(lo + step, BIG_ROWS + 1))
            )

    return raw_xlsx(
        folder / "client.xlsx",
        {"client": rows_of(CLIENT_RAW), "channels": rows_of(CHANNELS), "scans": scans},
    )


CLIENT_RAW = [[k, Serial(45658) if k == "period_start" else v] for k, v in CLIENT]
CLIENT_RAW[6][1] = Serial(46022)  # period_end 2025-12-31


# --- the cases -----------------------------------------------------------------------


def _channels(*rows: list, head: list = HEAD) -> list[list]:
    return [head, *rows]


def _libreoffice(folder: Path) -> Path:
    # numbers typed as '1000 (text with the quote prefix), a TRUE/FALSE cell, dates as
    # date-formatted serials, a percent typed as text
    table = [
        ZH_HEAD,
        ["KA卖场", Quoted("1000"), Quoted("900"), "20%", 100],
        ["流通批发", 3000, Quoted("2,500"), 0.1, Quoted("200")],
    ]
    kpis = [["dealer", "internal_systems", "monthly_training"], ["D1", True, False]]
    return raw_xlsx(
        folder / "client.xlsx",
        {
            "客户信息": rows_of(CLIENT_RAW),
            "渠道": rows_of(table),
            "dealers": rows_of(DEALERS),
            "dealer_kpis": rows_of(kpis),
        },
    )


def _merged_title(folder: Path) -> Path:
    return book(
        folder,
        channels=[["2025 渠道数据"], *CHANNELS],
        merges={"channels": ["A1:E1"]},
    )


def _grouped_headings(folder: Path) -> Path:
    # 渠道 merged down over A1:A2; 销售情况 over B1:C1, 费用 over D1:E1; headers on row 2
    return book(
        folder,
        channels=[
            ["渠道", "销售情况", None, "费用", None],
            [None, "销售额", "上期销售额", "变动费用率", "固定费用"],
            KA,
            PIFA,
        ],
        merges={"channels": ["A1:A2", "B1:C1", "D1:E1"]},
    )


def _damaged(folder: Path) -> Path:
    path = book(folder)
    return flip_deflate(path, "xl/worksheets/sheet2.xml")


def _truncated(folder: Path) -> Path:
    path = book(folder)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def _zero(folder: Path) -> Path:
    path = folder / "client.xlsx"
    path.write_bytes(b"")
    return path


def _text_as_xlsx(folder: Path) -> Path:
    path = folder / "client.xlsx"
    path.write_text("渠道,销售额\nKA,1000\n", encoding="utf-8")
    return path


def _csv(encoding: str, rows: list[list] = CHANNELS) -> Callable[[Path], Path]:
    return lambda f: folder_with(f, {"channels.csv": csv_text(rows).encode(encoding)})


CASES: list[Case] = [
    # --- the list ------------------------------------------------------------
    Case(
        "merged-title-row",
        _merged_title,
        warnings=(
            f"{CH}, row 2: the column headers are on this row, not on row 1; what is above "
            "them, from row 1 (a title or grouped headings), was ignored",
        ),
        loads={
            "channels.channel": ["KA卖场", "流通批发", "餐饮"],
            "channels.sales": [1000, 3000, 500],
        },
    ),
    Case(
        "grouped-headings-two-header-rows",
        _grouped_headings,
        warnings=(
            f"{CH}, row 2: the column headers are on this row, not on row 1; what is above "
            "them, from row 1 (a title or grouped headings), was ignored",
        ),
        loads={"channels.channel": ["KA卖场", "流通批发"], "channels.fixed_cost": [100, 200]},
    ),
    Case(
        "two-unlabelled-note-columns",
        lambda f: book(
            f,
            channels=[
                [*HEAD, None, None],
                [*KA, "老客户", "待核"],
                [*PIFA, None, "已核"],
                CANYIN,
            ],
        ),
        warnings=(
            f"{CH}: column F has no header but holds data (“老客户” in row 2); it was ignored: "
            "give it a header or delete it",
            f"{CH}: column G has no header but holds data (“待核” in row 2); it was ignored: "
            "give it a header or delete it",
        ),
        loads={"channels.channel": ["KA卖场", "流通批发", "餐饮"]},
    ),
    Case(
        "damaged-deflate-data",
        _damaged,
        errors=(
            "{dir}/client.xlsx is damaged: its part xl/worksheets/sheet2.xml cannot be "
            "decompressed; ask for the file again, or open it in Excel (which may repair it) "
            "and save it under a new name",
        ),
    ),
    Case(
        "inf-as-text",
        lambda f: book(f, channels=_channels(KA, ["流通批发", "inf", 2500, 0.1, 200], CANYIN)),
        errors=(f"{CH}, row 3, {SALES}: “inf” is not a number; {NUM}",),
    ),
    Case(
        "1e400-overflows",
        lambda f: book(f, channels=_channels(KA, ["流通批发", "1e400", 2500, 0.1, 200], CANYIN)),
        errors=(f"{CH}, row 3, {SALES}: 1e400 {TOO_LARGE}",),
    ),
    Case(
        "1e300-amount",
        lambda f: book(f, channels=_channels(KA, PIFA, ["餐饮", 1e300, 0, 0.15, 50])),
        errors=(f"{CH}, row 4, {SALES}: 1e+300 {TOO_LARGE}",),
    ),
    Case(
        "1e15-fixed-cost-at-the-limit",
        lambda f: book(f, channels=_channels(KA, PIFA, ["餐饮", 500, 0, 0.15, 1e15])),
        errors=(f"{CH}, row 4, {FIXED}: 1e+15 {TOO_LARGE}",),
    ),
    Case(
        "huge-negative-profit",
        lambda f: book(
            f,
            dealers=DEALERS,
            financials=[["dealer", "net_profit"], ["D1", -2e16], ["D2", -5000]],
        ),
        errors=("financials (财务数据), row 2, column net_profit (净利润): -2e+16 " + TOO_LARGE,),
    ),
    Case(
        "huge-count",
        lambda f: book(
            f, dealers=DEALERS, dealer_kpis=[["dealer", "new_outlets"], ["D1", 1e20], ["D2", 3]]
        ),
        errors=(
            "dealer_kpis (经销商考核), row 2, column new_outlets (新开网点数): 1e+20 " + TOO_LARGE,
        ),
    ),
    Case(
        "python-int-beyond-int64",
        lambda f: book(f, channels=_channels(KA, PIFA, ["餐饮", 500, 10**30, 0.15, 50])),
        errors=(f"{CH}, row 4, {PREV}: 1e+30 {TOO_LARGE}",),
    ),
    Case(
        "fullwidth-KA-next-to-KA",
        lambda f: book(
            f, channels=_channels(["KA", 1000, 900, 0.2, 100], PIFA, ["ＫＡ", 5, 4, 0.1, 1])
        ),
        warnings=(
            f"{CH}, row 4, {CHANNEL}: “ＫＡ” is written in full-width characters; read as “KA”",
        ),
        errors=(f"{CH}, row 4, {CHANNEL}: “KA” repeats row 2; channel must be unique",),
    ),
    Case(
        "fullwidth-digits",
        lambda f: book(f, channels=_channels(KA, ["流通批发", "１２３", "２，５００", 0.1, 200])),
        warnings=(
            f"{CH}, row 3, {SALES}: “１２３” is written in full-width characters; read as “123”",
            f"{CH}, row 3, {PREV}: “２，５００” is written in full-width characters; read as "
            "“2,500”",
        ),
        loads={"channels.sales": [1000, 123], "channels.sales_prev": [900, 2500]},
    ),
    Case(
        "fullwidth-percent-rate",
        lambda f: book(f, channels=_channels(KA, ["流通批发", 3000, 2500, "３５％", 200])),
        warnings=(
            f"{CH}, row 3, {RATE}: “３５％” is written in full-width characters; read as “35%”",
        ),
        loads={"channels.variable_cost_rate": [0.2, 0.35]},
    ),
    Case(
        "fullwidth-dealer-ids-match",
        lambda f: book(
            f,
            dealers=DEALERS,
            dealer_kpis=[["dealer", "new_outlets"], ["Ｄ１", 3], ["D2", 4]],
        ),
        warnings=(
            "dealer_kpis (经销商考核), row 2, column dealer (经销商编号): “Ｄ１” is written in "
            "full-width characters; read as “D1”",
        ),
        loads={"dealer_kpis.dealer": ["D1", "D2"]},
    ),
    Case(
        "encrypted-workbook",
        lambda f: ole2(f / "client.xlsx", "EncryptionInfo", "EncryptedPackage"),
        errors=(
            "{dir}/client.xlsx is a password-protected (encrypted) workbook: open it in Excel "
            "and save it without a password",
        ),
    ),
    Case(
        "encrypted-workbook-in-folder",
        lambda f: ole2(f / "client.xlsx", "EncryptionInfo", "EncryptedPackage").parent,
        errors=(
            "{dir}/client.xlsx is a password-protected (encrypted) workbook: open it in Excel "
            "and save it without a password",
        ),
    ),
    Case(
        "fractional-complaints",
        lambda f: book(
            f,
            dealers=DEALERS,
            dealer_kpis=[["dealer", "diversion_complaints"], ["D1", 1.5], ["D2", 0]],
        ),
        errors=(
            "dealer_kpis (经销商考核), row 2, column diversion_complaints (窜货砸价投诉次数): 1.5 "
            "is not a whole number; expected a count",
        ),
    ),
    Case(
        "fractional-count-as-text",
        lambda f: book(f, channels=[[*HEAD, "levels"], [*KA, "2.5"], [*PIFA, 2], [*CANYIN, "2.0"]]),
        errors=(
            f"{CH}, row 2, column levels (渠道层级数): 2.5 is not a whole number; expected a count",
        ),
    ),
    # --- sheets and columns ------------------------------------------------------------
    Case(
        "missing-channels-sheet",
        lambda f: book(f, channels=None),
        errors=(f"{CH}: required sheet is missing",),
    ),
    Case(
        "renamed-channels-sheet",
        lambda f: book(f, channels=None, 渠道数据=CHANNELS),
        errors=(f"{CH}: required sheet is missing",),
        warnings=(
            "unknown sheet “渠道数据” was ignored; known sheets: client, channels, "
            "channel_importance, dealers, dealer_channel_sales, dealer_kpis, financials, "
            "authorizations, territories, shipments, scans, price_ladder, price_observations, "
            "inventory, rebate_tiers",
        ),
    ),
    Case(
        "chinese-sheet-name-with-spaces",
        lambda f: book(f, channels=None, **{" 渠道 ": CHANNELS}),
        loads={"channels.channel": ["KA卖场", "流通批发", "餐饮"]},
    ),
    Case(
        "missing-column",
        lambda f: book(
            f,
            channels=[
                [h for h in HEAD if h != "variable_cost_rate"],
                ["KA", 1, 1, 1],
                ["B", 2, 2, 2],
            ],
        ),
        errors=(f"{CH}, {RATE}: required column is missing",),
    ),
    Case(
        "renamed-column",
        lambda f: book(
            f, channels=[["渠道", "销售收入", "上期销售额", "变动费用率", "固定费用"], KA, PIFA]
        ),
        errors=(f"{CH}, {SALES}: required column is missing",),
        warnings=(f"{CH}: unknown column “销售收入” was ignored",),
    ),
    Case(
        "headers-with-units-and-spaces",
        lambda f: book(
            f,
            channels=[
                [" 渠道", "销售额（元）", "上期销售额 (元)", "变动费用率", "固定费用(元) "],
                KA,
                PIFA,
            ],
        ),
        loads={"channels.sales_prev": [900, 2500]},
    ),
    Case(
        "no-known-header",
        lambda f: book(f, channels=[["名称", "金额"], ["KA", 1], ["B", 2]]),
        errors=(
            f"{CH}: row 1 holds no known column header; expected headers such as channel (渠道), "
            "sales (销售额), sales_prev (上期销售额), variable_cost_rate (变动费用率), "
            "fixed_cost (固定费用)",
        ),
    ),
    Case(
        "header-only",
        lambda f: book(f, channels=[HEAD]),
        errors=(f"{CH}: has no data rows; at least one is required",),
    ),
    Case(
        "merged-header-cell",
        # 销售额 merged over B1:C1: the prior-period column lost its header
        lambda f: book(
            f,
            channels=[["渠道", "销售额", None, "变动费用率", "固定费用"], KA, PIFA],
            merges={"channels": ["B1:C1"]},
        ),
        errors=(f"{CH}, {PREV}: required column is missing",),
        warnings=(
            f"{CH}: column C has no header but holds data (“900” in row 2); it was ignored: "
            "give it a header or delete it",
        ),
    ),
    Case(
        "units-row-below-header",
        lambda f: book(f, channels=[ZH_HEAD, [None, "元", "元", "比率", "元"], KA, PIFA]),
        errors=(
            f"{CH}, row 2, {CHANNEL}: is blank; a value is required",
            f"{CH}, row 2, {SALES}: “元” is not a number; {NUM}",
            f"{CH}, row 2, {PREV}: “元” is not a number; {NUM}",
            f"{CH}, row 2, {RATE}: “比率” is not a number; expected a fraction such as 0.12",
            f"{CH}, row 2, {FIXED}: “元” is not a number; {NUM}",
        ),
    ),
    # --- cell values ------------------------------------------------------------------
    Case(
        "text-in-number-column",
        lambda f: book(f, channels=_channels(KA, ["流通批发", "约3000", 2500, 0.1, 200])),
        errors=(f"{CH}, row 3, {SALES}: “约3000” is not a number; {NUM}",),
    ),
    Case(
        "excel-div0",
        lambda f: book(f, channels=_channels(KA, ["流通批发", 3000, "#DIV/0!", 0.1, 200])),
        errors=(
            f"{CH}, row 3, {PREV}: “#DIV/0!” is an Excel error value, not a number ≥ 0: fix "
            "the formula in the workbook",
        ),
    ),
    Case(
        "excel-na-in-rate",
        lambda f: book(f, channels=_channels(KA, ["流通批发", 3000, 2500, "#N/A", 200])),
        errors=(
            f"{CH}, row 3, {RATE}: “#N/A” is an Excel error value, not a fraction such as "
            "0.12: fix the formula in the workbook",
        ),
    ),
    Case(
        "excel-ref-in-key",
        lambda f: book(f, channels=_channels(KA, ["#REF!", 3000, 2500, 0.1, 200], CANYIN)),
        errors=(
            f"{CH}, row 3, {CHANNEL}: “#REF!” is an Excel error value, not text: fix the "
            "formula in the workbook",
        ),
    ),
    Case(
        "date-cell-in-amount",
        lambda f: book(
            f, channels=_channels(KA, ["流通批发", dt.datetime(2025, 3, 1), 2500, 0.1, 200])
        ),
        errors=(f"{CH}, row 3, {SALES}: “2025-03-01” is not a number; {NUM}",),
    ),
    Case(
        "boolean-in-amount",
        lambda f: book(f, channels=_channels(KA, ["流通批发", True, 2500, 0.1, 200])),
        errors=(f"{CH}, row 3, {SALES}: “True” is not a number; {NUM}",),
    ),
    Case(
        "negative-amount",
        lambda f: book(f, channels=_channels(KA, ["流通批发", 3000, 2500, 0.1, -200])),
        errors=(f"{CH}, row 3, {FIXED}: -200 is negative; {NUM}",),
    ),
    Case(
        "percent-typed-as-35",
        lambda f: book(f, channels=_channels(KA, ["流通批发", 3000, 2500, 35, 200])),
        warnings=(
            f"{CH}, row 3, {RATE}: 35 looks like a percentage; rates are fractions (35% = 0.35)",
        ),
        loads={"channels.variable_cost_rate": [0.2, 35]},
    ),
    Case(
        "percent-typed-as-text",
        lambda f: book(f, channels=_channels(KA, ["流通批发", 3000, 2500, "35%", 200])),
        loads={"channels.variable_cost_rate": [0.2, 0.35]},
    ),
    Case(
        "dates-as-text-in-four-formats",
        lambda f: book(
            f,
            dealers=DEALERS,
            authorizations=[
                ["dealer", "territory", "product_line", "start", "end"],
                ["D1", "郑州", "酱油", "2025/3/1", "2025-12-31"],
                ["D1", "开封", "酱油", "2025-03-01", "2025年12月31日"],
                ["D2", "洛阳", "酱油", "2025年3月1日", 20251231],
                ["D2", "菏泽", "酱油", "20250301", dt.datetime(2025, 12, 31)],
            ],
        ),
        loads={
            "authorizations.start": ["2025-03-01"] * 4,
            "authorizations.end": ["2025-12-31"] * 4,
        },
    ),
    Case(
        "impossible-and-us-dates",
        lambda f: book(
            f,
            dealers=DEALERS,
            authorizations=[
                ["dealer", "territory", "product_line", "start", "end"],
                ["D1", "郑州", "酱油", "2025-02-30", "2025-12-31"],
                ["D2", "开封", "酱油", "3/1/2025", "2025-12-31"],
            ],
        ),
        errors=(
            "authorizations (区域授权), row 2, column start (开始日期): “2025-02-30” is not a "
            "date; expected an Excel date or YYYY-MM-DD",
            "authorizations (区域授权), row 3, column start (开始日期): “3/1/2025” is not a "
            "date; expected an Excel date or YYYY-MM-DD",
        ),
    ),
    Case(
        "duplicate-channel",
        lambda f: book(f, channels=_channels(KA, PIFA, ["KA卖场", 10, 9, 0.1, 1])),
        errors=(f"{CH}, row 4, {CHANNEL}: “KA卖场” repeats row 2; channel must be unique",),
    ),
    Case(
        "duplicate-dealer",
        lambda f: book(f, dealers=[*DEALERS, ["D1", "丙商贸", 300]]),
        errors=(
            "dealers (经销商), row 4, column dealer (经销商编号): “D1” repeats row 2; dealer "
            "must be unique",
        ),
    ),
    Case(
        "blank-rows-in-the-middle",
        lambda f: book(
            f, channels=[HEAD, KA, [None] * 5, [" "] * 5, PIFA, ["餐饮", "n/a", 0, 0.15, 50]]
        ),
        errors=(f"{CH}, row 6, {SALES}: “n/a” is not a number; {NUM}",),
    ),
    Case(
        "trailing-spaces-in-keys",
        lambda f: book(
            f,
            channels=_channels(
                ["KA卖场 ", *KA[1:]], [" 流通批发", *PIFA[1:]], ["餐饮　", *CANYIN[1:]]
            ),
            dealers=DEALERS,
            dealer_channel_sales=[["dealer", "channel", "sales"], ["D1 ", "KA卖场", 10]],
        ),
        loads={
            "channels.channel": ["KA卖场", "流通批发", "餐饮"],
            "dealer_channel_sales.dealer": ["D1"],
        },
    ),
    Case(
        "trailing-space-duplicate",
        lambda f: book(f, channels=_channels(KA, PIFA, ["KA卖场  ", 10, 9, 0.1, 1])),
        errors=(f"{CH}, row 4, {CHANNEL}: “KA卖场” repeats row 2; channel must be unique",),
    ),
    # --- files: CSV ---------------------------------------------------------------------
    Case(
        "csv-gb18030",
        _csv("gb18030", [ZH_HEAD, *CHANNELS[1:]]),
        loads={"channels.channel": ["KA卖场", "流通批发", "餐饮"]},
    ),
    Case(
        "csv-utf8-bom",
        _csv("utf-8-sig", [ZH_HEAD, *CHANNELS[1:]]),
        loads={"channels.channel": ["KA卖场", "流通批发", "餐饮"]},
    ),
    Case(
        "csv-gb18030-with-bad-cell",
        _csv("gb18030", [ZH_HEAD, KA, ["流通批发", "三千", 2500, 0.1, 200]]),
        errors=(f"{CH}, row 3, {SALES}: “三千” is not a number; {NUM}",),
    ),
    Case(
        "csv-utf16",
        _csv("utf-16", CHANNELS),
        errors=(
            "{dir}/channels.csv is neither UTF-8 nor GB18030 text: save it again as CSV UTF-8",
            f"{CH}: required sheet is missing",
        ),
    ),
    Case(
        "csv-with-title-row",
        _csv("utf-8", [["2025 渠道数据", None, None, None, None], *CHANNELS]),
        warnings=(
            f"{CH}, row 2: the column headers are on this row, not on row 1; what is above "
            "them, from row 1 (a title or grouped headings), was ignored",
        ),
        loads={"channels.channel": ["KA卖场", "流通批发", "餐饮"]},
    ),
    Case(
        "csv-zero-bytes",
        lambda f: folder_with(f, {"channels.csv": b""}),
        errors=(
            "{dir}/channels.csv is empty (0 bytes): it was not saved or not copied whole; ask "
            "for it again",
            f"{CH}: required sheet is missing",
        ),
    ),
    # --- files: workbooks ----------------------------------------------------------------
    Case(
        "xlsx-zero-bytes",
        _zero,
        errors=(
            "{dir}/client.xlsx is empty (0 bytes): it was not saved or not copied whole; ask "
            "for it again",
        ),
    ),
    Case(
        "xlsx-cut-short",
        _truncated,
        errors=(
            "{dir}/client.xlsx is damaged or incomplete: its zip structure cannot be read "
            "(File is not a zip file); ask for the file again",
        ),
    ),
    Case(
        "text-saved-as-xlsx",
        _text_as_xlsx,
        errors=("{dir}/client.xlsx cannot be read as an Excel workbook (BadZipFile)",),
    ),
    Case(
        "old-xls-renamed-xlsx",
        lambda f: ole2(f / "client.xlsx", "Workbook"),
        errors=(
            "{dir}/client.xlsx is in the old .xls format: open it in Excel and save it as .xlsx",
        ),
    ),
    Case(
        "libreoffice-round-trip",
        _libreoffice,
        loads={
            "channels.sales": [1000, 3000],
            "channels.sales_prev": [900, 2500],
            "channels.variable_cost_rate": [0.2, 0.1],
            "dealer_kpis.internal_systems": [True],
            "client.value": [
                "语料客户",
                "调味品",
                "CNY",
                "2025",
                "2025-01-01",
                "2025-12-31",
                "李顾问",
            ],
        },
    ),
    Case(
        "a-million-rows",
        big_scans,
        loads={"scans.len": [BIG_ROWS - 1], "channels.channel": ["KA卖场", "流通批发", "餐饮"]},
        slow=True,
    ),
]


def build_all(out: Path) -> dict[str, Path]:
    """Build every case into ``out/<id>/``; returns id -> client path."""
    made = {}
    for case in CASES:
        folder = out / case.id
        folder.mkdir(parents=True, exist_ok=True)
        made[case.id] = case.make(folder)
    return made


if __name__ == "__main__":  # pragma: no cover - for a person to look at the files
    for key, path in build_all(Path(sys.argv[1])).items():
        print(f"{key}: {path}")
