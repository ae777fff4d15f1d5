"""From an intake to the report a consultant hands a client (docs/contract.md §4).

``run_report`` validates the intake, executes every section notebook in ``notebooks/``
with Papermill on the project's own kernel (named explicitly), renders them with our
nbconvert template (``templates/report``) and writes, atomically::

    <out>/<client-slug>/
      index.html            every section, one self-contained file, no code
      sections/NN_*.html    the sections one by one
      notebooks/NN_*.ipynb  the executed notebooks (audit trail)
      tables.xlsx           every result table, one sheet each
      run.json              parameters, input hashes, versions, timings, status

Speed: the sections of one client run in *one* kernel — they are joined into a single
notebook, executed once, and split back into sections afterwards — because kernel
start-up and imports, not the analysis, are what a report costs. A section that raises
does not stop the others (its error is kept in its executed notebook and named in the
report, ``run.json`` status ``failed``).
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
import os
import platform
import re
import shutil
import sys
import time
import traceback
from collections.abc import Mapping
from importlib import metadata
from pathlib import Path
from typing import Any

from chananalysis.errors import (
    ChananalysisError,
    IntakeError,
    ReportBusy,
    ReportExists,
    SectionFailed,
)
from chananalysis.i18n import check_lang, t
from chananalysis.intake.params import load_params, parameter_names
from chananalysis.intake.read import ClientData, read_client
from chananalysis.report.folder import move_into_place, report_lock
from chananalysis.report.outcome import SectionResult
from chananalysis.report.pdf import find_browser, print_pdf
from chananalysis.report.render import exporter, for_display, render, report_meta
from chananalysis.report.tables import write_tables
from chananalysis.resources import resource_dir
from chananalysis.sections import registry

__all__ = [
    "KERNEL_NAME",
    "ReportExists",
    "SectionFailed",
    "client_slug",
    "report_notebooks_dir",
    "run_one",
    "run_report",
    "section_keys",
]

#: The kernel ``make install`` registers inside ``.venv``; reports always name it.
KERNEL_NAME = "chananalysis"
_SECTION = re.compile(r"^\d\d_[A-Za-z0-9_]+\.ipynb$")
_VERSIONS = (
    "chananalysis",
    "pandas",
    "numpy",
    "matplotlib",
    "seaborn",
    "papermill",
    "nbconvert",
    "nbclient",
    "ipykernel",
    "openpyxl",
    "pyarrow",
)


def report_notebooks_dir() -> Path:
    """The folder of the report's section notebooks (``notebooks/report``), looked up when
    asked, never on import.

    Examples
    --------
    >>> report_notebooks_dir().name
    'report'
    """
    return resource_dir("notebooks") / "report"


def section_keys(notebooks_dir: Path | None = None) -> list[str]:
    """The section notebooks, in report order (``00_overview``, ``02_…``): the kit's
    sections (`chananalysis.sections.registry.SECTIONS`) when ``notebooks_dir`` is ``None``
    or the kit's own (`report_notebooks_dir`), else every ``NN_*.ipynb`` there."""
    if notebooks_dir is None or Path(notebooks_dir) == report_notebooks_dir():
        return registry.section_keys()
    return sorted(p.stem for p in notebooks_dir.glob("*.ipynb") if _SECTION.match(p.name))


def client_slug(path: str | os.PathLike) -> str:
    """Folder name of a client's report: the workbook or folder name, made path-safe.

    Examples
    --------
    >>> client_slug("clients/饭扫光 2025.xlsx")
    '饭扫光-2025'
    """
    p = Path(path)
    name = p.stem if p.suffix.lower() in (".xlsx", ".xlsm") else p.name
    slug = re.sub(r"[^\w\-]+", "-", name, flags=re.UNICODE).strip("-")
    return slug or "client"


def skip_unused_iri_checker() -> None:
    """Spare this process the 0.75 s import of ``rfc3987_syntax``.

    jsonschema, which nbformat imports, builds some 35 Lark parsers for the ``iri`` string
    format when it is imported (python-jsonschema/jsonschema#1428); notebook schemas never
    use that format. Called only in processes the kit owns — the ``chananalysis`` command
    and batch workers — and only before jsonschema is imported: jsonschema then simply
    has no ``iri`` checker. It is never done on import of the package.

    Examples
    --------
    >>> skip_unused_iri_checker()  # a no-op once jsonschema is loaded
    """
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]


def _parameter_defaults(nb) -> dict[str, object]:
    """The defaults of a section notebook's ``parameters`` cell (literal values)."""
    import ast

    for cell in nb.cells:
        if cell.cell_type == "code" and "parameters" in cell.metadata.get("tags", []):
            out = {}
            for node in ast.parse(cell.source).body:
                if isinstance(node, ast.Assign) and len(node.targets) == 1:
                    target = node.targets[0]
                    if isinstance(target, ast.Name):
                        try:
                            out[target.id] = ast.literal_eval(node.value)
                        except ValueError:
                            out[target.id] = ast.unparse(node.value)
            return out
    return {}


def parameters_used(keys: list[str], params: dict, notebooks_dir: Path) -> dict[str, dict]:
    """Every option each section ran with: its notebook's defaults, overridden by
    ``params`` (the client, language and tables folder left out), for ``run.json``."""
    import nbformat

    used = {}
    for key in keys:
        nb = nbformat.read(notebooks_dir / f"{key}.ipynb", as_version=4)
        values = {**_parameter_defaults(nb), **params.get(key, {})}
        for name in ("client", "lang", "tables_dir"):
            values.pop(name, None)
        used[key] = {k: list(v) if isinstance(v, tuple) else v for k, v in values.items()}
    return used


def _declared_parameters(nb) -> set[str]:
    for cell in nb.cells:
        if cell.cell_type == "code" and "parameters" in cell.metadata.get("tags", []):
            return parameter_names(cell.source)
    return set()


def _combined_notebook(
    keys: list[str], client: Path, lang: str, tables: Path, params: dict, notebooks_dir: Path
):
    """All sections in one notebook, each cell marked with its section; after each
    section's ``parameters`` cell, an injected cell with this run's values."""
    import nbformat  # here, not at the top: a 0.8 s import a batch parent never needs
    from papermill.translators import translate_parameters

    unknown = sorted(set(params) - set(keys))
    if unknown:
        raise ValueError(
            f"parameters given for unknown section(s): {', '.join(unknown)}; "
            f"sections: {', '.join(keys)}"
        )
    combined = None
    for key in keys:
        nb = nbformat.read(notebooks_dir / f"{key}.ipynb", as_version=4)
        declared = _declared_parameters(nb)
        extra = set(params.get(key, {})) - declared
        if extra:
            raise ValueError(
                f"section {key} has no parameter {', '.join(sorted(extra))}; "
                f"it takes: {', '.join(sorted(declared))}"
            )
        values = {
            "client": str(client),
            "lang": lang,
            "tables_dir": str(tables / key),
            **params.get(key, {}),
        }
        values = {k: v for k, v in values.items() if k in declared}
        if combined is None:
            combined = nbformat.v4.new_notebook(metadata=copy.deepcopy(nb.metadata))
        for cell in nb.cells:
            cell = copy.deepcopy(cell)
            cell.id = f"{key}-{cell.get('id') or len(combined.cells)}"[:64]  # unique per report
            cell.metadata["ca_section"] = key
            combined.cells.append(cell)
            if cell.cell_type == "code" and "parameters" in cell.metadata.get("tags", []):
                inj = nbformat.v4.new_code_cell(
                    translate_parameters(KERNEL_NAME, "python", values, "Parameters")
                )
                inj.metadata["tags"] = ["injected-parameters"]
                inj.metadata["ca_section"] = key
                combined.cells.append(inj)
    return combined


def take_appendix(nb) -> list:
    """Remove from ``nb`` the outputs that `Section.table` marked as full long tables
    (metadata ``ca_appendix``) and return them, in order."""
    taken = []
    for cell in nb.cells:
        keep = []
        for out in cell.get("outputs", []):
            if out.get("metadata", {}).get(APPENDIX_KEY):
                taken.append(out)
            else:
                keep.append(out)
        if "outputs" in cell:
            cell.outputs = keep
    return taken


def appendix_cell(outputs: list, lang: str, anchor: str):
    """One cell holding the appendix: its heading, then each full table under its title."""
    import html as _html

    import nbformat

    def html_out(markup: str):
        return nbformat.v4.new_output("display_data", data={"text/html": markup})

    title = _html.escape(t("report_appendix", lang))
    head = (
        f'<h1 class="ca-h1" id="sec-{anchor}">{title}</h1>'
        if anchor == "appendix"
        else f'<h2 class="ca-h2 ca-appendix" id="sec-{anchor}-appendix">{title}</h2>'
    )
    cell = nbformat.v4.new_code_cell()
    cell.outputs = [html_out(head)]
    for i, out in enumerate(outputs, 1):
        meta = out["metadata"][APPENDIX_KEY]
        name = _html.escape(str(meta.get("title", "")))
        cell.outputs.append(html_out(f'<h3 class="ca-h3" id="app-{anchor}-{i}">{name}</h3>'))
        plain = nbformat.v4.new_output("display_data", data=dict(out["data"]))
        cell.outputs.append(plain)
    return cell


HANDOFF = "_client.pickle"
#: Output metadata key of a full long table, moved to the appendix.
APPENDIX_KEY = "ca_appendix"
#: Cells tagged so (section 05's executive summary) open the report, after the contents.
SUMMARY_TAG = "ca-summary"


def handoff(data: ClientData, client: Path, tables: Path) -> Path:
    """Leave the validated intake beside the sections' table folders, so the kernel reads
    it in milliseconds instead of parsing and validating the workbook a second time
    (`chananalysis.report.section.open_section` looks for it)."""
    import pickle

    tables.mkdir(parents=True, exist_ok=True)
    path = tables / HANDOFF
    with open(path, "wb") as fh:
        pickle.dump((str(client), data), fh, protocol=pickle.HIGHEST_PROTOCOL)
    return path


def execute_notebook(nb, workdir: Path, kernel_name: str):
    """Run ``nb`` with Papermill on ``kernel_name`` in ``workdir`` (a missing kernel is
    named with the command that installs it); returns the executed notebook."""
    import nbformat
    import papermill as pm
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        KernelSpecManager().get_kernel_spec(kernel_name)
    except NoSuchKernel as err:
        raise ChananalysisError(
            f'the Jupyter kernel "{kernel_name}" is not installed in this environment: run '
            f"`make install` (or `python -m ipykernel install --sys-prefix --name "
            f"{kernel_name}`)"
        ) from err
    src, dst = workdir / "_combined.ipynb", workdir / "_executed.ipynb"
    nbformat.write(nb, src)
    try:
        pm.execute_notebook(
            str(src),
            str(dst),
            kernel_name=kernel_name,
            progress_bar=False,
            log_output=False,
            cwd=str(workdir),
            allow_errors=True,
            # every output is in by then; a graceful shutdown only waits
            # 0.6 s for the interpreter to tear pandas and matplotlib down
            shutdown_kernel="immediate",
            # the kernel's start-up chatter is not the user's business
            extra_arguments=["--IPKernelApp.log_level=ERROR"],
        )
    except pm.PapermillExecutionError:
        pass  # per-section errors are read from the outputs below
    out = nbformat.read(dst, as_version=4)
    src.unlink()
    dst.unlink()
    out.cells = [
        c for c in out.cells if "papermill-error-cell-tag" not in c.metadata.get("tags", [])
    ]
    return out


def _split(executed, keys: list[str]) -> dict[str, object]:
    import nbformat

    parts = {}
    for key in keys:
        nb = nbformat.v4.new_notebook(metadata=copy.deepcopy(executed.metadata))
        nb.cells = [c for c in executed.cells if c.metadata.get("ca_section") == key]
        parts[key] = nb
    return parts


def _section_result(key: str, nb) -> SectionResult:
    res = SectionResult(key)
    for cell in nb.cells:
        res.seconds += float(cell.metadata.get("papermill", {}).get("duration") or 0.0)
        for out in cell.get("outputs", []):
            if out.output_type == "error" and res.error is None:
                res.status, res.error = "failed", f"{out.ename}: {out.evalue}"
            elif out.output_type == "stream" and out.name == "stderr":
                res.warnings += [ln for ln in out.text.splitlines() if ln.strip()]
    return res


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for name in _VERSIONS:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def run_report(
    client: str | os.PathLike,
    out_dir: str | os.PathLike,
    *,
    lang: str = "zh",
    params: Mapping | str | os.PathLike | None = None,
    force: bool = False,
    pdf: bool = False,
    sections: list[str] | None = None,
    kernel_name: str = KERNEL_NAME,
    notebooks_dir: str | os.PathLike | None = None,
) -> Path:
    """Full report of one client; returns the path of its ``index.html``.

    Parameters
    ----------
    client
        Intake workbook or client folder.
    out_dir
        Folder receiving ``<client-slug>/``.
    lang
        ``"zh"`` or ``"en"``.
    params
        Section options: ``{section_key: {name: value}}`` or a YAML file of the same.
        A name a section does not declare in its parameters cell is refused.
    force
        Replace an existing report folder (otherwise `ReportExists`).
    pdf
        Also print ``report.pdf`` (A4, page numbers, running header) with a headless
        Chromium or Chrome found on the machine (`chananalysis.report.pdf`); without
        one, `ChananalysisError` names what to install, before any work is done.
    sections
        Section keys to run (default: every notebook in ``notebooks/``).
    kernel_name
        Jupyter kernel executing the sections (the one ``make install`` registers).
    notebooks_dir
        Where the section notebooks are (default: the kit's ``notebooks/``).

    Returns
    -------
    Path
        ``<out_dir>/<client-slug>/index.html``.

    Raises
    ------
    IntakeError
        The intake has errors; nothing is written.
    ReportExists
        The report folder exists and ``force`` is false.
    ReportBusy
        Another run is writing the same report folder now (`chananalysis.report.folder`:
        one writer at a time; what killed runs left behind is removed).
    SectionFailed
        A section raised; the report (saying which and why) was written anyway, with
        ``run.json`` status ``failed``.
    """
    import nbformat

    check_lang(lang)
    browser = find_browser() if pdf else None  # before any work: a missing browser is named
    t0 = time.perf_counter()
    client = Path(client).resolve()
    nb_dir = Path(notebooks_dir) if notebooks_dir else report_notebooks_dir()
    keys = sections or section_keys(nb_dir)
    params_d = load_params(params)
    data, problems = read_client(client)
    if data is None:
        raise IntakeError(problems, lang=lang)
    out_dir = Path(out_dir).resolve()
    target = out_dir / client_slug(client)
    if target.exists() and not force:
        raise ReportExists(f"{target} exists: use --force to replace it, or another --out")
    with report_lock(out_dir, target.name) as tmp:  # one writer; killed runs' leftovers go
        timings = {"validate": time.perf_counter() - t0}
        tables = tmp / "_tables"
        handoff(data, client, tables)
        nb = _combined_notebook(keys, client, lang, tables, params_d, nb_dir)
        t1 = time.perf_counter()
        executed = execute_notebook(nb, tmp, kernel_name)
        timings["execute"] = time.perf_counter() - t1
        t2 = time.perf_counter()
        parts = _split(executed, keys)
        results = [_section_result(k, parts[k]) for k in keys]
        (tmp / "notebooks").mkdir()
        (tmp / "sections").mkdir()
        for key, part in parts.items():
            nbformat.write(part, tmp / "notebooks" / f"{key}.ipynb")
        meta = report_meta(data, lang, results, problems)
        exp = exporter(lang)
        shown = {r.key: for_display(parts[r.key], r, lang) for r in results}
        # long tables show their top and bottom rows in place; the full ones go to an
        # appendix at the end (of the report, and of each section's own page)
        full = {key: take_appendix(nb_shown) for key, nb_shown in shown.items()}
        for key, nb_shown in shown.items():
            single = copy.deepcopy(nb_shown)
            if full[key]:
                single.cells.append(appendix_cell(full[key], lang, key))
            render(exp, single, {**meta, "single": True}, tmp / "sections" / f"{key}.html")
        whole = nbformat.v4.new_notebook(metadata=copy.deepcopy(executed.metadata))
        cells = [c for k in keys for c in shown[k].cells]
        # the executive summary is computed last (it reads every section) but read first
        summary = [c for c in cells if SUMMARY_TAG in c.metadata.get("tags", [])]
        whole.cells = summary + [c for c in cells if SUMMARY_TAG not in c.metadata.get("tags", [])]
        appendix = [out for key in keys for out in full[key]]
        if appendix:
            whole.cells.append(appendix_cell(appendix, lang, "appendix"))
        render(exp, whole, {**meta, "single": False}, tmp / "index.html")
        if browser is not None:
            t3 = time.perf_counter()
            print_pdf(tmp / "index.html", tmp / "report.pdf", browser=browser)
            timings["pdf"] = time.perf_counter() - t3
        table_names = write_tables(tables, tmp / "tables.xlsx", lang=lang)
        shutil.rmtree(tables, ignore_errors=True)
        timings["render"] = time.perf_counter() - t2
        timings["total"] = time.perf_counter() - t0
        status = "failed" if any(r.status == "failed" for r in results) else "ok"
        run = {
            "status": status,
            "client": str(client),
            "client_name": meta["client"],
            "lang": lang,
            "params": parameters_used(keys, params_d, nb_dir),
            "params_given": params_d,
            "kernel": kernel_name,
            "host": platform.node(),
            "pdf": browser is not None,
            "created": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
            "inputs": {str(p): _sha256(p) for p in sorted(set(data.files.values()))},
            "versions": _versions(),
            "timings": {k: round(v, 3) for k, v in timings.items()},
            "sections": [
                {
                    "key": r.key,
                    "status": r.status,
                    "seconds": round(r.seconds, 3),
                    "error": r.error,
                    "warnings": r.warnings,
                }
                for r in results
            ],
            "tables": table_names,
            "intake_warnings": [p.message(lang) for p in problems],
        }
        (tmp / "run.json").write_text(
            json.dumps(run, ensure_ascii=False, indent=2), encoding="utf-8"
        )
        move_into_place(tmp, target, force=force)
    index = target / "index.html"
    failed = [r for r in results if r.status == "failed"]
    if failed:
        raise SectionFailed(index, failed)
    return index


def run_one(
    client: str,
    out_dir: str,
    *,
    lang: str = "zh",
    params: Mapping | str | None = None,
    force: bool = False,
) -> dict[str, Any]:
    """Run one client's report and describe the outcome as a summary row; never raises.

    What a batch runs per client, in its worker processes and on its Dask workers
    (`chananalysis.report.batch`, `chananalysis.report.remote`).

    Parameters
    ----------
    client, out_dir, lang, params, force
        As `run_report` takes them.

    Returns
    -------
    dict
        ``client``, ``status``, ``report`` (path of ``index.html`` or ``None``),
        ``error`` (``None`` or the reason), ``host`` (this machine) and ``seconds``.
        ``status`` is ``ok``, ``invalid`` (intake errors), ``exists`` (report folder
        there, no ``force``), ``busy`` (another run is writing that report folder),
        ``failed`` (a section raised; the report exists) or ``error`` (anything else,
        with the exception in ``error``).

    References
    ----------
    docs/contract.md §1: the summary row of ``run_batch``.

    Examples
    --------
    >>> row = run_one("no-such-client.xlsx", "reports", lang="en")
    >>> row["status"], row["error"]  # doctest: +ELLIPSIS
    ('invalid', '...no-such-client.xlsx does not exist')
    """
    t0 = time.perf_counter()
    row: dict[str, Any] = {
        "client": str(client),
        "status": "ok",
        "report": None,
        "error": None,
        "host": platform.node(),
    }
    try:
        row["report"] = str(run_report(client, out_dir, lang=lang, params=params, force=force))
    except IntakeError as err:
        row["status"], row["error"] = "invalid", "; ".join(p.message(lang) for p in err.errors)
    except ReportExists as err:
        row["status"], row["error"] = "exists", str(err)
    except ReportBusy as err:
        row["status"], row["error"] = "busy", str(err)
    except SectionFailed as err:
        row["status"], row["report"] = "failed", str(err.index)
        row["error"] = "; ".join(f"{f.key}: {f.error}" for f in err.failures)
    except Exception as err:
        last = traceback.extract_tb(err.__traceback__)[-1:]
        where = f" ({last[0].filename}:{last[0].lineno})" if last else ""
        row["status"], row["error"] = "error", f"{type(err).__name__}: {err}{where}"
    row["seconds"] = round(time.perf_counter() - t0, 3)
    return row
