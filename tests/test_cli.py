"""The command line, through click's CliRunner and end to end as a subprocess."""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner
from conftest import GOOD_CHANNELS

from chananalysis.cli import main


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_template_then_validate_is_clean(tmp_path, lang):
    runner = CliRunner()
    path = tmp_path / "x.xlsx"
    res = runner.invoke(main, ["template", str(path), "--lang", lang])
    assert res.exit_code == 0, res.output
    res = runner.invoke(main, ["validate", str(path), "--lang", lang])
    assert res.exit_code == 0, res.output
    assert "示例食品有限公司" in res.output


def test_validate_bad_intake_exits_1_with_every_message(book):
    path = book(
        channels=[GOOD_CHANNELS[0], ["KA", "abc", 900, 0.2, 100], ["流通", 3000, 2500, 35, -1]]
    )
    res = CliRunner().invoke(main, ["validate", str(path), "--lang", "en"])
    assert res.exit_code == 1
    lines = res.output.splitlines()
    assert lines == [
        "error: channels (渠道), row 2, column sales (销售额): “abc” is not a number; "
        "expected a number ≥ 0",
        "error: channels (渠道), row 3, column fixed_cost (固定费用): -1 is negative; "
        "expected a number ≥ 0",
        "warning: channels (渠道), row 3, column variable_cost_rate (变动费用率): 35 looks like "
        "a percentage; rates are fractions (35% = 0.35)",
        "The intake has 2 errors.",
    ]
    assert "Traceback" not in res.output


def test_validate_warnings_only_exits_0(book):
    path = book(Sheet1=[["x"], [1]])
    res = CliRunner().invoke(main, ["validate", str(path)])
    assert res.exit_code == 0
    assert res.output.startswith("警告：未知工作表“Sheet1”已忽略")


def test_template_needs_xlsx_name(tmp_path):
    res = CliRunner().invoke(main, ["template", str(tmp_path / "x.csv")])
    assert res.exit_code == 2
    assert 'FILE must end in ".xlsx"' in res.output


def test_subprocess_missing_path_has_no_traceback(tmp_path):
    exe = [sys.executable, "-m", "chananalysis.cli"]
    res = subprocess.run(
        [*exe, "validate", str(tmp_path / "missing.xlsx"), "--lang", "en"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert res.returncode == 1
    assert res.stderr.splitlines()[0] == f"error: {tmp_path / 'missing.xlsx'} does not exist"
    assert "Traceback" not in res.stderr + res.stdout
