"""Read a client's intake: a workbook or a folder of workbook, CSV and Parquet files.

A client is an ``.xlsx`` workbook, or a folder holding ``client.xlsx`` and/or
``<sheet>.csv`` / ``<sheet>.parquet`` files (docs/contract.md §3). Sheets and files may be named
by English key or Chinese name; columns by English key or Chinese header. CSV files may
be UTF-8, UTF-8 with BOM or GB18030 (what Excel saves on Chinese Windows); the encoding
is detected. Input files are opened read-only and never modified.

Examples
--------
>>> import tempfile, pathlib
>>> from chananalysis.intake.write import write_intake_template
>>> path = pathlib.Path(tempfile.mkdtemp()) / "intake.xlsx"
>>> _ = write_intake_template(path, lang="en")
>>> validate_client(path)
[]
>>> load_client(path).channels[["channel", "sales"]]
  channel       sales
0    KA卖场  12000000.0
1    流通批发  30000000.0
2      餐饮   8000000.0
"""

from __future__ import annotations

import datetime as dt
import os
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from chananalysis.errors import IntakeError
from chananalysis.i18n import check_lang, t
from chananalysis.intake.columns import INSTRUCTION_SHEET_NAMES, SHEETS
from chananalysis.intake.parse import cross_check, parse_client_fields, parse_sheet
from chananalysis.intake.problems import Problem
from chananalysis.intake.rows import tag_rows

__all__ = [
    "ClientData",
    "load_client",
    "read_client",
    "validate_client",
]

_EXTERNAL_SUFFIXES = (".csv", ".parquet")
_BOM = b"\xef\xbb\xbf"
#: An OLE2 compound file: an old .xls, or an .xlsx saved with a password (Excel wraps the
#: encrypted workbook in one, with streams named EncryptionInfo and EncryptedPackage).
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")


@dataclass
class ClientData:
    """One client's intake: a typed DataFrame per sheet (``None`` when not given).

    ``client`` holds the ``field, value`` rows; ``info`` gives them as a dict.
    ``warnings`` lists what validation found worth a look; ``files`` maps each sheet
    to the file it came from.
    """

    path: Path
    client: pd.DataFrame
    channels: pd.DataFrame
    channel_importance: pd.DataFrame | None = None
    dealers: pd.DataFrame | None = None
    dealer_channel_sales: pd.DataFrame | None = None
    dealer_kpis: pd.DataFrame | None = None
    financials: pd.DataFrame | None = None
    authorizations: pd.DataFrame | None = None
    territories: pd.DataFrame | None = None
    shipments: pd.DataFrame | None = None
    scans: pd.DataFrame | None = None
    price_ladder: pd.DataFrame | None = None
    price_observations: pd.DataFrame | None = None
    inventory: pd.DataFrame | None = None
    rebate_tiers: pd.DataFrame | None = None
    warnings: list[Problem] = field(default_factory=list)
    files: dict[str, Path] = field(default_factory=dict)

    @property
    def info(self) -> dict[str, object]:
        """The ``client`` sheet as ``{field: value}`` (currency defaults to CNY)."""
        out: dict[str, object] = {"currency": "CNY"}
        out.update(dict(zip(self.client["field"], self.client["value"], strict=True)))
        return out

    def sheets(self) -> list[str]:
        """Keys of the sheets this client gave, in the order of docs/contract.md §3."""
        return [k for k in SHEETS if getattr(self, k) is not None]

    def summary(self, lang: str = "zh") -> str:
        """A few lines a consultant reads to check that the right client was loaded."""
        info = self.info
        dash = "–"
        lines = [
            t(
                "summary_client",
                lang,
                name=info.get("client_name", dash),
                industry=info.get("industry") or dash,
                period=info.get("period") or dash,
                consultant=info.get("consultant") or dash,
            )
        ]
        ch = self.channels
        prev = ch["sales_prev"].sum()
        growth = ch["sales"].sum() / prev - 1 if prev else float("nan")
        lines.append(
            t(
                "summary_channels",
                lang,
                n=len(ch),
                sales=ch["sales"].sum(),
                currency=info["currency"],
                growth=growth,
            )
        )
        for key in self.sheets():
            if key in ("client",):
                continue
            lines.append(
                "  "
                + t(
                    "summary_sheet",
                    lang,
                    sheet=SHEETS[key].name(lang),
                    rows=len(getattr(self, key)),
                )
            )
        return "\n".join(lines)


# --- reading -----------------------------------------------------------------------------


@dataclass
class _Raw:
    frame: pd.DataFrame  # values as read; index = Excel row number (or record number)
    source: Path
    record: bool = False


def _sheet_key(name: str) -> str | None:
    n = unicodedata.normalize("NFKC", name).strip().casefold()
    for s in SHEETS.values():
        if n in (s.key.casefold(), s.zh.casefold()):
            return s.key
    return None


def _frame_from_rows(rows: list[tuple]) -> pd.DataFrame:
    """Header = first row; index = Excel row number; fully blank rows dropped."""
    if not rows:
        return pd.DataFrame()
    header = list(rows[0])
    while header and header[-1] is None:  # trailing empty header cells
        header.pop()
    width = max([len(header), *(len(r) for r in rows[1:])], default=0)
    header += [None] * (width - len(header))
    body = [tuple(r) + (None,) * (width - len(r)) for r in rows[1:]]
    frame = pd.DataFrame(body, columns=range(width), index=range(2, len(body) + 2), dtype=object)
    frame.columns = header
    empty = frame.map(lambda v: v is None or (isinstance(v, str) and not v.strip()))
    return frame[~empty.all(axis=1)]


def _read_xlsx(path: Path, problems: list[Problem]) -> dict[str, _Raw]:
    """Every worksheet of a workbook as a raw frame.

    First what the file is: empty, password-protected or an old .xls (an OLE2 compound
    file), not a zip at all — each gets its own message. Fast path: python-calamine
    (Rust; ~18x faster than openpyxl on a 24,000-row sheet). It reports Excel error
    cells (``#DIV/0!``, ``#N/A``) as blanks, which would turn a "this is an error value"
    message into "this is blank", so a workbook holding any error cell — and anything
    that is not a plain ``.xlsx``/``.xlsm`` — is read by openpyxl, whose values are the
    reference the fast path reproduces.
    """
    if not _is_workbook(path, problems):
        return {}
    if path.suffix.lower() in (".xlsx", ".xlsm") and not _has_error_cells(path):
        try:
            return _read_xlsx_calamine(path)
        except Exception:  # anything calamine cannot read, openpyxl judges
            pass
    return _read_xlsx_openpyxl(path, problems)


def _is_workbook(path: Path, problems: list[Problem]) -> bool:
    """False, with the problem, for a file that is certainly no readable workbook: empty,
    encrypted, an old .xls. Looks at the first bytes only (and an OLE2 file's
    directory, for the encrypted package's name)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
            if head == _OLE2:
                fh.seek(0)
                ole = fh.read(1 << 20)  # the directory of a small compound file
    except OSError as err:
        problems.append(Problem("error", "unreadable", params=_where_file(path, err)))
        return False
    if not head:
        problems.append(Problem("error", "empty_file", params={"path": str(path)}))
        return False
    if head == _OLE2:
        suffix = path.suffix.lower()
        if _ENCRYPTED_STREAM in ole:
            code = "encrypted"
        elif any(name.encode("utf-16-le") in ole for name in ("Workbook", "Book")):
            code = "old_xls"  # a BIFF workbook (perhaps renamed .xlsx)
        else:
            code = "old_xls" if suffix == ".xls" else "encrypted"
        problems.append(Problem("error", code, params={"path": str(path)}))
        return False
    return True


def _where_file(path: Path, err: BaseException) -> dict[str, str]:
    return {"path": str(path), "detail": type(err).__name__}


def _damage(path: Path, err: BaseException) -> Problem:
    """The problem of a workbook a reader failed on: the damaged part named when the zip
    opens but a part's data cannot be decompressed or fails its checksum; a broken zip
    (cut short, say) when it does not open."""
    params = {"path": str(path)}
    try:
        with zipfile.ZipFile(path) as zf:
            for info in zf.infolist():
                try:
                    with zf.open(info) as part:
                        while part.read(1 << 20):
                            pass
                except (zipfile.BadZipFile, zlib.error, EOFError, OSError):
                    return Problem("error", "damaged", params={**params, "part": info.filename})
    except (zipfile.BadZipFile, OSError, ValueError) as bad:
        if _starts_as_zip(path):
            return Problem("error", "zip_broken", params={**params, "detail": str(bad)})
    code = "old_xls" if path.suffix.lower() == ".xls" else "not_excel"
    return Problem("error", code, params=_where_file(path, err))


def _starts_as_zip(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(4) == b"PK\x03\x04"
    except OSError:
        return False


def _has_error_cells(path: Path) -> bool:
    """Whether any worksheet stores an error cell (``t="e"``); True when unsure."""
    try:
        with zipfile.ZipFile(path) as zf:
            for name in zf.namelist():
                if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                    xml = zf.read(name)
                    if b' t="e"' in xml or b" t='e'" in xml:
                        return True
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, KeyError, ValueError):
        return True  # (a damaged part: openpyxl's reading then names it)
    return False


def _cell(v: Any) -> Any:
    """A calamine value as openpyxl gives it: blanks None, whole numbers int, dates
    datetime."""
    if v == "" and isinstance(v, str):
        return None
    if type(v) is float and v.is_integer() and abs(v) < 1e15:  # (1e300 stays a float)
        return int(v)
    if type(v) is dt.date:
        return dt.datetime(v.year, v.month, v.day)
    return v


def _read_xlsx_calamine(path: Path) -> dict[str, _Raw]:
    import python_calamine

    wb = python_calamine.CalamineWorkbook.from_path(str(path))
    out: dict[str, _Raw] = {}
    try:
        for name in wb.sheet_names:
            rows = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
            out[name] = _Raw(_frame_from_rows([tuple(map(_cell, r)) for r in rows]), path)
    finally:
        wb.close()
    return out


def _read_xlsx_openpyxl(path: Path, problems: list[Problem]) -> dict[str, _Raw]:
    import openpyxl

    out: dict[str, _Raw] = {}
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            for ws in wb.worksheets:
                rows = list(ws.iter_rows(values_only=True))
                out[ws.title] = _Raw(_frame_from_rows(rows), path)
        finally:
            wb.close()
    except Exception as err:  # a client's file: whatever breaks the parser gets a message
        problems.append(_damage(path, err))
        return {}
    return out


def _read_csv(path: Path, problems: list[Problem]) -> _Raw | None:
    with open(path, "rb") as fh:
        head = fh.read(3)
    encodings = ["utf-8-sig"] if head.startswith(_BOM) else ["utf-8", "gb18030"]
    for enc in encodings:
        try:
            frame = _read_csv_arrow(path, enc)
            if frame is None:  # something Arrow reads otherwise: pandas is the reference
                # every cell as text (Arrow-backed strings: a third of the memory of Python
                # str objects); typing and its messages are the validator's job
                frame = pd.read_csv(
                    path,
                    dtype="string",
                    keep_default_na=False,
                    na_values=[""],
                    encoding=enc,
                    skip_blank_lines=False,
                )
                # a blank header cell is blank, not pandas' "Unnamed: 3"
                frame.columns = [
                    None if h == f"Unnamed: {i}" else h for i, h in enumerate(frame.columns)
                ]
            break
        except UnicodeError:
            continue
        except (pd.errors.ParserError, pd.errors.EmptyDataError, OSError) as err:
            problems.append(
                Problem(
                    "error", "unreadable", params={"path": str(path), "detail": str(err).strip()}
                )
            )
            return None
    else:
        problems.append(Problem("error", "bad_encoding", params={"path": str(path)}))
        return None
    frame.index = range(2, len(frame) + 2)
    empty = frame.isna().all(axis=1)
    if empty.any():  # (filtering with nothing to drop would copy every cell)
        frame = frame[~empty]
    return _Raw(frame, path)


def _read_csv_arrow(path: Path, encoding: str) -> pd.DataFrame | None:
    """The CSV as `pd.read_csv` in `_read_csv` gives it, read by Arrow's parser.

    Arrow parses on every core and makes no Python string (pandas' reader makes one
    per cell, then converts them: ten times slower on 2 million rows). Returns None
    when the file holds anything the two readers treat differently — an empty or
    repeated header (pandas renames it), a line with too few or too many cells (pandas
    pads or fails) — so that pandas reads it; raises UnicodeError when the file is not
    ``encoding`` text.
    """
    import csv

    import pyarrow as pa
    import pyarrow.csv as pcsv

    try:
        with open(path, encoding=encoding, newline="") as fh:
            header = next(csv.reader(fh), None)
    except (csv.Error, OSError):
        return None
    if not header or any(not h.strip() for h in header) or len(set(header)) < len(header):
        return None
    names = [f"c{i}" for i in range(len(header))]  # the header is read as a row and checked
    try:
        table = pcsv.read_csv(
            path,
            read_options=pcsv.ReadOptions(
                column_names=names,
                encoding="utf8" if encoding.startswith("utf") else encoding,
                block_size=1 << 24,  # 16 MB blocks: a fifth faster than 1 MB on 20 M rows
            ),
            parse_options=pcsv.ParseOptions(newlines_in_values=True, ignore_empty_lines=False),
            convert_options=pcsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.large_string()),
                null_values=[""],
                strings_can_be_null=True,
                quoted_strings_can_be_null=True,
            ),
        )
    except pa.ArrowInvalid as err:
        if "invalid UTF8" in str(err):
            raise UnicodeError(f"{path} is not {encoding} text") from err
        return None
    except (pa.ArrowException, OSError):
        return None
    if table.num_rows < 1 or [col[0].as_py() for col in table.columns] != header:
        return None
    string = pd.StringDtype("pyarrow")  # dtype="string", as pandas reads it
    return (
        table.slice(1)
        .rename_columns(header)
        .to_pandas(
            types_mapper={pa.large_string(): string}.get, split_blocks=True, self_destruct=True
        )
    )


def _read_parquet(path: Path, problems: list[Problem]) -> _Raw | None:
    """A Parquet file as a raw frame, index = record number.

    Text columns the file stores as a dictionary (territories, channels, dates written
    as text …) are read as such and come out categorical: cheaper to read than the
    strings themselves, and the validator then checks each distinct value once. Typed
    columns (numbers, timestamps) come out as they are, without a copy.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path, read_dictionary=_dictionary_columns(pq.read_metadata(path)))
    except (pa.ArrowException, OSError) as err:
        problems.append(
            Problem("error", "unreadable", params={"path": str(path), "detail": type(err).__name__})
        )
        return None
    # zero-copy where Arrow allows; each column's Arrow memory freed once it is converted
    frame = table.to_pandas(split_blocks=True, self_destruct=True)
    del table
    frame.index = pd.RangeIndex(1, len(frame) + 1)
    return _Raw(frame, path, record=True)


def _dictionary_columns(meta: Any) -> list[str]:
    """Text columns whose every row group is stored dictionary-encoded.

    A Parquet writer falls back from dictionary to plain pages when a column has too
    many distinct values (product codes); reading such a column as a dictionary would
    hash every value. A dictionary-encoded chunk takes under 4 bytes a value (the
    bit-packed indices), a plain one at least 4 (each string's length) plus the text.
    """
    import pyarrow as pa

    schema = meta.schema
    leaf = {schema.column(j).path: j for j in range(len(schema))}
    out = []
    for f in schema.to_arrow_schema():
        j = leaf.get(f.name)
        if j is None or f.type not in (pa.string(), pa.large_string()) or not meta.num_rows:
            continue
        chunks = [meta.row_group(g).column(j) for g in range(meta.num_row_groups)]
        if all(
            ch.has_dictionary_page and ch.total_uncompressed_size < 4 * max(ch.num_values, 1)
            for ch in chunks
        ):
            out.append(f.name)
    return out


def _read_external(path: Path, problems: list[Problem]) -> _Raw | None:
    try:
        empty = path.stat().st_size == 0
    except OSError as err:
        problems.append(Problem("error", "unreadable", params=_where_file(path, err)))
        return None
    if empty:
        problems.append(Problem("error", "empty_file", params={"path": str(path)}))
        return None
    reader = _read_csv if path.suffix.lower() == ".csv" else _read_parquet
    return reader(path, problems)


def _gather(path: Path, problems: list[Problem]) -> dict[str, _Raw]:
    """Every sheet given, keyed by sheet key; problems for what cannot be read or placed."""
    if not path.exists():
        problems.append(Problem("error", "path_missing", params={"path": str(path)}))
        return {}
    named: list[tuple[str, _Raw]] = []
    if path.is_dir():
        files = sorted(
            p for p in path.iterdir() if p.is_file() and not p.name.startswith(("~$", "."))
        )
        book = [p for p in files if p.name.casefold() == "client.xlsx"]
        ext = [p for p in files if p.suffix.lower() in _EXTERNAL_SUFFIXES]
        if not book and not ext:
            problems.append(Problem("error", "empty_folder", params={"path": str(path)}))
            return {}
        for p in book:
            named += list(_read_xlsx(p, problems).items())
        for p in ext:
            raw = _read_external(p, problems)
            if raw is not None:
                named.append((p.stem, raw))
    elif path.suffix.lower() in (".xlsx", ".xlsm", ".xls"):
        named = list(_read_xlsx(path, problems).items())
    elif path.suffix.lower() in _EXTERNAL_SUFFIXES:
        problems.append(Problem("error", "not_intake", params={"path": str(path)}))
        return {}
    else:
        problems.append(Problem("error", "not_intake", params={"path": str(path)}))
        return {}

    out: dict[str, _Raw] = {}
    known = ", ".join(SHEETS)
    for name, raw in named:
        key = _sheet_key(name)
        if key is None:
            if name.strip().casefold() not in INSTRUCTION_SHEET_NAMES:
                problems.append(
                    Problem("warning", "sheet_unknown", value=name, params={"known": known})
                )
            continue
        if key in out:
            first, second = out[key].source, raw.source
            problems.append(
                Problem(
                    "error",
                    "sheet_twice",
                    sheet=key,
                    params={"first": first.name, "second": second.name},
                )
            )
            continue
        out[key] = raw
    return out


def read_client(path: str | os.PathLike) -> tuple[ClientData | None, list[Problem]]:
    """The loaded client (``None`` when there are errors) and every problem found."""
    path = Path(path)
    problems: list[Problem] = []
    raws = _gather(path, problems)
    if any(p.level == "error" for p in problems) and not raws:
        return None, problems
    frames: dict[str, pd.DataFrame] = {}
    for key, sheet in SHEETS.items():
        if key not in raws:
            if sheet.required:
                problems.append(Problem("error", "sheet_missing", sheet=key))
            continue
        raw = raws[key]
        if sheet.layout == "fields":
            frame, found = parse_client_fields(raw.frame)
        else:
            frame, found = parse_sheet(key, raw.frame, record=raw.record)
        problems += found
        frames[key] = frame
    problems += cross_check(frames, records=[k for k, r in raws.items() if r.record])
    if any(p.level == "error" for p in problems):
        return None, problems
    data = ClientData(
        path=path,
        warnings=problems,
        files={k: r.source for k, r in raws.items()},
        **{
            k: f.reset_index(drop=True)
            if SHEETS[k].layout == "fields"
            else _numbered(f, record=raws[k].record)
            for k, f in frames.items()
        },
    )
    return data, problems


def _numbered(frame: pd.DataFrame, *, record: bool) -> pd.DataFrame:
    """The sheet indexed 0 … n-1, tagged with each row's number in the file (rows.py)."""
    out = frame.reset_index(drop=True)
    tag_rows(out, frame.index, record=record)
    return out


def validate_client(path: str | os.PathLike) -> list[Problem]:
    """Every problem of a client's intake, errors and warnings, in one pass.

    Parameters
    ----------
    path
        An ``.xlsx`` workbook or a client folder.

    Returns
    -------
    list of Problem
        Empty when the intake is clean. ``p.level`` is ``"error"`` or ``"warning"``;
        ``p.message("zh" | "en")`` says where (sheet, Excel row, column key and Chinese
        header), the value found and what was expected.

    Examples
    --------
    >>> [p.message("en") for p in validate_client("no/such/client.xlsx")]
    ['no/such/client.xlsx does not exist']
    """
    return read_client(path)[1]


def load_client(path: str | os.PathLike, *, lang: str = "zh") -> ClientData:
    """Load a client's intake as typed DataFrames, one per sheet.

    Parameters
    ----------
    path
        An ``.xlsx`` workbook or a client folder (``client.xlsx`` and/or
        ``<sheet>.csv`` / ``<sheet>.parquet``).
    lang
        Language of the error message (``"zh"`` or ``"en"``).

    Returns
    -------
    ClientData
        One DataFrame attribute per sheet (``None`` when absent); numbers as float64,
        counts as Int64, dates as datetime64, yes/no as boolean, enumerations as their
        English keys; warnings in ``.warnings``.

    Raises
    ------
    IntakeError
        Listing every error found (and carrying the warnings in ``.problems``).

    Examples
    --------
    >>> try:
    ...     load_client("no/such/folder", lang="en")
    ... except IntakeError as err:
    ...     print(err)
    The intake has 1 error:
    - no/such/folder does not exist
    """
    check_lang(lang)
    data, problems = read_client(path)
    if data is None:
        raise IntakeError(problems, lang=lang)
    return data
