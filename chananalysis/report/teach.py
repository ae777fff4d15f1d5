"""Teaching notebooks → HTML for trainers: a student and an instructor edition of each
lesson, in Chinese and English (docs/contract.md §2, ``chananalysis teach``).

The lessons are the notebooks in ``notebooks/teaching/``; the report never runs them. One
notebook serves both languages and both editions:

- its first code cell is tagged ``parameters`` (``lang = "zh"`` and the numbers a trainer
  may change);
- a cell tagged ``zh`` or ``en`` belongs to that language only, a cell with neither tag to
  both (code is shared and words its output through ``lang``);
- every exercise is a question, a cell for the student's answer, then solution cells
  tagged ``solution``; later cells never read a name that only a solution defines.

`run_teaching` executes each lesson once per language with Papermill on the kit's kernel
(the working directory a temporary folder), then renders both editions from that one
execution: the instructor edition shows every cell of the language, the student edition
the same minus every ``solution`` cell. Unlike the client report, the pages show the code
(students learn from it) and the prose, never the prompts. It writes, atomically per
edition and language::

    <out>/index.html                        every page written so far, by edition and language
    <out>/<edition>/<lang>/<lesson>.html    one page per lesson (edition: student, instructor)
    <out>/teach.json                        what ran: seconds and warnings per lesson

Examples
--------
>>> import nbformat
>>> nb = nbformat.v4.new_notebook(cells=[
...     nbformat.v4.new_markdown_cell("问题", metadata={"tags": ["zh"]}),
...     nbformat.v4.new_markdown_cell("Question", metadata={"tags": ["en"]}),
...     nbformat.v4.new_code_cell("# 你的答案 / your answer"),
...     nbformat.v4.new_markdown_cell("Answer: 250", metadata={"tags": ["en", "solution"]})])
>>> [c.source for c in edition_notebook(nb, lang="en", edition="student").cells]
['Question', '# 你的答案 / your answer']
>>> [c.source for c in edition_notebook(nb, lang="en", edition="instructor").cells]
['Question', '# 你的答案 / your answer', 'Answer: 250']
"""

from __future__ import annotations

import copy
import html
import json
import os
import re
import shutil
import time
import uuid
from collections.abc import Sequence
from pathlib import Path

from chananalysis.errors import ChananalysisError
from chananalysis.i18n import LANGS, check_lang, pick
from chananalysis.report.render import css_string
from chananalysis.report.run import KERNEL_NAME, execute_notebook
from chananalysis.resources import resource_dir

__all__ = [
    "EDITIONS",
    "SOLUTION_TAG",
    "edition_notebook",
    "run_teaching",
    "teaching_dir",
    "teaching_notebooks",
]

#: The editions: the student's has no solution cell, the instructor's has them all.
EDITIONS = ("student", "instructor")
#: Cells tagged so are dropped from the student edition.
SOLUTION_TAG = "solution"
#: Our nbconvert template (``templates/teaching``, extending ``templates/report``).
TEMPLATE = "teaching"
_RECORD = "teach.json"
_ASSIGNED = re.compile(r"^([A-Za-z_]\w*)\s*=")
_COMMENT = re.compile(r"\s+#.*$")
_TITLE = re.compile(r"^#\s+(.+?)\s*$", flags=re.M)


def _words(lang: str) -> dict[str, str]:
    """The few words of the pages' frame, in ``lang``."""
    return {
        "course": pick(
            lang, zh="分销渠道管理 · 教学案例", en="Distribution channels · teaching notes"
        ),
        "student": pick(lang, zh="学生版", en="Student edition"),
        "instructor": pick(
            lang, zh="教师版（含参考答案）", en="Instructor edition (with solutions)"
        ),
        "index": pick(lang, zh="全部讲义", en="All lessons"),
        "lang": pick(lang, zh="中文", en="English"),
    }


def teaching_dir() -> Path:
    """The folder of the lessons (a checkout's ``notebooks/teaching``, or the wheel's
    copy), looked up when asked, never on import.

    Examples
    --------
    >>> teaching_dir().name
    'teaching'
    """
    return resource_dir("notebooks") / "teaching"


def teaching_notebooks(folder: str | os.PathLike | None = None) -> list[Path]:
    """The lessons: every ``*.ipynb`` of ``folder`` (default `teaching_dir`), by name.

    Examples
    --------
    >>> [p.name for p in teaching_notebooks()]
    ['ch7_channel_strategy.ipynb', 'ch8_channel_operations.ipynb', 'workshop_scoring.ipynb']
    """
    root = Path(folder) if folder is not None else teaching_dir()
    return sorted(p for p in root.glob("*.ipynb") if not p.name.startswith((".", "_")))


def _edition(edition: str) -> str:
    if edition not in EDITIONS:
        raise ValueError(f"edition: expected one of {', '.join(EDITIONS)}; got {edition!r}")
    return edition


def _shown_parameters(source: str, values: dict) -> str:
    """The parameters cell as it ran: each value passed replaces the default on its line
    (the comment after it kept), so the page shows one cell with the values used."""
    lines = []
    for line in source.splitlines():
        m = _ASSIGNED.match(line)
        if m and m.group(1) in values:
            comment = _COMMENT.search(line)
            value = json.dumps(values[m.group(1)], ensure_ascii=False)
            line = f"{m.group(1)} = {value}" + (comment.group(0) if comment else "")
        lines.append(line)
    return "\n".join(lines)


def edition_notebook(nb, *, lang: str, edition: str, parameters: dict | None = None):
    """The cells of one edition in one language (a new notebook; ``nb`` is unchanged).

    Parameters
    ----------
    nb
        A lesson, executed or not.
    lang
        Keyword only: ``"zh"`` or ``"en"``; cells tagged with the other language go.
    edition
        Keyword only: ``"student"`` (cells tagged ``solution`` go too) or
        ``"instructor"``.
    parameters
        Keyword only: the values the lesson ran with; they are written into its
        ``parameters`` cell, and Papermill's injected cell goes.

    Returns
    -------
    nbformat.NotebookNode
        The cells kept, in order; code outputs without stderr (warnings are recorded in
        ``teach.json``, not shown to students).

    Raises
    ------
    ValueError
        An unknown language or edition.
    """
    check_lang(lang)
    _edition(edition)
    others = set(LANGS) - {lang}
    shown = copy.deepcopy(nb)
    cells = []
    for cell in shown.cells:
        tags = set(cell.metadata.get("tags", []))
        if tags & others or "injected-parameters" in tags:
            continue
        if edition == "student" and SOLUTION_TAG in tags:
            continue
        if cell.cell_type == "code":
            if "parameters" in tags and parameters:
                cell.source = _shown_parameters(cell.source, parameters)
            cell.outputs = [
                o
                for o in cell.get("outputs", [])
                if not (o.output_type == "stream" and o.name == "stderr")
            ]
        cells.append(cell)
    shown.cells = cells
    return shown


def _with_parameters(nb, values: dict):
    """``nb`` with Papermill's injected cell after its ``parameters`` cell."""
    import nbformat
    from papermill.translators import translate_parameters

    out = copy.deepcopy(nb)
    for i, cell in enumerate(out.cells):
        if cell.cell_type == "code" and "parameters" in cell.metadata.get("tags", []):
            inj = nbformat.v4.new_code_cell(
                translate_parameters(KERNEL_NAME, "python", values, "Parameters")
            )
            inj.metadata["tags"] = ["injected-parameters"]
            out.cells.insert(i + 1, inj)
            return out
    raise ChananalysisError("a teaching notebook needs a code cell tagged parameters")


def _run_lesson(path: Path, lang: str, workdir: Path, kernel_name: str):
    """Execute one lesson in ``lang``; a cell that raises is an error naming it."""
    import nbformat

    try:
        nb = nbformat.read(path, as_version=4)
    except (OSError, ValueError) as err:
        raise ChananalysisError(f"{path}: cannot read the notebook ({err})") from err
    try:
        nb = _with_parameters(nb, {"lang": lang})
    except ChananalysisError as err:
        raise ChananalysisError(f"{path.name}: {err}") from None
    workdir.mkdir(parents=True)
    executed = execute_notebook(nb, workdir, kernel_name)
    # cells numbered as in the notebook the trainer opens (without Papermill's)
    own = [c for c in executed.cells if "injected-parameters" not in c.metadata.get("tags", [])]
    for n, cell in enumerate(own, 1):
        for out in cell.get("outputs", []):
            if out.output_type == "error":
                raise ChananalysisError(
                    f"{path.name} ({lang}): cell {n} failed: {out.ename}: {out.evalue}"
                )
    warnings = [
        line
        for cell in executed.cells
        for out in cell.get("outputs", [])
        if out.output_type == "stream" and out.name == "stderr"
        for line in out.text.splitlines()
        if line.strip()
    ]
    return executed, warnings


def _timed_run(path: Path, lang: str, workdir: Path, kernel_name: str):
    t0 = time.perf_counter()
    executed, warnings = _run_lesson(path, lang, workdir, kernel_name)
    return executed, warnings, time.perf_counter() - t0


def _run_all(tasks: list[tuple[Path, str]], tmp: Path, kernel_name: str, jobs: int) -> dict:
    """Execute every (lesson, language) — ``jobs`` at a time, each in a process of its own
    (Papermill changes the working directory of its whole process, so not threads)."""

    def where(path: Path, lang: str) -> Path:
        return tmp / "_run" / lang / path.stem

    if jobs <= 1 or len(tasks) <= 1:
        return {(p, lang): _timed_run(p, lang, where(p, lang), kernel_name) for p, lang in tasks}
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(min(jobs, len(tasks)), mp_context=context) as pool:
        runs = {
            (p, lang): pool.submit(_timed_run, p, lang, where(p, lang), kernel_name)
            for p, lang in tasks
        }
        return {key: run.result() for key, run in runs.items()}


def _title(nb, lang: str, fallback: str) -> str:
    """The lesson's title: the first ``# heading`` of its markdown in ``lang``."""
    others = set(LANGS) - {lang}
    for cell in nb.cells:
        if cell.cell_type == "markdown" and not set(cell.metadata.get("tags", [])) & others:
            m = _TITLE.search(cell.source)
            if m:
                return m.group(1)
    return fallback


def _exporter(lang: str):
    from nbconvert import HTMLExporter

    exp = HTMLExporter(
        template_name=TEMPLATE,
        extra_template_basedirs=[str(resource_dir("templates"))],
        # ours extends 'report/index.html.j2': the templates folder itself is searched too
        extra_template_paths=[str(resource_dir("templates"))],
    )
    exp.exclude_input_prompt = True
    exp.exclude_output_prompt = True
    exp.exclude_raw = True
    exp.language_code = lang  # <html lang=…>
    return exp


def _render(exp, nb, *, title: str, lang: str, edition: str, nav: list[dict], path: Path):
    words = _words(lang)
    nb = copy.deepcopy(nb)
    nb.metadata["title"] = title
    ca = {
        "single": True,  # the report template's short header: course · edition
        "client": words["course"],
        "report_title": words[edition],
        "failed_banner": "",
        "print_header": css_string(f"{title} · {words[edition]}"),
        "print_confidential": css_string(words["course"]),
        "nav": nav,
        "index_href": "../../index.html",
        "labels": {"index": words["index"]},
    }
    body, _ = exp.from_notebook_node(nb, resources={"ca": ca})
    path.write_text(body, encoding="utf-8")


def _record(out: Path, entries: list[dict]) -> list[dict]:
    """``teach.json`` updated with ``entries`` (one per edition, language and lesson);
    pages no longer on disk are dropped."""
    path = out / _RECORD
    old = []
    if path.is_file():
        try:
            old = json.loads(path.read_text(encoding="utf-8")).get("pages", [])
        except (ValueError, AttributeError):
            old = []  # not ours, or damaged: rebuilt from this run
    if not isinstance(old, list):
        old = []
    fresh = {(e["edition"], e["lang"]) for e in entries}
    kept = [
        e
        for e in old
        if isinstance(e, dict)
        and e.get("edition") in EDITIONS
        and e.get("lang") in LANGS
        and isinstance(e.get("path"), str)
        and isinstance(e.get("title"), str)
        and (e["edition"], e["lang"]) not in fresh
    ]
    pages = [e for e in kept + entries if (out / e["path"]).is_file()]
    pages.sort(key=lambda e: (EDITIONS.index(e["edition"]), LANGS.index(e["lang"]), e["path"]))
    tmp = path.with_name(f".{_RECORD}.tmp")
    tmp.write_text(json.dumps({"pages": pages}, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, path)
    return pages


def _index(out: Path, pages: list[dict]) -> Path:
    """``<out>/index.html``: a plain, self-contained list of the pages."""
    groups: dict[tuple[str, str], list[dict]] = {}
    for p in pages:
        groups.setdefault((p["edition"], p["lang"]), []).append(p)
    parts = []
    for edition in EDITIONS:
        for lang in LANGS:
            here = groups.get((edition, lang), [])
            if not here:
                continue
            words = _words(lang)
            items = "".join(
                f'<li><a href="{html.escape(p["path"])}">{html.escape(p["title"])}</a></li>'
                for p in here
            )
            parts.append(
                f'<section lang="{lang}"><h2>{html.escape(words[edition])} · '
                f"{html.escape(words['lang'])}</h2><ol>{items}</ol></section>"
            )
    title = f"{_words('zh')['course']} · {_words('en')['course']}"
    page = (
        '<!DOCTYPE html>\n<html lang="zh"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>"
        'body{font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",'
        "Helvetica,Arial,sans-serif;color:#1d2733;max-width:760px;margin:40px auto;"
        "padding:0 24px;line-height:1.7}h1{color:#1F4E79;border-bottom:2px solid #1F4E79}"
        "h2{color:#22354a;font-size:18px;margin-top:28px}a{color:#1F4E79}"
        f"</style></head><body><h1>{html.escape(title)}</h1>{''.join(parts)}</body></html>\n"
    )
    path = out / "index.html"
    tmp = path.with_name(".index.html.tmp")
    tmp.write_text(page, encoding="utf-8")
    os.replace(tmp, path)
    return path


def _move_into_place(src: Path, target: Path) -> None:
    """Replace ``target`` (a folder) by ``src``, the old one removed only afterwards."""
    target.parent.mkdir(parents=True, exist_ok=True)
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{uuid.uuid4().hex[:10]}")
        os.rename(target, old)
    os.rename(src, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def run_teaching(
    out_dir: str | os.PathLike,
    *,
    editions: Sequence[str] = ("student",),
    langs: Sequence[str] = ("zh",),
    notebooks_dir: str | os.PathLike | None = None,
    kernel_name: str = KERNEL_NAME,
    jobs: int | None = None,
) -> list[Path]:
    """Render every lesson to HTML, in each edition and language asked for.

    Parameters
    ----------
    out_dir
        Folder receiving ``<edition>/<lang>/<lesson>.html``, ``index.html`` and
        ``teach.json`` (created if needed).
    editions
        Keyword only: any of ``"student"`` and ``"instructor"``; both come from one
        execution of each lesson per language.
    langs
        Keyword only: any of ``"zh"`` and ``"en"``.
    notebooks_dir
        Keyword only: where the lessons are (default `teaching_dir`).
    kernel_name
        Keyword only: the Jupyter kernel that executes them (the one ``make install``
        registers).
    jobs
        Keyword only: lessons executed at a time, each in its own process (default: the
        number of cores).

    Returns
    -------
    list of Path
        The pages written, by edition, language and lesson, then ``index.html``.

    Raises
    ------
    ChananalysisError
        No lesson found; a lesson that cannot be read, has no parameters cell, or whose
        cell raises (the message names the lesson, language and cell); the kernel is not
        installed. Nothing is replaced in ``out_dir`` then.
    ValueError
        An unknown edition or language, or none asked for.
    OSError
        ``out_dir`` cannot be created or written (e.g. a file is in the way).
    """
    editions = [_edition(e) for e in dict.fromkeys(editions)]
    langs = [check_lang(lang) for lang in dict.fromkeys(langs)]
    if not editions or not langs:
        raise ValueError("give at least one edition and one language")
    lessons = teaching_notebooks(notebooks_dir)
    if not lessons:
        where = notebooks_dir if notebooks_dir is not None else teaching_dir()
        raise ChananalysisError(f"no teaching notebooks (*.ipynb) in {where}")
    out = Path(out_dir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    tmp = out / f".teach.tmp-{uuid.uuid4().hex[:10]}"
    tmp.mkdir()
    entries: list[dict] = []
    try:
        tasks = [(path, lang) for lang in langs for path in lessons]
        done = _run_all(tasks, tmp, kernel_name, jobs or os.cpu_count() or 1)
        for lang in langs:
            exp = _exporter(lang)
            runs = [(path, *done[path, lang]) for path in lessons]
            titles = {p.stem: _title(nb, lang, p.stem) for p, nb, _, _ in runs}
            for edition in editions:
                folder = tmp / edition / lang
                folder.mkdir(parents=True)
                for path, executed, warnings, seconds in runs:
                    nav = [
                        {"href": f"{stem}.html", "title": title, "here": stem == path.stem}
                        for stem, title in titles.items()
                    ]
                    shown = edition_notebook(
                        executed, lang=lang, edition=edition, parameters={"lang": lang}
                    )
                    page = folder / f"{path.stem}.html"
                    _render(
                        exp,
                        shown,
                        title=titles[path.stem],
                        lang=lang,
                        edition=edition,
                        nav=nav,
                        path=page,
                    )
                    entries.append(
                        {
                            "edition": edition,
                            "lang": lang,
                            "lesson": path.stem,
                            "title": titles[path.stem],
                            "path": f"{edition}/{lang}/{path.stem}.html",
                            "seconds": round(seconds, 3),
                            "warnings": warnings,
                        }
                    )
        for edition in editions:
            for lang in langs:
                _move_into_place(tmp / edition / lang, out / edition / lang)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    index = _index(out, _record(out, entries))
    return [out / e["path"] for e in entries] + [index]
