"""Compare the ``tables.xlsx`` of two reports, or of two folders of reports, cell for cell.

What a restructuring must keep: every report's result tables identical. This reads both
workbooks with openpyxl and compares the sheet names and their order, then every cell's
value, number format and hyperlink. Either give two report folders (each holding a
``tables.xlsx``), or two parent folders holding several reports (``seasoning/zh``,
``feed/en``, ... at any depth): reports are matched by their path relative to the folder
given, and a report found on one side only is a difference too.

    python benchmarks/compare_reports.py BEFORE AFTER [--limit 10]

Exit status 0 when everything is identical; 1 with a list of the differences (at most
``--limit`` per sheet, then how many more); 2 when a folder holds no ``tables.xlsx``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import openpyxl

TABLES = "tables.xlsx"

#: What is compared in each cell, in the order the differences are listed.
ASPECTS = ("value", "number format", "hyperlink")


def find_workbooks(folder: Path) -> dict[str, Path]:
    """Every ``tables.xlsx`` below ``folder`` (or ``folder`` itself, when it is the
    workbook), by its path relative to ``folder``."""
    if folder.is_file():
        return {folder.name: folder}
    return {p.relative_to(folder).as_posix(): p for p in sorted(folder.rglob(TABLES))}


def _cells(ws) -> dict[tuple[int, int], tuple[object, str, str | None]]:
    """Every cell of ``ws`` that holds a value, a number format or a link."""
    cells = {}
    for row in ws.iter_rows():
        for cell in row:
            link = cell.hyperlink
            link = (link.target or f"#{link.location}") if link is not None else None
            fmt = cell.number_format
            if cell.value is not None or fmt != "General" or link is not None:
                cells[cell.row, cell.column] = (cell.value, fmt, link)
    return cells


def _same(u: object, v: object) -> bool:
    """Equal and of the same type (the number 1000 is not the text "1000"); NaN equals NaN."""
    if type(u) is not type(v):
        return False
    return u == v or (isinstance(u, float) and u != u and v != v)


def _show(value: object) -> str:
    return "(empty)" if value is None else repr(value)


def sheet_differences(a, b) -> Iterator[str]:
    """One line per differing aspect of each differing cell of worksheets ``a`` and
    ``b``, in row then column order: ``C5 value: 0.25 != 0.26``."""
    from openpyxl.utils import get_column_letter

    left, right = _cells(a), _cells(b)
    empty = (None, "General", None)
    for row, col in sorted(left.keys() | right.keys()):
        x, y = left.get((row, col), empty), right.get((row, col), empty)
        for aspect, u, v in zip(ASPECTS, x, y, strict=True):
            if not _same(u, v):
                yield f"{get_column_letter(col)}{row} {aspect}: {_show(u)} != {_show(v)}"


def sheet_name_differences(a: list[str], b: list[str]) -> list[str]:
    """The sheets found in only one of two workbooks, then where the order of the
    shared ones first differs."""
    lines = []
    for side, names, other in (("first", a, b), ("second", b, a)):
        only = [n for n in names if n not in other]
        if only:
            lines.append(f"sheets only in the {side}: {only}")
    shared_a, shared_b = [n for n in a if n in b], [n for n in b if n in a]
    for i, (x, y) in enumerate(zip(shared_a, shared_b, strict=True), start=1):
        if x != y:
            lines.append(f'sheet order differs from shared sheet {i} on: "{x}" != "{y}"')
            break
    return lines


def workbook_differences(a: Path, b: Path, limit: int = 10) -> list[str]:
    """The differences between workbooks ``a`` and ``b`` as readable lines: sheet names
    and order, then for each sheet present in both its first ``limit`` differing cells."""
    wa, wb = openpyxl.load_workbook(a), openpyxl.load_workbook(b)
    lines = []
    lines += [f"  {line}" for line in sheet_name_differences(wa.sheetnames, wb.sheetnames)]
    for name in (n for n in wa.sheetnames if n in wb.sheetnames):
        found = list(sheet_differences(wa[name], wb[name]))
        if found:
            lines.append(f'  sheet "{name}": {len(found)} difference(s)')
            lines += [f"    {line}" for line in found[:limit]]
            if len(found) > limit:
                lines.append(f"    ... and {len(found) - limit} more")
    return lines


def compare(a: Path, b: Path, limit: int = 10) -> list[str]:
    """Every difference between the report(s) in ``a`` and in ``b``; empty when they are
    identical. Raises `FileNotFoundError` when either holds no ``tables.xlsx``."""
    left, right = find_workbooks(a), find_workbooks(b)
    for folder, found in ((a, left), (b, right)):
        if not found:
            raise FileNotFoundError(f"no {TABLES} in {folder}")
    lines = []
    for rel in sorted(left.keys() | right.keys()):
        if rel not in right:
            lines.append(f"{rel}: only in {a}")
        elif rel not in left:
            lines.append(f"{rel}: only in {b}")
        else:
            found = workbook_differences(left[rel], right[rel], limit)
            if found:
                lines += [f"{rel}:", *found]
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("a", type=Path, help="a report folder, or a folder of reports")
    parser.add_argument("b", type=Path, help="the same for the other side")
    parser.add_argument("--limit", type=int, default=10, help="differences shown per sheet")
    args = parser.parse_args(argv)
    try:
        lines = compare(args.a, args.b, args.limit)
    except FileNotFoundError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    n = len(find_workbooks(args.a).keys() | find_workbooks(args.b).keys())
    if lines:
        print("\n".join(lines))
        print(f"differences found in {args.a} and {args.b} ({n} workbook(s) compared)")
        return 1
    print(f"identical: {n} workbook(s), every sheet and cell")
    return 0


if __name__ == "__main__":
    sys.exit(main())
