"""The intake templates committed in templates/ are exactly what the code writes today."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

import chananalysis as ca

TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "intake"


def _cells(path: Path) -> dict[str, list[list[object]]]:
    wb = openpyxl.load_workbook(path)
    return {ws.title: [[c.value for c in row] for row in ws.iter_rows()] for ws in wb}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_committed_template_is_current(tmp_path, lang):
    committed = TEMPLATES / f"intake_{lang}.xlsx"
    fresh = ca.write_intake_template(tmp_path / "fresh.xlsx", lang=lang)
    assert _cells(committed) == _cells(fresh), "run `make templates` and commit the result"
    assert ca.validate_client(committed) == []
