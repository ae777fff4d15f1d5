"""Batches on a real Dask cluster that shares nothing with the batch side; no mocks.

A ``dask scheduler`` and two ``dask worker`` processes, started here as separate
processes. The workers run as user ``nobody``, each in its own mount namespace
(``unshare -m``) where the batch side's folder (the clients' intakes, every ``--out``) is
covered by an empty tmpfs — and it is mode 0700, root's, anyway — with their own home,
temporary, Jupyter and Matplotlib folders. The interpreter lives under ``/root``, which
``nobody`` may not enter: the namespace shows the workers that one subfolder of it, on an
empty tmpfs, and nothing else of root's home. An S3 server on loopback (moto) serves the
fsspec case.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import re
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import matplotlib
import openpyxl
import pandas as pd
import pytest

import chananalysis as ca

distributed = pytest.importorskip("distributed")
psutil = pytest.importorskip("psutil")


def _can_isolate() -> bool:
    """Root, the tools, and a kernel that lets us make a mount namespace (a container
    without CAP_SYS_ADMIN does not)."""
    if os.name != "posix" or os.geteuid() != 0:
        return False
    if not all(shutil.which(tool) for tool in ("unshare", "setpriv", "mount")):
        return False
    probe = subprocess.run(["unshare", "--mount", "true"], capture_output=True, check=False)
    return probe.returncode == 0


pytestmark = [
    pytest.mark.slow,  # a Dask scheduler and workers, each report in a kernel
    pytest.mark.skipif(
        not _can_isolate(),
        reason="needs root, unshare (a mount namespace) and setpriv: the workers run as nobody "
        "in their own mounts",
    ),
]

NOBODY = 65534
S3 = {"key": "testing", "secret": "testing"}

#: Runs as root in the worker's new mount namespace, then becomes nobody.
_SETUP = r"""
set -e
if [ -n "$CA_LOCKED" ]; then
    mount --bind "$CA_OPEN" "$CA_STAGE"
    mount -t tmpfs -o mode=0711 tmpfs "$CA_LOCKED"
    mkdir -p "$CA_OPEN"
    mount --move "$CA_STAGE" "$CA_OPEN"
fi
mount -t tmpfs -o mode=0700 tmpfs "$CA_HIDE"
exec setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
"""


def _client(folder: Path, name: str, sales: list[float]) -> Path:
    """A small intake (client and channels only): a report takes a few seconds."""
    frames = {
        "client": pd.DataFrame(
            {"field": ["client_name", "period", "consultant"], "value": [name, "2025", "李顾问"]}
        ),
        "channels": pd.DataFrame(
            {
                "channel": ["KA卖场", "流通批发", "电商"],
                "sales": sales,
                "sales_prev": [1_000_000.0, 3_100_000.0, 0.0],
                "variable_cost_rate": [0.2, 0.1, 0.3],
                "fixed_cost": [100_000.0, 200_000.0, 400_000.0],
            }
        ),
    }
    return ca.write_intake(folder, frames, lang="zh")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _closed_ancestor(path: str) -> tuple[str, str] | None:
    """The first folder on the way to ``path`` that others may not enter (``/root`` for
    a pyenv interpreter), and its child on the way; None when the way is open."""
    parts = Path(os.path.realpath(path)).parts
    for k in range(2, len(parts)):
        folder = Path(*parts[:k])
        if not folder.stat().st_mode & stat.S_IXOTH:
            return str(folder), str(Path(*parts[: k + 1]))
    return None


def _kill(pid: int) -> None:
    """SIGKILL a process and everything it started (its kernels have their own
    sessions: a process group would miss them)."""
    try:
        proc = psutil.Process(pid)
        procs = [*proc.children(recursive=True), proc]
    except psutil.NoSuchProcess:
        return
    for p in procs:
        try:
            p.send_signal(signal.SIGKILL)
        except psutil.NoSuchProcess:
            pass
    psutil.wait_procs(procs, timeout=10)


@dataclass
class Site:
    base: Path  # the batch side's folder: root's, mode 0700, hidden from the workers
    clients: dict[str, Path]
    client: object  # distributed.Client
    workers: dict[str, int]  # address -> pid
    endpoint: str
    procs: list[subprocess.Popen] = field(default_factory=list)
    logs: Path | None = None
    local: threading.Thread | None = None
    made_here: dict[str, pd.DataFrame] = field(default_factory=dict)

    def references(self) -> pd.DataFrame:
        """The reports of the local clients made on this side, in its process pool: begun
        when the cluster starts, on whatever core the cluster leaves idle."""
        self.local.join(timeout=120)
        return self.made_here["summary"]

    def tail(self) -> str:
        return "\n".join(
            f"--- {p.name}\n" + p.read_text(errors="replace")[-3000:]
            for p in sorted(self.logs.iterdir())
        )


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    pytest.importorskip("s3fs")
    from moto.server import ThreadedMotoServer

    base = Path(tempfile.mkdtemp(prefix="ca-cluster-"))  # root's, 0700
    homes = Path(tempfile.mkdtemp(prefix="ca-workers-"))
    homes.chmod(0o755)
    logs = Path(tempfile.mkdtemp(prefix="ca-cluster-logs-"))
    inp = base / "in"
    clients = {
        "acme": _client(inp / "acme", "甲公司", [1_200_000.0, 3_000_000.0, 500_000.0]),
        "beta": _client(inp / "beta", "乙公司", [900_000.0, 3_300_000.0, 200_000.0]),
    }
    for p in [base, *base.rglob("*")]:
        p.chmod(0o700 if p.is_dir() else 0o600)
    made_here: dict[str, pd.DataFrame] = {}

    def make_here() -> None:
        made_here["summary"] = ca.run_batch(
            list(clients.values()), base / "local", jobs=1, lang="en", progress=False
        )

    local = threading.Thread(target=make_here)
    local.start()

    s3_port, port = _free_port(), _free_port()
    moto = ThreadedMotoServer(ip_address="127.0.0.1", port=s3_port, verbose=False)
    moto.start()
    endpoint = f"http://127.0.0.1:{s3_port}"
    procs: list[subprocess.Popen] = []
    client = None
    files = contextlib.ExitStack()

    def log(name: str):
        return files.enter_context(open(logs / f"{name}.log", "wb"))

    scheduler = ["--host", "127.0.0.1", "--port", str(port), "--no-dashboard"]
    try:
        procs.append(
            subprocess.Popen(
                [sys.executable, "-m", "distributed.cli.dask_scheduler", *scheduler],
                stdout=subprocess.DEVNULL,
                stderr=log("scheduler"),
                cwd=logs,
                start_new_session=True,
            )
        )
        closed = _closed_ancestor(sys.executable)
        for k in range(2):
            home = homes / f"w{k}"
            for sub in ("", "tmp", "stage", "dask", "matplotlib"):
                (home / sub).mkdir(exist_ok=True)
                os.chown(home / sub, NOBODY, NOBODY)
            # the fonts this side's charts are drawn with: a fresh font list would prefer
            # a system "Noto Sans CJK SC" installed since this side's list was made
            for cached in Path(matplotlib.get_cachedir()).glob("fontlist-*.json"):
                shutil.copy(cached, home / "matplotlib")
                os.chown(home / "matplotlib" / cached.name, NOBODY, NOBODY)
            (home / "tmp").chmod(0o700)
            env = {
                "PATH": "/usr/bin:/bin:/usr/sbin:/sbin",
                "LANG": "C.UTF-8",
                "HOME": str(home),
                "TMPDIR": str(home / "tmp"),
                "JUPYTER_RUNTIME_DIR": str(home / "jupyter-runtime"),
                "JUPYTER_DATA_DIR": str(home / "jupyter-data"),
                "JUPYTER_CONFIG_DIR": str(home / "jupyter-config"),
                "IPYTHONDIR": str(home / "ipython"),
                "MPLCONFIGDIR": str(home / "matplotlib"),
                "XDG_CACHE_HOME": str(home / "cache"),
                # the worker's own S3 settings: endpoint and keys never travel with tasks
                "AWS_ENDPOINT_URL": endpoint,
                "AWS_ACCESS_KEY_ID": S3["key"],
                "AWS_SECRET_ACCESS_KEY": S3["secret"],
                "AWS_DEFAULT_REGION": "us-east-1",
                "CA_HIDE": str(base),
                "CA_LOCKED": closed[0] if closed else "",
                "CA_OPEN": closed[1] if closed else "",
                "CA_STAGE": str(home / "stage"),
            }
            worker = [sys.executable, "-m", "distributed.cli.dask_worker"]
            worker += [f"tcp://127.0.0.1:{port}", "--nworkers", "1", "--nthreads", "1"]
            worker += ["--no-nanny", "--host", "127.0.0.1", "--no-dashboard", "--name", f"w{k}"]
            worker += ["--local-directory", str(home / "dask")]
            ns = ["unshare", "--mount", "--propagation", "private"]
            procs.append(
                subprocess.Popen(
                    [*ns, "sh", "-c", _SETUP, "sh", *worker],
                    env=env,
                    cwd=home,
                    stdout=subprocess.DEVNULL,
                    stderr=log(f"w{k}"),
                    start_new_session=True,
                )
            )
        client = distributed.Client(f"tcp://127.0.0.1:{port}", timeout="20s")
        try:
            client.wait_for_workers(2, timeout=40)
        except TimeoutError:
            pytest.fail("workers did not start:\n" + Site(base, {}, None, {}, "", [], logs).tail())
        workers = client.run(os.getpid)  # address -> pid (one pid namespace)
        yield Site(base, clients, client, workers, endpoint, procs, logs, local, made_here)
    finally:
        local.join(timeout=120)
        if client is not None:
            client.close()
        for proc in reversed(procs):
            _kill(proc.pid)
        moto.stop()
        files.close()
        for folder in (base, homes, logs):
            shutil.rmtree(folder, ignore_errors=True)


def _s3(site: Site):
    import s3fs

    s3fs.S3FileSystem.clear_instance_cache()
    return s3fs.S3FileSystem(endpoint_url=site.endpoint, **S3)


def _undated(index: Path | str) -> str:
    text = index if isinstance(index, str) else index.read_text(encoding="utf-8")
    return re.sub(r"\d{4}-\d{2}-\d{2}", "DATE", text)


def _cells(book: Path) -> list:
    wb = openpyxl.load_workbook(book)
    return [
        (ws.title, [[(c.value, c.number_format) for c in row] for row in ws.iter_rows()])
        for ws in wb.worksheets
    ]


def test_the_workers_see_nothing_of_the_batch_side(site):
    c = site.client
    assert set(c.run(os.getuid).values()) == {NOBODY}
    for mounts in c.run(Path("/proc/self/mountinfo").read_text).values():  # an empty tmpfs
        assert re.search(rf" {re.escape(str(site.base))} .* - tmpfs ", mounts)
    assert not any(c.run(os.access, str(site.base), os.R_OK).values())  # ... and root's 0700
    assert not any(c.run(os.path.exists, str(site.clients["acme"])).values())  # ...hides them
    assert not any(c.run(os.access, str(site.base), os.W_OK).values())
    assert not any(c.run(os.path.exists, "/root/.bash_history").values())
    assert set(c.run(os.getcwd).values()) != {os.getcwd()}


def test_clients_and_reports_on_s3_are_read_and_written_by_the_workers(site):
    fs = _s3(site)
    fs.mkdir("clients")
    fs.mkdir("reports")
    fs.put_file(str(site.clients["beta"] / "client.xlsx"), "clients/gamma/client.xlsx")
    summary = ca.run_batch(
        ["s3://clients/gamma/", "s3://clients/missing/"],
        "s3://reports/2025",
        executor=site.client,
        lang="en",
        progress=False,
    )
    assert summary["status"].tolist() == ["ok", "invalid"], summary["error"].tolist()
    assert summary.loc[0, "report"] == "s3://reports/2025/gamma/index.html"
    assert summary.loc[1, "error"] == "s3://clients/missing does not exist"
    assert summary[["bytes_sent", "bytes_received"]].sum().sum() == 0  # nothing through us
    fs.invalidate_cache()
    names = sorted(p.rsplit("/", 1)[1] for p in fs.find("reports/2025/gamma"))
    assert {"index.html", "run.json", "tables.xlsx"} <= set(names)
    run = json.loads(fs.cat_file("reports/2025/gamma/run.json"))
    assert run["client"] == "s3://clients/gamma" and run["status"] == "ok"
    assert list(run["inputs"]) == ["s3://clients/gamma/client.xlsx"]
    assert run["host"] in set(site.client.run(socket.gethostname).values())
    again = ca.run_batch(
        ["s3://clients/gamma"], "s3://reports/2025", executor=site.client, progress=False
    )
    assert again["status"].tolist() == ["exists"]
    assert again.loc[0, "error"].startswith("s3://reports/2025/gamma exists: use --force")


def test_a_version_mismatch_fails_that_client_and_the_batch_goes_on(site, monkeypatch):
    import chananalysis.report.batch as batch

    monkeypatch.setattr(batch, "kit_version", lambda: "0.0.1")  # this side pretends
    out = site.base / "out-mismatch"
    missing = site.base / "in" / "missing.xlsx"
    summary = ca.run_batch(
        [site.clients["acme"], missing], out, executor=site.client, lang="en", progress=False
    )
    assert summary["status"].tolist() == ["error", "invalid"]
    theirs = metadata.version("chananalysis")
    assert re.fullmatch(
        rf"worker tcp://127\.0\.0\.1:\d+ has chananalysis {re.escape(theirs)}, "
        r"this client 0\.0\.1: install the same version",
        summary.loc[0, "error"],
    ), summary.loc[0, "error"]
    assert summary.loc[1, "error"] == f"{missing} does not exist"
    assert not out.exists() or not any(out.iterdir())


def test_a_worker_without_the_kit_fails_its_clients_and_says_so(tmp_path):
    """A worker whose environment lacks chananalysis (this interpreter with the same
    libraries, but without the kit: ``-S`` skips the ``.pth`` that installs it)."""
    site_packages = next(p for p in sys.path if p.endswith("site-packages"))
    port = _free_port()
    worker = (
        f"import sys; sys.path.append({site_packages!r}); "
        f"sys.argv = ['dask-worker', 'tcp://127.0.0.1:{port}', '--no-nanny', "
        "'--nthreads', '1', '--no-dashboard', '--host', '127.0.0.1']; "
        "from distributed.cli.dask_worker import main; main()"
    )
    scheduler = [sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1"]
    procs = [
        subprocess.Popen(
            [*scheduler, "--port", str(port), "--no-dashboard"],
            stderr=subprocess.DEVNULL,
            cwd=tmp_path,
            start_new_session=True,
        ),
        subprocess.Popen(
            [sys.executable, "-S", "-c", worker],
            stderr=subprocess.DEVNULL,
            cwd=tmp_path,
            start_new_session=True,
        ),
    ]
    try:
        with distributed.Client(f"tcp://127.0.0.1:{port}", timeout="20s") as client:
            client.wait_for_workers(1, timeout=30)
            missing = client.run(importlib.util.find_spec, "chananalysis")
            assert list(missing.values()) == [None]
            acme = _client(tmp_path / "in" / "acme", "甲公司", [1.0, 2.0, 3.0])
            summary = ca.run_batch([acme], tmp_path / "out", executor=client, progress=False)
    finally:
        for proc in procs:
            _kill(proc.pid)
    assert summary["status"].tolist() == ["error"]
    assert re.fullmatch(
        r"worker tcp://127\.0\.0\.1:\d+ has no chananalysis \(No module named 'chananalysis'\), "
        rf"this client {re.escape(metadata.version('chananalysis'))}: install the same version",
        summary.loc[0, "error"],
    ), summary.loc[0, "error"]
    assert not any((tmp_path / "out").iterdir())


def test_reports_travel_and_come_back_the_same_though_a_worker_dies_mid_batch(site):
    """Last in this file: it leaves the cluster one worker short.

    Two local clients go to the two workers; one worker is killed (SIGKILL, with its
    kernel) while its report runs. Dask runs that client again on the other worker (or
    the client is reported failed); nothing half-written reaches --out, and every report
    made is the one a local run makes.
    """
    out = site.base / "out"
    order = [site.clients["acme"], site.clients["beta"]]
    result: dict[str, pd.DataFrame] = {}

    def batch() -> None:
        result["summary"] = ca.run_batch(
            order, out, executor=site.client, lang="en", progress=False
        )

    hosts = set(site.client.run(socket.gethostname).values())
    runner = threading.Thread(target=batch)
    runner.start()
    victim, pid = next(iter(site.workers.items()))
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:  # its task is on the worker and its kernel is up
        busy = site.client.processing(workers=[victim]).get(victim)
        if busy and psutil.Process(pid).children():
            break
        time.sleep(0.1)
    else:
        pytest.fail("the worker never started a report:\n" + site.tail())
    _kill(pid)
    runner.join(timeout=120)
    mine = site.references()
    summary = result["summary"]
    assert mine["status"].tolist() == ["ok", "ok"] and (mine["bytes_sent"] == 0).all()
    assert list(summary.columns[:5]) == ["client", "status", "seconds", "report", "error"]
    assert set(summary["status"]) <= {"ok", "error"} and "ok" in set(summary["status"])
    made = []
    for row, here in zip(summary.itertuples(), mine["report"], strict=True):
        if row.status == "error":  # not run again: said so, and nothing of it in --out
            assert "died" in row.error, row.error
            continue
        made.append(Path(row.client).name)
        assert row.bytes_sent > 0 and row.bytes_received > 0 and row.host in hosts
        index, here = Path(row.report), Path(here)
        assert index == out / Path(row.client).name / "index.html"
        run = json.loads((index.parent / "run.json").read_text(encoding="utf-8"))
        assert run["status"] == "ok" and run["host"] in hosts
        assert run["client"] == row.client  # as this side knows it, not the worker's copy
        assert list(run["inputs"]) == [f"{row.client}/client.xlsx"]
        assert _undated(index) == _undated(here)
        assert _cells(index.parent / "tables.xlsx") == _cells(here.parent / "tables.xlsx")
        ours = json.loads((here.parent / "run.json").read_text(encoding="utf-8"))
        for key in ("inputs", "params", "versions", "lang", "client_name"):
            assert run[key] == ours[key], key
    assert sorted(p.name for p in out.iterdir()) == made  # no .tmp- folders, no locks
    assert victim not in site.client.scheduler_info()["workers"]
    again = ca.run_batch(order[:1], out, executor=site.client, lang="en", progress=False)
    assert again["status"].tolist() == ["exists"]  # refused here, nothing sent
    assert again["bytes_sent"].tolist() == [0]
