"""Batches: a real process pool and a real Dask LocalCluster on loopback, no mocks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import chananalysis as ca


def _client(folder: Path, name: str, sales: list[object]) -> Path:
    frames = {
        "client": pd.DataFrame({"field": ["client_name", "period"], "value": [name, "2025"]}),
        "channels": pd.DataFrame(
            {
                "channel": ["KA卖场", "流通批发"],
                "sales": sales,
                "sales_prev": [900.0, 1800.0],
                "variable_cost_rate": [0.2, 0.1],
                "fixed_cost": [50.0, 80.0],
            }
        ),
    }
    return ca.write_intake(folder, frames, lang="zh")


@pytest.fixture
def clients(tmp_path):
    return [
        _client(tmp_path / "in" / "alpha", "甲公司", [1000.0, 2000.0]),
        _client(tmp_path / "in" / "broken", "乙公司", [1000.0, "abc"]),
        _client(tmp_path / "in" / "gamma", "丙公司", [1500.0, 2500.0]),
        tmp_path / "in" / "missing.xlsx",
    ]


def _check(summary: pd.DataFrame, clients: list[Path], out: Path) -> None:
    assert list(summary.columns) == [
        *("client", "status", "seconds", "report", "error"),  # docs/contract.md §1, first
        *("host", "bytes_sent", "bytes_received"),  # where each report was made, what travelled
    ]
    assert summary["client"].tolist() == [str(c) for c in clients]  # input order kept
    assert summary["status"].tolist() == ["ok", "invalid", "ok", "invalid"]
    assert summary.loc[1, "error"] == (
        "工作表 channels (渠道)，第 3 行，列 sales (销售额)：“abc”不是数字；应为≥ 0 的数"
    )
    assert summary.loc[3, "error"] == f"{clients[3]} 不存在"
    for i, name in ((0, "甲公司"), (2, "丙公司")):  # each report is its own client's
        run = json.loads((Path(summary.loc[i, "report"]).parent / "run.json").read_text())
        assert run["client_name"] == name and run["status"] == "ok"
    assert sorted(p.name for p in out.iterdir()) == ["alpha", "gamma"]  # no temporaries


@pytest.mark.slow
def test_process_pool_one_failure_never_stops_the_others(tmp_path, clients):
    out = tmp_path / "out"
    summary = ca.run_batch(clients, out, jobs=2, progress=False)
    _check(summary, clients, out)


@pytest.mark.slow
def test_same_report_folder_twice_is_refused(tmp_path):
    a = _client(tmp_path / "x" / "acme", "甲", [1.0, 2.0])
    b = _client(tmp_path / "y" / "acme", "乙", [1.0, 2.0])
    summary = ca.run_batch([a, b], tmp_path / "out", jobs=1, progress=False)
    assert summary["status"].tolist() == ["ok", "error"]
    assert summary.loc[1, "error"] == (
        f"report folder acme is also the one of {a}: rename one of them"
    )


@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    ) as c:
        yield c


@pytest.mark.slow
def test_dask_cluster(tmp_path, clients, cluster):
    from distributed import Client

    out = tmp_path / "out"
    with Client(cluster) as client:
        summary = ca.run_batch(clients, out, executor=client, progress=False)
    _check(summary, clients, out)


@pytest.mark.slow
def test_cli_batch_on_scheduler_address(tmp_path, clients, cluster):
    res = subprocess.run(
        [
            sys.executable,
            "-m",
            "chananalysis.cli",
            "batch",
            *map(str, clients),
            "--out",
            str(tmp_path / "out"),
            "--scheduler",
            cluster.scheduler_address,
            "--lang",
            "en",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert res.returncode == 1  # two clients failed
    lines = res.stdout.splitlines()
    assert lines[0].split() == ["client", "status", "seconds", "report", "error"]
    assert [ln.split()[1] for ln in lines[1:]] == ["ok", "invalid", "ok", "invalid"]
    assert "Traceback" not in res.stderr


def test_worker_init_limits_blas_threads_unless_the_user_chose(monkeypatch):
    from chananalysis.report.batch import _THREAD_VARS, _worker_init

    for var in _THREAD_VARS:  # set, then deleted: monkeypatch restores each afterwards
        monkeypatch.setenv(var, "")
        monkeypatch.delenv(var)
    monkeypatch.setenv("MKL_NUM_THREADS", "3")
    _worker_init(1)
    import os

    assert [os.environ[v] for v in _THREAD_VARS] == ["1", "1", "3"]


def test_nbformat_works_without_the_iri_checker():
    """What CLI and batch workers do: jsonschema loads without rfc3987_syntax, and notebooks
    still read, validate and write."""
    code = (
        "import sys\n"
        "from chananalysis.report.run import skip_unused_iri_checker\n"
        "skip_unused_iri_checker()\n"
        "import nbformat\n"
        "nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell('1 + 1')])\n"
        "nbformat.validate(nbformat.reads(nbformat.writes(nb), as_version=4))\n"
        "assert sys.modules['rfc3987_syntax'] is None\n"
        "print('ok')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"
