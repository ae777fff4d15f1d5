"""The report end to end: real Papermill and nbconvert runs, real Excel files."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import openpyxl
import pandas as pd
import pytest
from conftest import _hashes

import chananalysis as ca
from chananalysis.display.money import Money
from chananalysis.report.run import report_notebooks_dir, section_keys

pytestmark = pytest.mark.slow  # Papermill runs: the sample reports and reports of their own

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data_samples"
SECTIONS = section_keys()


@pytest.fixture(scope="module")
def reports(sample_reports):
    """Every sample client in both languages (made once per run, in conftest.py)."""
    return sample_reports


def test_no_input_file_is_modified(reports):
    assert reports.inputs_unchanged, "an input file was modified"


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("client", ["seasoning", "cosmetics", "feed"])
def test_report_folder(reports, client, lang):
    index = reports[client, lang]
    folder = index.parent
    assert folder.name == client
    run = json.loads((folder / "run.json").read_text(encoding="utf-8"))
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["index.html", "notebooks", "run.json", "sections", "tables.xlsx"]
        + (["report.pdf"] if run["pdf"] else [])  # seasoning zh is printed (conftest.py)
    )
    assert [p.name for p in sorted((folder / "sections").iterdir())] == [
        f"{k}.html" for k in SECTIONS
    ]
    assert [p.name for p in sorted((folder / "notebooks").iterdir())] == [
        f"{k}.ipynb" for k in SECTIONS
    ]
    run = json.loads((folder / "run.json").read_text(encoding="utf-8"))
    assert run["status"] == "ok" and run["lang"] == lang and run["kernel"] == "chananalysis"
    assert [s["key"] for s in run["sections"]] == SECTIONS
    assert all(s["status"] == "ok" and s["warnings"] == [] for s in run["sections"])
    # the SHA-256 of every input file, as hashlib computes it here
    assert run["inputs"] == _hashes(SAMPLES / client)
    assert set(run["versions"]) >= {"python", "pandas", "papermill", "nbconvert"}
    assert run["timings"]["total"] > 0


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_index_html_is_client_ready(reports, lang):
    html = reports["seasoning", lang].read_text(encoding="utf-8")
    # no code, no prompts, nothing fetched from elsewhere
    assert "import chananalysis" not in html and "open_section" not in html
    assert not re.search(r'class="[^"]*jp-InputArea[ "]', html) and "In&nbsp;[" not in html
    assert not re.search(r"<script[^>]+src=", html) and "<link" not in html
    # title page, contents, sections, charts embedded
    assert "豫香园食品有限公司" in html
    title = {"zh": "渠道组合概览", "en": "Channel portfolio overview"}[lang]
    assert f'<a href="#sec-00_overview">{title}</a>' in html
    assert html.count("data:image/png;base64,") >= 3
    expected = {
        "zh": ["分析期间", "顾问", "目录", "销售占比"],
        "en": ["Period", "Consultant", "Contents", "Share of sales"],
    }[lang]
    assert all(word in html for word in expected)
    # money in the reader's units, one unit per column named in its header: 流通批发's
    # sales of 46,000,000 yuan; percentages
    cell, header = {"zh": ("4,600.0", "销售额（万元）"), "en": ("46.00", "Sales (CNY m)")}[lang]
    assert f">{cell}<" in html and header in html and "50.3%" in html
    assert "46,000,000" not in html


def test_amounts_never_break_across_lines(reports):
    # "CNY 3.58 m" printed as "CNY 3.58" at a line's end and "m" on the next: no more
    html = reports["seasoning", "en"].read_text(encoding="utf-8")
    assert re.search(r"CNY\u00a0\d[\d,.]*\u00a0m\b", html)
    assert not re.search(r"CNY \d[\d,.]* m\b", html)
    zh = reports["seasoning", "zh"].read_text(encoding="utf-8")
    assert "9,140\u00a0万元" in zh and "9,140 万元" not in zh


def test_executed_notebooks_have_no_missing_glyphs(reports):
    for index in reports.values():
        nb = nbformat.read(index.parent / "notebooks" / "00_overview.ipynb", as_version=4)
        streams = [
            o.get("text", "")
            for c in nb.cells
            for o in c.get("outputs", [])
            if o.get("output_type") == "stream"
        ]
        assert not any("missing from font" in s or "Glyph" in s for s in streams), streams


def test_tables_xlsx_has_every_result_table(reports):
    wb = openpyxl.load_workbook(reports["seasoning", "en"].parent / "tables.xlsx")
    assert wb.sheetnames[0] == "Contents"
    # in report order: the order section 00 shows them, not the alphabet
    assert [n for n in wb.sheetnames if n.startswith("00 ")] == [
        "00 Channel portfolio",
        "00 Costs and contribution",
        "00 Channel length",
    ]
    ws = wb["00 Channel portfolio"]
    rows = list(ws.iter_rows(values_only=True))
    # money as full amounts, the currency in the header (the report shows CNY m)
    assert rows[0] == ("Channel", "Sales (CNY)", "Prior sales (CNY)", "Share of sales", "Growth")
    assert rows[2][:3] == ("流通批发", 46_000_000, 43_000_000)
    assert len(rows) == 7  # header + six channels
    assert [c.number_format for c in ws[3]] == ["General", "#,##0", "#,##0", "0.0%", "0.0%"]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:E7"
    contents = list(wb["Contents"].iter_rows(values_only=True))
    assert contents[1] == (
        "Channel portfolio overview",
        "Channel portfolio",
        6,
        "00 Channel portfolio",
    )
    assert [r[3] for r in contents[1:]] == wb.sheetnames[1:]


_CODE = re.compile(r"^[a-z][a-z0-9_]*$")


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("client", ["seasoning", "cosmetics", "feed"])
def test_every_sheet_has_a_title_and_worded_headers(reports, client, lang):
    """A table without a <prefix>_table_<name> key, or a column without a header in the
    catalogue, would show its code name: none does in any sample report."""
    wb = openpyxl.load_workbook(reports[client, lang].parent / "tables.xlsx", read_only=True)
    contents = list(wb.worksheets[0].iter_rows(values_only=True))[1:]
    assert [title for _, title, _, _ in contents if _CODE.match(title)] == []
    coded = [
        (ws.title, h)
        for ws in wb.worksheets[1:]
        for h in next(ws.iter_rows(values_only=True))
        if isinstance(h, str) and _CODE.match(h)
    ]
    assert coded == []


#: Columns of the result tables that hold codes in the computation (actions, roles,
#: notes, reasons, lengths, factor keys): in a Chinese report they must be Chinese words.
CODED = (
    "reason",
    "note",
    "action",
    "market_role",
    "best_role",
    "length",
    "factor",
    "severity",
    "kind",
    "type",
    "causes",
    "measure",
    "level",
)
_CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("client", ["seasoning", "cosmetics", "feed"])
def test_chinese_tables_xlsx_holds_no_english_codes_or_reasons(reports, client):
    from chananalysis.display.formatting import column_header
    from chananalysis.i18n import t
    from chananalysis.sections.registry import section

    wb = openpyxl.load_workbook(reports[client, "zh"].parent / "tables.xlsx", read_only=True)
    checked = []
    for ws in wb.worksheets[1:]:  # after the contents
        key = next(k for k in SECTIONS if k[:2] == ws.title[:2])  # "02 综合指数" -> 02_…
        coded = {column_header(c, "zh", prefix=section(key).prefix): c for c in CODED}
        rows = list(ws.iter_rows(values_only=True))
        for j, head in enumerate(rows[0]):
            if head not in coded:
                continue
            for row in rows[1:]:
                if isinstance(row[j], str) and row[j]:
                    checked.append((ws.title, coded[head], row[j]))
    english = [c for c in checked if not _CJK.search(c[2]) or re.search(r"[A-Za-z]{3,}|_", c[2])]
    assert english == []
    expected = {
        f"02 {t('cs_table_scores', 'zh')}",
        f"03 {t('de_table_scorecard', 'zh')}",
        f"03 {t('de_table_market_fit', 'zh')}",
    }
    assert expected <= {c[0] for c in checked}
    assert any(head == "reason" for _, head, _ in checked)  # every sample disqualifies one


def test_no_report_shows_a_return_value(reports):
    for index in reports.values():
        html = index.read_text(encoding="utf-8")
        assert "PosixPath" not in html and "&lt;Figure" not in html
        for raw in ("PosixPath(", "<pandas", "&lt;pandas", "dtype:", "Traceback"):
            assert raw not in html, raw
        for path in (index.parent / "notebooks").glob("*.ipynb"):
            nb = nbformat.read(path, as_version=4)
            plain = [
                o["data"]["text/plain"]
                for c in nb.cells
                for o in c.get("outputs", [])
                if o.get("output_type") == "execute_result"
            ]
            assert plain == [], (path.name, plain)


def test_a_teaching_notebook_is_never_a_report_section(tmp_path):
    root = tmp_path / "notebooks"
    (root / "report").mkdir(parents=True)
    (root / "teaching").mkdir()
    shutil.copy(report_notebooks_dir() / "00_overview.ipynb", root / "report")
    lesson = nbformat.v4.new_notebook()
    lesson.cells = [nbformat.v4.new_code_cell("raise RuntimeError('a lesson ran')")]
    nbformat.write(lesson, root / "teaching" / "01_lesson.ipynb")
    nbformat.write(lesson, root / "01_stray.ipynb")  # not a report section either
    assert section_keys(root / "report") == ["00_overview"]
    index = ca.run_report(
        _client(tmp_path / "c", CHANNELS), tmp_path / "out", notebooks_dir=root / "report"
    )
    run = json.loads((index.parent / "run.json").read_text(encoding="utf-8"))
    assert [s["key"] for s in run["sections"]] == ["00_overview"] and run["status"] == "ok"
    # the kit's own report notebooks are notebooks/report/, never notebooks/teaching/
    assert report_notebooks_dir().name == "report" and SECTIONS == sorted(
        p.stem for p in report_notebooks_dir().glob("[0-9][0-9]_*.ipynb")
    )


def _client(tmp: Path, channels: pd.DataFrame, name: str = "测试<客户>") -> Path:
    frames = {
        "client": pd.DataFrame(
            {"field": ["client_name", "period", "consultant"], "value": [name, "2025", "李顾问"]}
        ),
        "channels": channels,
    }
    return ca.write_intake(tmp, frames, lang="zh")


CHANNELS = pd.DataFrame(
    {
        "channel": ["KA卖场", "流通批发", "电商"],
        "sales": [1_200_000.0, 3_000_000.0, 500_000.0],
        "sales_prev": [1_000_000.0, 3_100_000.0, 0.0],
        "variable_cost_rate": [0.2, 0.1, 0.3],
        "fixed_cost": [100_000.0, 200_000.0, 400_000.0],
    }
)


def test_minimal_client_only_client_and_channels(tmp_path):
    client = _client(tmp_path / "mini", CHANNELS)
    index = ca.run_report(client, tmp_path / "out", lang="en")
    html = index.read_text(encoding="utf-8")
    # levels were not given: a visible note, not an error
    assert "Channel levels were not given in the intake" in html
    assert "New channels with no prior sales (growth not defined): 电商." in html
    assert "Loss-making after variable and fixed costs" in html


def test_names_are_escaped_in_html_and_text_in_excel(tmp_path):
    evil = CHANNELS.assign(
        channel=["<script>alert(1)</script>", '=HYPERLINK("http://x")', "+cmd|' /C calc'!A0"]
    )
    client = _client(tmp_path / "evil", evil, name="<img src=x onerror=alert(2)>")
    index = ca.run_report(client, tmp_path / "out", lang="zh")
    html = index.read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert" in html and "&lt;img src=x onerror=alert(2)&gt;" in html
    ws = openpyxl.load_workbook(index.parent / "tables.xlsx")["00 渠道组合"]
    cells = {c.value: c.data_type for c in ws["A"][1:]}
    assert cells == {
        "<script>alert(1)</script>": "s",
        '=HYPERLINK("http://x")': "s",
        "+cmd|' /C calc'!A0": "s",
    }


def test_invalid_intake_writes_nothing(tmp_path):
    bad = CHANNELS.assign(sales=[1.0, -5.0, 3.0])
    client = _client(tmp_path / "bad", bad)
    with pytest.raises(ca.IntakeError, match="row 3, column sales"):
        ca.run_report(client, tmp_path / "out", lang="en")
    assert not (tmp_path / "out").exists()


def test_existing_report_needs_force(tmp_path):
    client = _client(tmp_path / "c", CHANNELS)
    only = ["00_overview"]  # the frame is under test, not what every section says
    first = ca.run_report(client, tmp_path / "out", sections=only)
    stamp = (first.parent / "run.json").read_text(encoding="utf-8")
    with pytest.raises(ca.ReportExists, match="--force"):
        ca.run_report(client, tmp_path / "out", sections=only)
    assert (first.parent / "run.json").read_text(encoding="utf-8") == stamp
    again = ca.run_report(client, tmp_path / "out", force=True, sections=only)
    assert again == first and json.loads((again.parent / "run.json").read_text())["status"] == "ok"
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["c"]  # no temporary left


def test_failing_section_is_named_and_others_still_run(tmp_path):
    nbs = tmp_path / "notebooks"
    nbs.mkdir()
    shutil.copy(report_notebooks_dir() / "00_overview.ipynb", nbs)
    boom = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell('client = ""\nlang = "zh"\ntables_dir = None')
    params.metadata["tags"] = ["parameters"]
    boom.cells = [params, nbformat.v4.new_code_cell("raise RuntimeError('the data broke')")]
    nbformat.write(boom, nbs / "01_boom.ipynb")
    shutil.copy(report_notebooks_dir() / "00_overview.ipynb", nbs / "02_again.ipynb")
    client = _client(tmp_path / "c", CHANNELS)
    with pytest.raises(ca.SectionFailed) as err:
        ca.run_report(client, tmp_path / "out", lang="en", notebooks_dir=nbs)
    assert [f.key for f in err.value.failures] == ["01_boom"]
    folder = err.value.index.parent
    run = json.loads((folder / "run.json").read_text(encoding="utf-8"))
    assert run["status"] == "failed"
    assert [(s["key"], s["status"]) for s in run["sections"]] == [
        ("00_overview", "ok"),
        ("01_boom", "failed"),
        ("02_again", "ok"),
    ]
    assert run["sections"][1]["error"] == "RuntimeError: the data broke"
    html = (folder / "index.html").read_text(encoding="utf-8")
    assert "This report is incomplete: 1 section failed — 01_boom." in html
    assert "This section failed and shows no results: RuntimeError: the data broke" in html
    assert "Traceback" not in html
    assert html.count("Channel portfolio overview</h1>") == 2  # the section after it ran


def test_section_parameters_are_checked(tmp_path):
    client = _client(tmp_path / "c", CHANNELS)
    with pytest.raises(ValueError, match="unknown section"):
        ca.run_report(client, tmp_path / "o1", params={"99_nope": {}})
    with pytest.raises(ValueError, match="section 00_overview has no parameter colour"):
        ca.run_report(client, tmp_path / "o2", params={"00_overview": {"colour": "red"}})


def _cli_report(client: Path, out: Path) -> subprocess.CompletedProcess:
    """``chananalysis report CLIENT --out OUT --lang en`` as a user types it."""
    cmd = [sys.executable, "-m", "chananalysis.cli", "report", str(client), "--out", str(out)]
    return subprocess.run([*cmd, "--lang", "en"], capture_output=True, text=True, check=False)


def test_cli_report_bad_intake_exit_1_no_traceback(tmp_path):
    client = _client(tmp_path / "bad", CHANNELS.assign(sales=["x", 1.0, 2.0]))
    res = _cli_report(client, tmp_path / "out")
    assert res.returncode == 1
    assert res.stderr.splitlines() == [
        "error: channels (渠道), row 2, column sales (销售额): “x” is not a number; "
        "expected a number ≥ 0"
    ]
    assert not (tmp_path / "out").exists()


def test_section_notebooks_are_committed_clean():
    for path in report_notebooks_dir().glob("*.ipynb"):
        nb = nbformat.read(path, as_version=4)
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert "parameters" in code[0].metadata.get("tags", []), path.name
        assert all(not c.outputs and c.execution_count is None for c in code), path.name
        assert nb.metadata["kernelspec"]["name"] == "chananalysis"


def test_scoring_section_takes_an_ahp_matrix_from_params(tmp_path):
    client = _client(tmp_path / "c", CHANNELS)
    params = tmp_path / "params.yaml"
    # consistent judgments w = 40/30/20/10 -> CR 0 and exactly those weights
    params.write_text(
        "02_channel_scoring:\n"
        "  ahp: [[1, 1.3333333333333333, 2, 4], [0.75, 1, 1.5, 3],\n"
        "        [0.5, 0.6666666666666666, 1, 2], [0.25, 0.3333333333333333, 0.5, 1]]\n"
        "  bands: [90, 110]\n"
        "  draws: 300\n",
        encoding="utf-8",
    )
    index = ca.run_report(
        client, tmp_path / "out", lang="en", params=params, sections=["02_channel_scoring"]
    )
    html = index.read_text(encoding="utf-8")
    assert (
        "Weights from pairwise comparison (AHP): sales capability 40, profitability 30, "
        "growth 20, dealer structure 10; consistency ratio CR = 0.000"
    ) in html
    assert "Exit the weak (I &lt; 90)" in html or "Exit the weak (I < 90)" in html
    run = json.loads((index.parent / "run.json").read_text(encoding="utf-8"))
    assert run["params"]["02_channel_scoring"]["bands"] == [90, 110]


def test_decisions_are_section_parameters(tmp_path):
    """Every Decision default of sections 00, 02 and 03 can be changed in the params file."""
    params = tmp_path / "params.yaml"
    params.write_text(
        "00_overview:\n"
        "  concentrated_above: 0.99\n"  # seasoning's top two hold 73.3 %: not concentrated
        "02_channel_scoring:\n"
        "  fragile_below: 0.5\n"  # KA卖场 69 %, 电商 56 % of draws: no longer fragile
        "  share_levels: [[0.6, dominant], [0.3, important], [0.15, general]]\n"
        "03_dealer_evaluation:\n"
        "  weak_stars: 5\n"  # class A below 90 points: big but weak
        "  low_loyalty: 0\n",
        encoding="utf-8",
    )  # nobody is rated below 0
    nbs = ["00_overview", "02_channel_scoring", "03_dealer_evaluation"]
    index = ca.run_report(
        SAMPLES / "seasoning", tmp_path / "out", lang="en", params=params, sections=nbs
    )
    html = index.read_text(encoding="utf-8")
    assert "The portfolio is concentrated" not in html
    assert "These decisions are fragile" not in html
    run = json.loads((index.parent / "run.json").read_text(encoding="utf-8"))
    assert run["status"] == "ok"
    assert run["params"]["02_channel_scoring"]["share_levels"][0] == [0.6, "dominant"]
    book = openpyxl.load_workbook(index.parent / "tables.xlsx", read_only=True)
    big_weak = list(book["03 Big but weak dealers"].iter_rows(values_only=True))
    assert len(big_weak) > 1  # header + class-A dealers below 90 (none below the default 70)
    assert "rated below 0 on loyalty" in html


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("client", ["seasoning", "cosmetics", "feed"])
def test_report_opens_with_the_executive_summary(reports, client, lang):
    html = reports[client, lang].read_text(encoding="utf-8")
    body = html[html.index("</nav>") :]  # after the contents
    summary = body.index('class="ca-h0" id="sec-summary"')
    assert summary < body.index('class="ca-h1"'), "the summary must open the report"
    assert '<li class="l0"><a href="#sec-summary">' in html
    book = openpyxl.load_workbook(reports[client, lang].parent / "tables.xlsx", read_only=True)
    from chananalysis.i18n import t

    tables = ("decisions", "roadmap", "no_action", "channel_judgement")
    assert {f"05 {t(f'rc_table_{n}', lang)}" for n in tables} <= set(book.sheetnames)


@pytest.mark.parametrize("client", ["seasoning", "cosmetics", "feed"])
def test_every_decisions_figure_is_in_the_section_it_cites(reports, client):
    """The money behind a decision is the figure of the section its finding comes from:
    a balance or sales at risk, the rebate saving, a channel's contribution."""
    r = ca.review(SAMPLES / client)  # the report's defaults
    folder = reports[client, "en"].parent / "sections"
    money = Money("en")
    checked = 0
    for _, row in r.findings.iterrows():
        # a dealer's sales of our products is shown in section 05 only, until the measures
        # are reconciled across sections (issue 25)
        if pd.notna(row["exposure"]) and row["exposure_basis"] != "dealer_sales":
            figure = row["exposure"]
        elif row["effect_basis"] == "rebate_saved":
            figure = row["effect"]
        elif row["kind"].startswith("channel_") and row["kind"] != "channel_below_target":
            figure = row["value"]  # the contribution
        else:
            continue
        if abs(figure) < 1000:
            continue
        cited = (folder / f"{row['section']}.html").read_text(encoding="utf-8")
        cited = cited.replace("\u00a0", " ")  # amounts are held together by no-break spaces
        # money in the text (CNY 38.3 m) or in a table column in CNY m, CNY k or CNY;
        # units (stock, diversion) as they are
        shown = [money(figure), f">{figure / 1e6:,.2f}<", f">{figure / 1e3:,.1f}<"]
        shown.append(f">{figure:,.0f}<")
        assert any(s in cited for s in shown), (row["kind"], row["subject"], shown, row["section"])
        checked += 1
    assert checked >= 5


def test_intake_warnings_reach_the_console_and_the_report(tmp_path):
    # a rate typed as a percentage (35 for 0.35) is a warning, not an error
    warned = CHANNELS.assign(variable_cost_rate=[0.2, 0.1, 35.0])
    client = _client(tmp_path / "warned", warned)
    done = _cli_report(client, tmp_path / "out")
    assert done.returncode == 0, done.stderr
    assert "warning: " in done.stderr and "variable_cost_rate" in done.stderr
    index = Path(done.stdout.strip().splitlines()[-1])
    html = index.read_text(encoding="utf-8")
    box = html[html.index('id="about-the-data"') :]
    box = box[: box.index("</section>")]
    assert "About the data" in box and "variable_cost_rate" in box and "row 4" in box
    assert "may affect: Channel portfolio overview" in box


def test_run_json_records_every_parameter_used(reports):
    run = json.loads((reports["seasoning", "en"].parent / "run.json").read_text(encoding="utf-8"))
    assert set(run["params"]) == set(SECTIONS) and run["params_given"] == {}
    assert run["params"]["02_channel_scoring"]["bands"] == [80, 120]
    assert run["params"]["04_conflict_review"]["fine_per_unit"] == 0.0
    assert run["params"]["05_integration_recommendations"]["growth_multiple"] == 2.0
    assert not {"client", "lang", "tables_dir"} & set(run["params"]["00_overview"])


# --- nothing lost, nothing left (issue 17) -------------------------------------------------


def _wait_for_temporary(out: Path, proc: subprocess.Popen, seconds: float = 120) -> Path:
    """The temporary folder a running report writes into, once it exists."""
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = [p for p in out.glob(".*.tmp-*") if p.is_dir()] if out.is_dir() else []
        if found:
            return found[0]
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.05)
    raise AssertionError("the report never started writing")


def test_a_killed_run_leaves_nothing_that_claims_success_and_the_next_run_clears_it(tmp_path):
    import signal

    client = _client(tmp_path / "c", CHANNELS)
    out = tmp_path / "out"
    code = f"import chananalysis as ca; ca.run_report({str(client)!r}, {str(out)!r})"
    proc = subprocess.Popen([sys.executable, "-c", code], stderr=subprocess.PIPE)
    tmp = _wait_for_temporary(out, proc)
    proc.send_signal(signal.SIGKILL)  # no handler runs: the temporary folder stays
    proc.wait(timeout=30)
    assert tmp.is_dir() and not (out / "c").exists()
    index = ca.run_report(client, out, sections=["00_overview"])
    assert index.is_file() and not tmp.exists()
    assert sorted(p.name for p in out.iterdir()) == ["c"]


def test_terminating_the_command_removes_its_temporary_folder(tmp_path):
    import signal

    client = _client(tmp_path / "c", CHANNELS)
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "chananalysis.cli", "report", str(client), "--out", str(out)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    tmp = _wait_for_temporary(out, proc)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signal.SIGTERM and "Traceback" not in err
    assert not tmp.exists() and not (out / "c").exists()


def test_a_second_writer_on_the_same_report_is_refused(tmp_path):
    from chananalysis.report.folder import report_lock

    client = _client(tmp_path / "c", CHANNELS)
    out = tmp_path / "out"
    with report_lock(out, "c"):  # a first run, writing
        with pytest.raises(ca.ReportBusy, match=r"being written by process \d+"):
            ca.run_report(client, out, sections=["00_overview"])
    assert not (out / "c").exists()


def test_the_same_input_gives_the_same_report(reports):
    # feed in English made twice (conftest.py): identical HTML but for the report's date,
    # identical tables.xlsx cells and formats (not its timestamps)
    first, again = reports["feed", "en"], reports.again
    undated = [
        re.sub(r"\d{4}-\d{2}-\d{2}", "DATE", p.read_text(encoding="utf-8")) for p in (first, again)
    ]
    assert undated[0] == undated[1]
    books = [openpyxl.load_workbook(p.parent / "tables.xlsx") for p in (first, again)]
    assert books[0].sheetnames == books[1].sheetnames
    for a, b in zip(books[0].worksheets, books[1].worksheets, strict=True):
        cells = [[(c.value, c.number_format) for c in row] for row in a.iter_rows()]
        assert cells == [[(c.value, c.number_format) for c in row] for row in b.iter_rows()]
