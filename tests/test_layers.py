"""The package's shape: layers only look down, methods are pure, code never branches on
the language, and importing the package does no work (STYLE §1)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "chananalysis"
MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "_" + "data_samples" not in p.parts)


def _name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every chananalysis module ``path`` imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("chananalysis")}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("chananalysis"):
            found.add(node.module)
            found |= {f"{node.module}.{a.name}" for a in node.names}
    return found


def _in(layer: str) -> list[Path]:
    return [p for p in MODULES if _name(p).startswith(f"chananalysis.{layer}")]


def _violations(paths: list[Path], forbidden: tuple[str, ...]) -> list[str]:
    return [
        f"{_name(p)} imports {m}"
        for p in paths
        for m in sorted(_imports(p))
        if any(m == f or m.startswith(f + ".") for f in forbidden)
    ]


IO_MODULES = (
    "chananalysis.intake.read",
    "chananalysis.intake.write",
    "chananalysis.samples",
    "chananalysis.cli",
)


@pytest.mark.parametrize(
    ("layer", "forbidden"),
    [
        pytest.param(
            "methods",
            ("chananalysis.sections", "chananalysis.report", *IO_MODULES),
            id="methods-know-no-sections-reports-or-files",
        ),
        pytest.param(
            "intake",
            ("chananalysis.methods", "chananalysis.sections", "chananalysis.report"),
            id="intake-is-the-bottom",
        ),
        pytest.param(
            "sections",
            (
                "chananalysis.report.run",
                "chananalysis.report.batch",
                "chananalysis.report.render",
                "chananalysis.report.tables",
                "chananalysis.report.section",
                "chananalysis.cli",
                "chananalysis.samples",
                "chananalysis.intake.write",
            ),
            id="sections-call-methods-not-the-runner",
        ),
        pytest.param(
            "report", ("chananalysis.sections", "chananalysis.cli"), id="report-runs-notebooks"
        ),
    ],
)
def test_layers_only_look_down(layer, forbidden):
    assert _in(layer), layer
    assert _violations(_in(layer), forbidden) == []


def test_importing_the_methods_loads_no_section_report_or_file_module():
    code = (
        "import sys\n"
        "import chananalysis.methods.ahp, chananalysis.methods.dealers\n"
        "import chananalysis.methods.portfolio, chananalysis.methods.scorecard\n"
        "import chananalysis.methods.scoring, chananalysis.methods.sensitivity\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('chananalysis.report', "
        "'chananalysis.sections', 'chananalysis.intake.read', 'chananalysis.intake.write', "
        "'chananalysis.samples', 'chananalysis.cli')))\n"
        "print(bad)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[]"


def test_importing_the_package_does_no_work():
    code = (
        "import sys, chananalysis as ca\n"
        "print(sorted(m for m in ('pandas', 'matplotlib', 'nbformat', 'dask') "
        "if m in sys.modules))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[]"


# Reading or writing files: only intake/, report/, samples/ and cli.py do it. The two
# exceptions are CONTRACT §1's: a scorecard may be given as a YAML path
# (star_scorecard(config=…)), and detect_diversion reads shipments and scans given as
# Parquet paths, tables too large for memory, in its engines (diversion/parquet.py for
# pandas, diversion/dask_engine.py; never writing anything).
_FILE_CALLS = {
    "open",
    "read_text",
    "write_text",
    "read_bytes",
    "write_bytes",
    "to_parquet",
    "to_excel",
    "to_csv",
    "read_csv",
    "read_excel",
    "read_parquet",
    "mkdir",
    "unlink",
}
_MAY_READ = {
    "chananalysis.methods.scorecard_config",
    "chananalysis.methods.diversion.parquet",
    "chananalysis.methods.diversion.dask_engine",
    "chananalysis.methods.recommendations",
}


@pytest.mark.parametrize("layer", ["methods", "sections"])
def test_methods_and_sections_touch_no_files(layer):
    touched = []
    for path in _in(layer):
        if _name(path) in _MAY_READ:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                f = node.func
                name = f.id if isinstance(f, ast.Name) else getattr(f, "attr", None)
                if name in _FILE_CALLS:
                    touched.append(f"{_name(path)}:{node.lineno} {name}()")
    assert touched == []


def _branches_on_lang(path: Path) -> list[int]:
    lines = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Compare) and any(
            isinstance(op, (ast.Eq, ast.NotEq)) for op in node.ops
        ):
            names = [node.left, *node.comparators]
            if any(isinstance(n, ast.Name) and n.id == "lang" for n in names):
                lines.append(node.lineno)
    return lines


def test_no_language_branch_outside_the_catalogue():
    found = {
        _name(p): _branches_on_lang(p)
        for p in MODULES
        if _name(p) != "chananalysis.i18n" and _branches_on_lang(p)
    }
    assert found == {}


def test_report_notebooks_and_teaching_notebooks_live_apart():
    from chananalysis.report.run import NOTEBOOKS_DIR
    from chananalysis.resources import resource_dir

    assert NOTEBOOKS_DIR == resource_dir("notebooks") / "report"
    assert (resource_dir("notebooks") / "teaching").is_dir()
