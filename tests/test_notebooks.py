"""Every report notebook runs clean — checked on the notebooks the sample reports executed.

This replaces running ``notebooks/report`` again under nbval (a kernel per notebook,
for the seasoning sample in Chinese only): the session's sample reports (conftest.py)
already executed every section for three clients in two languages, and left each
executed notebook in ``<report>/notebooks/``. What nbval also told — that each notebook
runs on its own, as opened in Jupyter with its committed parameters — holds when a
notebook reads no name another notebook defines (a report runs the sections one after
another in one kernel) and its default client is a sample that exists.
"""

from __future__ import annotations

import ast
import builtins
import symtable
from pathlib import Path

import nbformat
import pytest

from chananalysis.report.run import report_notebooks_dir, section_keys

SECTIONS = section_keys()
#: Names a Jupyter kernel defines besides the builtins.
KERNEL_NAMES = {"display", "get_ipython", "In", "Out", "exit", "quit"}


def _notebooks(reports) -> list[Path]:
    folders = [index.parent for index in (*reports.values(), reports.again)]
    return [folder / "notebooks" / f"{key}.ipynb" for folder in folders for key in SECTIONS]


@pytest.mark.slow
def test_every_executed_notebook_ran_every_cell_without_error_or_warning(sample_reports):
    paths = _notebooks(sample_reports)
    assert len(paths) == 7 * len(SECTIONS)
    for path in paths:
        where = f"{path.parent.parent.parent.name}/{path.parent.parent.name}/{path.name}"
        nb = nbformat.read(path, as_version=4)
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert code and all(c.execution_count is not None for c in code), where
        for cell in code:
            for out in cell.outputs:
                assert out.output_type != "error", (where, out.ename, out.evalue)
                assert not (out.output_type == "stream" and out.name == "stderr"), (
                    where,
                    out.text,
                )


def _reads_and_defines(source: str) -> tuple[set[str], set[str]]:
    """Module-level names a cell reads (in any of its scopes) and the ones it binds."""
    top = symtable.symtable(source, "<cell>", "exec")
    binds = {s.get_name() for s in top.get_symbols() if s.is_assigned() or s.is_imported()}
    reads = {s.get_name() for s in top.get_symbols() if s.is_referenced()}
    tables = list(top.get_children())
    while tables:
        table = tables.pop()
        reads |= {s.get_name() for s in table.get_symbols() if s.is_global() and s.is_referenced()}
        tables += table.get_children()
    return reads, binds


@pytest.mark.parametrize("key", SECTIONS)
def test_a_notebook_reads_only_names_it_defines_first(key):
    """A report runs every section in one kernel: a name left over from an earlier
    section would hide a notebook that fails when opened on its own."""
    nb = nbformat.read(report_notebooks_dir() / f"{key}.ipynb", as_version=4)
    known = set(dir(builtins)) | KERNEL_NAMES
    for i, cell in enumerate(c for c in nb.cells if c.cell_type == "code"):
        reads, binds = _reads_and_defines(cell.source)
        known |= binds
        assert reads <= known, f"{key}, code cell {i}: {sorted(reads - known)} not defined"


def test_the_name_check_sees_a_leftover_name():
    reads, binds = _reads_and_defines(
        "S.table([labels[k] for k in r.card])\ndef f(): g(x)\nclass C: pass"
    )
    assert reads == {"S", "labels", "r", "g", "x"} and binds == {"f", "C"}


@pytest.mark.parametrize("key", SECTIONS)
def test_committed_parameters_open_a_sample_client(key):
    """What a notebook opened in Jupyter runs on: a sample client, a language, no tables."""
    nb = nbformat.read(report_notebooks_dir() / f"{key}.ipynb", as_version=4)
    cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    values = {
        node.targets[0].id: ast.literal_eval(node.value)
        for node in ast.parse(cell.source).body
        if isinstance(node, ast.Assign)
    }
    assert (report_notebooks_dir() / values["client"]).resolve().parent.name == "data_samples"
    assert (report_notebooks_dir() / values["client"] / "client.xlsx").is_file()
    assert values["lang"] in ("zh", "en") and values["tables_dir"] is None
