"""The package's shape: layers only look down, methods are pure, code never branches on
the language, and importing the package does no work."""

from __future__ import annotations

import ast
import re
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


#: The layers, bottom first: a module imports its own layer and those below,
#: never one above — at the top of the file, inside a function or for type checkers alike.
#: The three top-level helpers are the bottom: the resource folders, then the message
#: catalogue, then the errors (which word themselves with the catalogue). The package's
#: ``__init__`` (the public API, which names every layer), ``cli`` and ``samples`` are the
#: top.
LAYERS = (
    ("chananalysis.resources",),
    ("chananalysis.i18n",),
    ("chananalysis.errors",),
    ("chananalysis.intake",),
    ("chananalysis.methods",),
    ("chananalysis.display",),
    ("chananalysis.sections",),
    ("chananalysis.report",),
    ("chananalysis.samples", "chananalysis.cli", "chananalysis"),
)


def _layer(module: str) -> int | None:
    """Index in `LAYERS` of ``module`` (or of the module an imported name comes from)."""
    found = [
        (len(prefix), rank)
        for rank, prefixes in enumerate(LAYERS)
        for prefix in prefixes
        if module == prefix or (prefix != "chananalysis" and module.startswith(prefix + "."))
    ]
    return max(found)[1] if found else None


def test_every_module_has_a_layer():
    assert [_name(p) for p in MODULES if _layer(_name(p)) is None] == []


@pytest.mark.parametrize(
    "rank",
    range(len(LAYERS)),
    ids=["+".join(p.removeprefix("chananalysis.") for p in prefixes) for prefixes in LAYERS],
)
def test_layers_only_look_down(rank):
    paths = [p for p in MODULES if _layer(_name(p)) == rank]
    assert paths, LAYERS[rank]
    upward = [
        f"{_name(p)} imports {m}"
        for p in paths
        for m in sorted(_imports(p))
        if _layer(m) is None or _layer(m) > rank
    ]
    assert upward == []


def test_no_two_modules_import_each_other():
    """Within a layer too (report/batch.py and report/remote.py once did)."""
    names = {_name(p): p for p in MODULES}
    imports = {n: {m for m in _imports(p) if m in names} for n, p in names.items()}
    mutual = [f"{a} <-> {b}" for a in imports for b in imports[a] if a < b and a in imports[b]]
    assert mutual == []


def test_the_display_layer_imports_no_section_or_report():
    assert _in("display")
    assert _violations(_in("display"), ("chananalysis.sections", "chananalysis.report")) == []


# Below the report, only intake reads and writes files: methods, display and sections
# import neither the intake's reader nor its writer (sections name `ClientData` for type
# checkers only).
@pytest.mark.parametrize(
    ("layer", "forbidden"),
    [
        ("methods", ("chananalysis.intake.read", "chananalysis.intake.write")),
        ("display", ("chananalysis.intake.read", "chananalysis.intake.write")),
        ("sections", ("chananalysis.intake.write",)),
    ],
)
def test_below_the_report_no_file_module(layer, forbidden):
    assert _violations(_in(layer), forbidden) == []


def test_the_catalogue_imports_no_layer():
    """i18n is below intake (which words its problems with it): intake hands it the
    labels of sheets and columns on each `Problem`; i18n never asks intake for them."""
    i18n = [PACKAGE / "i18n.py"]
    layers = ("intake", "methods", "sections", "report")
    assert _violations(i18n, tuple(f"chananalysis.{layer}" for layer in layers)) == []


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


#: Calls that look at the disk: finding the kit's folders, or probing a path.
_DISK_CALLS = {"resource_dir", "is_dir", "is_file", "exists", "iterdir", "glob", "rglob", "stat"}


def _run_on_import(tree: ast.Module) -> list[ast.AST]:
    """The nodes of ``tree`` that run when the module is imported: module and class
    bodies, decorators and default arguments — not function bodies."""
    found, todo = [], list(tree.body)
    while todo:
        node = todo.pop()
        if node is None:  # a keyword-only argument without default
            continue
        found.append(node)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            todo += [*node.decorator_list, *node.args.defaults, *node.args.kw_defaults]
        elif isinstance(node, ast.Lambda):
            todo += [*node.args.defaults, *node.args.kw_defaults]
        else:
            todo += ast.iter_child_nodes(node)
    return found


def test_importing_touches_no_disk():
    """No module finds its folders or probes a path on import: the kit's
    folders are looked up by functions when needed (`resource_dir` and its callers)."""
    found = [
        f"{_name(p)}:{node.lineno} {name}()"
        for p in MODULES
        for node in _run_on_import(ast.parse(p.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call)
        and (name := getattr(node.func, "id", None) or getattr(node.func, "attr", None))
        in _DISK_CALLS
    ]
    assert found == []


# Reading or writing files: only intake/, report/, samples/ and cli.py do it. The two
# exceptions are docs/contract.md §1's: a scorecard may be given as a YAML path
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
    from chananalysis.report.run import report_notebooks_dir
    from chananalysis.report.teach import teaching_dir
    from chananalysis.resources import resource_dir

    assert report_notebooks_dir() == resource_dir("notebooks") / "report"
    assert teaching_dir() == resource_dir("notebooks") / "teaching"
    assert teaching_dir().is_dir()


# --- references: the code cites documents in the repository, never ones outside it -------

ROOT = PACKAGE.parent
# the specification's and the style guide's names, spelled in parts so this file cites neither
_OUTSIDE = re.compile(
    r"(?<![\w/.])("
    + "METH"
    + "OD|"
    + "CONTR"
    + r"ACT)(?:\.md)?(?![\w])|"
    + "STY"
    + r"LE(?:\.md)? §"
)
_CITING = ("chananalysis", "tests", "docs", "notebooks", "benchmarks", "templates", "README.md")
# client-visible text that still names them: the report's wording is reworked by issue 25
_OUTSIDE_ALLOWED: set[tuple[str, str]] = set()


def test_code_and_docs_cite_only_documents_in_the_repository():
    """References go to docs/method.md and docs/contract.md, never to documents outside."""
    tracked = subprocess.run(
        ["git", "ls-files", *_CITING],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    found = []
    for name in tracked:
        if not name.endswith((".py", ".md", ".ipynb", ".yaml", ".yml", ".toml", ".txt")):
            continue
        for n, line in enumerate((ROOT / name).read_text("utf-8").splitlines(), 1):
            if _OUTSIDE.search(line) and not any(
                name == path and text in line for path, text in _OUTSIDE_ALLOWED
            ):
                found.append(f"{name}:{n}: {line.strip()[:80]}")
    assert not found, "\n".join(found)
