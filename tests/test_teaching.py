"""Teaching notebooks and ``chananalysis teach`` (issue 16, docs/contract.md §2).

Every lesson is executed once per language, both editions rendered from that execution
(the module fixture, one call of `run_teaching`); the student pages must hold none of the
solutions' text and the instructor pages all of it; the textbook's worked numbers are
checked as literals. The command line is tested with a one-cell lesson.
"""

from __future__ import annotations

import ast
import builtins
import html
import json
import re
from pathlib import Path

import nbformat
import pytest
from click.testing import CliRunner

from chananalysis.cli import main
from chananalysis.errors import ChananalysisError
from chananalysis.i18n import LANGS
from chananalysis.report import teach
from chananalysis.report.teach import (
    EDITIONS,
    SOLUTION_TAG,
    edition_notebook,
    run_teaching,
    teaching_notebooks,
)

LESSONS = teaching_notebooks()
NAMES = [p.stem for p in LESSONS]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """Every lesson, both editions, both languages: each lesson executed once per language."""
    out = tmp_path_factory.mktemp("teaching")
    pages = run_teaching(out, editions=EDITIONS, langs=LANGS)
    assert pages[-1] == out / "index.html"
    return out


def _page(site: Path, edition: str, lang: str, lesson: str) -> str:
    return (site / edition / lang / f"{lesson}.html").read_text(encoding="utf-8")


def _text(page: str) -> str:
    """What a reader sees: the page body with tags stripped and entities decoded."""
    body = page[page.index("<main") :]
    body = re.sub(r"<(style|script)\b.*?</\1>", "", body, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", body))


def _tags(cell) -> set[str]:
    return set(cell.metadata.get("tags", []))


def _in_lang(nb, lang: str) -> list:
    return [c for c in nb.cells if not _tags(c) & (set(LANGS) - {lang})]


_LEAD = re.compile(r"^\s*(?:[-*+]\s+|\d+\.\s+|#+\s+|>\s*)")
_MARKUP = re.compile(r"\*\*|`|\|")


def _segments(cell) -> set[str]:
    """A cell's text in pieces a page shows verbatim: code lines, and markdown lines cut
    at their markup (list marks, headings, bold, code spans); pieces under 8 characters
    are left out as not distinctive."""
    if cell.cell_type == "code":
        pieces = cell.source.splitlines()
    else:
        pieces = [
            p for line in cell.source.splitlines() for p in _MARKUP.split(_LEAD.sub("", line))
        ]
    return {p.strip() for p in pieces if len(p.strip()) >= 8}


def _solution_text(nb, lang: str) -> set[str]:
    """The pieces of the solution cells of ``lang`` that no other cell of it contains."""
    cells = _in_lang(nb, lang)
    shared = "\n".join(c.source for c in cells if SOLUTION_TAG not in _tags(c))
    pieces = set().union(*(_segments(c) for c in cells if SOLUTION_TAG in _tags(c)))
    return {p for p in pieces if p not in shared}


# --- the notebooks as committed -------------------------------------------------------------


def test_the_three_lessons_are_found():
    assert NAMES == ["ch7_channel_strategy", "ch8_channel_operations", "workshop_scoring"]


@pytest.mark.parametrize("path", LESSONS, ids=NAMES)
def test_notebooks_are_committed_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata["kernelspec"]["name"] == "chananalysis"
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.outputs == [] and c.execution_count is None for c in code)


@pytest.mark.parametrize("path", LESSONS, ids=NAMES)
def test_one_notebook_serves_both_languages_and_every_exercise_has_its_parts(path):
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert "parameters" in _tags(code[0]) and 'lang = "zh"' in code[0].source
    md = [c for c in nb.cells if c.cell_type == "markdown"]
    # every markdown cell is in one language, and each zh cell has its en twin next to it
    assert all(len(_tags(c) & set(LANGS)) == 1 for c in md)
    pairs = list(zip(md[::2], md[1::2], strict=True))
    assert all(
        "zh" in _tags(a) and "en" in _tags(b) and _tags(a) - {"zh"} == _tags(b) - {"en"}
        for a, b in pairs
    )
    # question (zh, en), the student's cell, then solution cells in both languages
    starts = [i for i, c in enumerate(nb.cells) if {"exercise", "zh"} <= _tags(c)]
    assert len(starts) >= 4
    for k, i in enumerate(starts, 1):
        block = nb.cells[i : [*starts, len(nb.cells)][k]]
        assert f"### 练习 {k} ·" in block[0].source and f"### Exercise {k} ·" in block[1].source
        assert block[2].cell_type == "code" and "answer" in _tags(block[2])
        assert "你的答案 / exercise" in block[2].source
        solutions = [c for c in block if SOLUTION_TAG in _tags(c)]
        assert {"zh", "en"} <= set().union(*(_tags(c) for c in solutions)), k
    # the closing note lists every exercise with its source
    closing = {lang: [c for c in md if lang in _tags(c)][-1].source for lang in LANGS}
    for k in range(1, len(starts) + 1):
        assert f"\n| {k} " in closing["zh"] and f"\n| {k} " in closing["en"], k
    assert "出处" in closing["zh"] and "source" in closing["en"].lower()


def _names(tree: ast.AST) -> tuple[set[str], set[str]]:
    """(names bound, names read) anywhere in a cell."""
    bound, read = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (bound if isinstance(node.ctx, ast.Store | ast.Del) else read).add(node.id)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            bound |= {(a.asname or a.name).split(".")[0] for a in node.names}
        elif isinstance(node, ast.FunctionDef | ast.ClassDef):
            bound.add(node.name)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
    return bound, read


@pytest.mark.parametrize("path", LESSONS, ids=NAMES)
def test_no_later_cell_reads_a_name_only_a_solution_defines(path):
    """The student edition drops the solutions: whatever follows must run without them."""
    nb = nbformat.read(path, as_version=4)
    shared = set(dir(builtins)) | {"display"}
    only_in_solutions: set[str] = set()
    for n, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        bound, read = _names(ast.parse(cell.source))
        if SOLUTION_TAG in _tags(cell):
            only_in_solutions |= bound - shared
        else:
            assert (read - bound) & only_in_solutions == set(), f"cell {n}"
            shared |= bound
            only_in_solutions -= bound


# --- the pages --------------------------------------------------------------------------------


@pytest.mark.slow
def test_every_lesson_renders_in_both_editions_and_languages_without_warnings(site):
    record = json.loads((site / "teach.json").read_text(encoding="utf-8"))["pages"]
    assert {(p["edition"], p["lang"], p["lesson"]) for p in record} == {
        (e, lang, n) for e in EDITIONS for lang in LANGS for n in NAMES
    }
    assert [p["warnings"] for p in record if p["warnings"]] == []  # e.g. a missing glyph
    index = (site / "index.html").read_text(encoding="utf-8")
    for p in record:
        assert f'href="{p["path"]}"' in index and (site / p["path"]).is_file()
    page = _page(site, "student", "zh", "ch7_channel_strategy")
    assert '<html lang="zh"' in page and "学生版" in page and "第七章 渠道策略" in page
    assert 'lang = "zh"' in _text(page)  # the code is shown, the prompts are not
    assert "In [" not in _text(page) and "In&nbsp;[" not in page
    en = _page(site, "instructor", "en", "ch7_channel_strategy")
    assert 'lang = "en"' in _text(en) and "injected-parameters" not in en
    assert "Instructor edition" in en and "第七章 渠道策略 · 教学案例" not in _text(en)


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("lesson", NAMES)
def test_student_pages_hold_no_solution_text_and_instructor_pages_all_of_it(site, lesson, lang):
    nb = nbformat.read(teach.teaching_dir() / f"{lesson}.ipynb", as_version=4)
    pieces = _solution_text(nb, lang)
    assert len(pieces) >= 20
    student = _text(_page(site, "student", lang, lesson))
    instructor = _text(_page(site, "instructor", lang, lesson))
    assert sorted(p for p in pieces if p in student) == []
    assert sorted(p for p in pieces if p not in instructor) == []
    # the solution cells are marked (by their tag) for the instructor, and absent for students
    marked = re.compile(r'class="[^"]*\bcelltag_solution\b')
    assert marked.findall(_page(site, "student", lang, lesson)) == []
    assert len(marked.findall(_page(site, "instructor", lang, lesson))) >= 8


# (lesson, lang, literal, also in the student edition): the textbook's worked numbers
WORKED = [
    # m makers × n buyers: m·n contacts directly, m + n through one intermediary
    ("ch7_channel_strategy", "zh", "直接交易 5 × 50 = 250 次；经过一个中间商 5 + 50 = 55 次", True),
    ("ch7_channel_strategy", "en", "5 × 50 = 250 transactions directly; 5 + 50 = 55 through", True),
    ("ch7_channel_strategy", "zh", "20 × 500 = 10,000 次对 20 + 500 = 520 次", False),
    # case 4: 60 bags × 20 yuan = 1,200 yuan to the harmed dealer
    (
        "ch7_channel_strategy",
        "zh",
        "60 包 × 20 元 = 1,200 元，由洞口甲支付，全部补助给受害经销商洞口乙",
        False,
    ),
    ("ch7_channel_strategy", "en", "60 bags × 20 yuan = CNY 1,200, paid by Dongkou A", False),
    # case 1: the 15 % − 4 % = 11 % expense gap, 9 per unit after 2 of freight
    ("ch7_channel_strategy", "zh", "每 100 元货款可瓜分 11 元，三方平分每方约 3.67 元", False),
    # franchise: 50,000 / (90,000 / 12) months
    ("ch7_channel_strategy", "en", "50,000 / 7,500 ≈ 6.7 months", False),
    # docs/method.md §5.1: tiers 0/1 %/2 %/3 % at 1, 3, 5 million, volume 4 million
    ("ch8_channel_operations", "zh", "全额累进返利 80,000 元，超额累进返利 40,000 元", False),
    (
        "ch8_channel_operations",
        "en",
        "whole-volume rebate CNY 80,000, marginal rebate CNY 40,000",
        False,
    ),
    # the cliff at 3 million, 10 % short: 33,000 more, dumping pays up to 11 %
    ("ch8_channel_operations", "zh", "多得 33,000 元；门槛处的断崖 30,000 元", False),
    ("ch8_channel_operations", "en", "pays at any discount up to 11.0%", False),
    # the 11 ratios of financials.py's worked dealer
    ("ch8_channel_operations", "zh", "730,000 / 3,650,000 × 365 = 73.0 天", False),
    # docs/method.md §2.1's star-scorecard example
    ("workshop_scoring", "zh", "加分 21，扣分 5，总分 85.02，4 星。", False),
    ("workshop_scoring", "en", "Bonus 21, penalty 5, total 85.02: 4 stars.", False),
]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("lesson", "lang", "literal", "for_students"),
    WORKED,
    ids=[f"{w[0][:3]}-{w[1]}-{i}" for i, w in enumerate(WORKED)],
)
def test_the_worked_numbers(site, lesson, lang, literal, for_students):
    assert literal in _text(_page(site, "instructor", lang, lesson))
    assert (literal in _text(_page(site, "student", lang, lesson))) is for_students


# --- the editions, unit by unit -------------------------------------------------------------------


def test_an_edition_keeps_its_language_drops_solutions_and_shows_the_values_used():
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell('lang = "zh"  # language\nmakers = 5  # makers')
    params.metadata["tags"] = ["parameters"]
    injected = nbformat.v4.new_code_cell('lang = "en"')
    injected.metadata["tags"] = ["injected-parameters"]
    work = nbformat.v4.new_code_cell("print(1)")
    work.outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="1\n"),
        nbformat.v4.new_output("stream", name="stderr", text="UserWarning: Glyph missing\n"),
    ]
    solution = nbformat.v4.new_code_cell("answer = 250")
    solution.metadata["tags"] = [SOLUTION_TAG]
    zh = nbformat.v4.new_markdown_cell("问题", metadata={"tags": ["zh"]})
    nb.cells = [params, injected, zh, work, solution]
    shown = edition_notebook(nb, lang="en", edition="student", parameters={"lang": "en"})
    assert [c.source for c in shown.cells] == [
        'lang = "en"  # language\nmakers = 5  # makers',
        "print(1)",
    ]
    assert [o.name for o in shown.cells[1].outputs] == ["stdout"]
    assert nb.cells[0].source.startswith('lang = "zh"')  # the input is not changed
    full = edition_notebook(nb, lang="zh", edition="instructor")
    assert [c.source for c in full.cells][-2:] == ["print(1)", "answer = 250"]
    with pytest.raises(ValueError, match="edition"):
        edition_notebook(nb, lang="zh", edition="teacher")


@pytest.mark.slow  # a process pool of spawned workers, each finding no kernel
def test_a_missing_kernel_is_named_and_nothing_is_left_behind(tmp_path):
    with pytest.raises(ChananalysisError, match='kernel "no-such-kernel" is not installed'):
        run_teaching(tmp_path / "out", kernel_name="no-such-kernel")
    assert list((tmp_path / "out").iterdir()) == []


# --- the command line ----------------------------------------------------------------------------


def _lesson(folder: Path, code: str) -> Path:
    folder.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "chananalysis", "display_name": "x", "language": "python"}
    params = nbformat.v4.new_code_cell('lang = "zh"  # language')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [
        nbformat.v4.new_markdown_cell("# 一课", metadata={"tags": ["zh"]}),
        nbformat.v4.new_markdown_cell("# One lesson", metadata={"tags": ["en"]}),
        params,
        nbformat.v4.new_code_cell(code),
        nbformat.v4.new_markdown_cell(
            "**Solution** · forty-two", metadata={"tags": ["en", SOLUTION_TAG]}
        ),
    ]
    nbformat.write(nb, folder / "lesson.ipynb")
    return folder


def test_cli_teach_options_follow_the_contract():
    res = CliRunner().invoke(main, ["teach", "--help"])
    assert res.exit_code == 0
    for option in ("--student / --instructor", "--out", "--lang [zh|en]", "teaching"):
        assert option in res.output
    student = next(p for p in main.commands["teach"].params if p.name == "student")
    assert student.default is True  # the student edition unless --instructor
    res = CliRunner().invoke(main, ["teach", "--lang", "fr"])
    assert res.exit_code == 2 and "Traceback" not in res.output


@pytest.mark.slow
def test_cli_teach_writes_the_pages_and_prints_their_paths(tmp_path, monkeypatch):
    lessons = _lesson(tmp_path / "lessons", "print(6 * 7)")
    monkeypatch.setattr(teach, "teaching_dir", lambda: lessons)
    out = tmp_path / "out"
    res = CliRunner().invoke(main, ["teach", "--instructor", "--lang", "en", "--out", str(out)])
    assert res.exit_code == 0, res.output
    page = out / "instructor" / "en" / "lesson.html"
    assert res.output.splitlines() == [str(page), str(out / "index.html")]
    text = _text(page.read_text(encoding="utf-8"))
    assert "One lesson" in text and "42" in text and "forty-two" in text and "一课" not in text
    assert not list(out.glob(".teach.tmp-*"))


@pytest.mark.slow
def test_cli_teach_names_a_failing_cell_without_traceback(tmp_path, monkeypatch):
    lessons = _lesson(tmp_path / "lessons", "1 / 0")
    monkeypatch.setattr(teach, "teaching_dir", lambda: lessons)
    out = tmp_path / "out"
    res = CliRunner().invoke(main, ["teach", "--out", str(out)])
    assert res.exit_code == 1
    assert "lesson.ipynb (zh): cell 4 failed: ZeroDivisionError" in res.output
    assert "Traceback" not in res.output
    assert [p.name for p in out.iterdir()] == []  # nothing half-written


@pytest.mark.parametrize("where", ["file", "below-a-file"])
def test_cli_teach_with_a_file_in_the_way_has_no_traceback(tmp_path, where):
    blocker = tmp_path / "taken"
    blocker.write_text("x", encoding="utf-8")
    out = blocker if where == "file" else blocker / "teaching"
    res = CliRunner().invoke(main, ["teach", "--out", str(out)])
    assert res.exit_code == (2 if where == "file" else 1), res.output
    assert "Traceback" not in res.output and str(blocker) in res.output
    assert blocker.read_text(encoding="utf-8") == "x"
