"""Many clients at once: parallel on this machine, or on an existing Dask cluster.

Each client runs `chananalysis.report.run_report` in its own worker process (its own
kernel, its own temporary folder beside its target), and every outcome — report,
invalid intake, failed section, crash — becomes one row of the summary: one failing
client never stops the others.

On a Dask cluster nothing assumes a disk shared with the workers: each local client's
intake travels with its task and the finished report comes back packed, to be moved into
``--out`` here; clients and ``--out`` given as fsspec URLs are read and written by the
workers themselves (`chananalysis.report.remote`). A client or ``--out`` given as a URL
takes the same road on this machine's process pool.

Examples
--------
>>> run_batch([], "reports", progress=False)
Empty DataFrame
Columns: [client, status, seconds, report, error, host, bytes_sent, bytes_received]
Index: []
"""

from __future__ import annotations

import concurrent.futures as cf
import multiprocessing
import os
from collections import deque
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from chananalysis.errors import ReportBusy, ReportExists
from chananalysis.intake.params import load_params
from chananalysis.intake.problems import Problem
from chananalysis.report.folder import report_lock
from chananalysis.report.remote import (
    Shipment,
    for_dask,
    is_url,
    kit_version,
    pack_intake,
    receive,
    run_shipped,
)
from chananalysis.report.run import client_slug, run_one

__all__ = ["COLUMNS", "EXTRA_COLUMNS", "run_batch"]

#: The summary's columns (docs/contract.md §1).
COLUMNS = ["client", "status", "seconds", "report", "error"]
#: Then: the machine that made the report, and the bytes that travelled each way.
EXTRA_COLUMNS = ["host", "bytes_sent", "bytes_received"]


_THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def _worker_init(threads: int) -> None:
    """Set up one of our own batch worker processes (not a Dask worker: not ours).

    Its kernels inherit the environment: ``threads`` BLAS/OpenMP threads each (cores
    divided by workers, unless the user set them), so parallel reports do not
    oversubscribe the cores with spinning BLAS threads.
    """
    from chananalysis.report.run import skip_unused_iri_checker

    for var in _THREAD_VARS:
        os.environ.setdefault(var, str(threads))
    skip_unused_iri_checker()


def _is_dask(executor: Any) -> bool:
    return type(executor).__module__.startswith("distributed")


def run_batch(
    clients: Sequence[str | os.PathLike],
    out_dir: str | os.PathLike,
    *,
    jobs: int | None = None,
    executor: Any = None,
    lang: str = "zh",
    params: Mapping | str | os.PathLike | None = None,
    force: bool = False,
    progress: bool = True,
) -> pd.DataFrame:
    """Reports for many clients in parallel; a summary row per client.

    Parameters
    ----------
    clients
        Client workbooks or folders: local paths, or fsspec URLs (``s3://bucket/acme/``,
        ``file:///shared/acme.xlsx``) that the workers read themselves.
    out_dir
        Folder receiving one ``<client-slug>/`` report folder per client: a local path,
        or an fsspec URL the workers write to (``run.json`` last).
    jobs
        Parallel workers on this machine (default: the number of cores). Ignored when
        ``executor`` is given.
    executor
        Where to run instead: a ``concurrent.futures.Executor`` or a
        ``dask.distributed.Client`` connected to an existing cluster. On a Dask
        cluster nothing assumes a shared disk: a local client's intake travels with its
        task and the finished report comes back packed (`chananalysis.report.remote`).
    lang, params, force
        As for `chananalysis.report.run_report`, the same for every client (a
        parameters file is read here, once).
    progress
        Show a progress bar (tqdm, on standard error).

    Returns
    -------
    pandas.DataFrame
        ``client, status, seconds, report, error`` in the order the clients were given,
        then ``host`` (the machine that made the report), ``bytes_sent`` (the packed
        intake sent to a worker) and ``bytes_received`` (the packed report sent back);
        both are 0 when nothing travelled (a local process, or URLs).
    """
    clients = [c if is_url(c) else str(Path(c)) for c in map(os.fspath, clients)]
    out = out_dir if is_url(out_dir) else str(Path(out_dir).resolve())
    rows: dict[int, dict] = {}
    todo: list[int] = []
    seen: dict[str, str] = {}
    for i, c in enumerate(clients):  # two clients writing one folder would collide
        slug = client_slug(c)
        if slug in seen:
            rows[i] = _row(
                c,
                "error",
                f"report folder {slug} is also the one of {seen[slug]}: rename one of them",
            )
        else:
            seen[slug] = c
            todo.append(i)
    if todo:
        todo.sort(key=lambda i: -_size(clients[i]))  # largest first: no straggler at the end
        rows.update(
            _dispatch(
                clients, todo, out, jobs, executor, lang, _params_arg(params), force, progress
            )
        )
    summary = pd.DataFrame(
        [rows[i] for i in range(len(clients))], columns=[*COLUMNS, *EXTRA_COLUMNS]
    )
    sizes = ["bytes_sent", "bytes_received"]
    summary[sizes] = summary[sizes].fillna(0).astype("int64")
    return summary


def _row(client: str, status: str, error: str) -> dict[str, Any]:
    return {"client": client, "status": status, "seconds": 0.0, "report": None, "error": error}


def _size(client: str) -> int:
    """Bytes of a client's input files: a cheap guess of how long its report takes."""
    if is_url(client):
        return 0
    p = Path(client)
    try:
        return sum(f.stat().st_size for f in p.iterdir()) if p.is_dir() else p.stat().st_size
    except OSError:
        return 0


def _params_arg(params):
    return str(params) if isinstance(params, os.PathLike) else params


class _Shipping:
    """What the batch side does for a client whose report is made elsewhere: pack its
    intake before the task goes, place the report that comes back."""

    def __init__(self, out: str, lang: str, params, force: bool) -> None:
        self.out, self.lang, self.force = out, lang, force
        try:
            self.params, self.params_error = load_params(params), None
        except Exception as err:  # a bad parameters file fails every client, as locally
            self.params, self.params_error = {}, f"{type(err).__name__}: {err}"

    def prepare(self, client: str) -> Shipment | dict[str, Any]:
        """The task for ``client``, or its summary row when it need not go."""
        if self.params_error:
            return _row(client, "error", self.params_error)
        slug = client_slug(client)
        if not is_url(self.out):
            target = Path(self.out) / slug
            if target.exists() and not self.force:
                return _row(
                    client,
                    "exists",
                    f"{target} exists: use --force to replace it, or another --out",
                )
            try:  # as a local run would: refused at once if another run writes it now
                with report_lock(Path(self.out), slug):
                    pass
            except ReportBusy as err:
                return _row(client, "busy", str(err))
        intake = None
        if not is_url(client):
            if not Path(client).exists():
                problem = Problem("error", "path_missing", params={"path": client})
                return _row(client, "invalid", problem.message(self.lang))
            try:
                intake = pack_intake(client)
            except OSError as err:
                return _row(client, "error", f"cannot read {client}: {err}")
        return Shipment(
            client,
            intake,
            self.out if is_url(self.out) else None,
            version=kit_version(),
            origin=client if is_url(client) else str(Path(client).resolve()),
            lang=self.lang,
            params=self.params,
            force=self.force,
        )

    def place(self, row: dict[str, Any]) -> dict[str, Any]:
        """Unpack the report a worker sent back into ``--out``."""
        packed = row.pop("packed", None)
        if packed is None:
            return row
        try:
            row["report"] = str(
                receive(packed, self.out, client_slug(row["client"]), force=self.force)
            )
        except ReportExists as err:
            row["status"], row["error"] = "exists", str(err)
        except ReportBusy as err:
            row["status"], row["error"] = "busy", str(err)
        except Exception as err:
            row["status"], row["error"] = "error", f"{type(err).__name__}: {err}"
        return row


def _crashed(client: str, err: BaseException) -> dict[str, Any]:
    """The row of a task that raised instead of returning one (it never does itself)."""
    if isinstance(err, ImportError) and "chananalysis" in str(err):
        return _row(
            client,
            "error",
            f"a worker has no chananalysis ({err}): install chananalysis {kit_version()} "
            "on every worker",
        )
    return _row(client, "error", f"{type(err).__name__}: {err}")


def _dispatch(clients, todo, out, jobs, executor, lang, params, force, progress):
    from tqdm.auto import tqdm

    dask = executor is not None and _is_dask(executor)
    shipping = _Shipping(out, lang, params, force)
    bar = tqdm(total=len(todo), disable=not progress, unit="client", desc="reports")
    rows: dict[int, dict] = {}
    pending = deque(todo)
    running: dict[Any, int] = {}
    own = None
    if dask:
        from distributed import wait
    else:
        wait = cf.wait
        if executor is None:
            cores = os.cpu_count() or 1
            workers = max(1, min(jobs or cores, len(todo)))
            own = executor = cf.ProcessPoolExecutor(
                max_workers=workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_worker_init,
                initargs=(max(1, cores // workers),),
            )

    def window() -> int:
        """Tasks in flight: enough to keep every worker busy, few enough that the packed
        intakes waiting in the scheduler (or the pool's queue) stay small."""
        if dask:
            return max(2, 2 * sum(executor.nthreads().values()))
        return max(2, 2 * (getattr(executor, "_max_workers", None) or os.cpu_count() or 1))

    def refill() -> None:
        limit = window() if pending else 0
        while pending and len(running) < limit:
            i = pending.popleft()
            c = clients[i]
            if dask or is_url(out) or is_url(c):
                task = shipping.prepare(c)
                if isinstance(task, dict):
                    rows[i] = task
                    bar.update(1)
                    continue
                if dask:  # by value: a worker without the kit can still say so
                    fut = executor.submit(*for_dask(task), pure=False)
                else:
                    fut = executor.submit(run_shipped, task)
            else:
                fut = executor.submit(run_one, c, out, lang=lang, params=params, force=force)
            running[fut] = i

    try:
        refill()
        while running:
            for fut in wait(list(running), return_when="FIRST_COMPLETED").done:
                i = running.pop(fut)
                try:
                    row = fut.result()
                except Exception as err:
                    row = _crashed(clients[i], err)
                rows[i] = shipping.place(row)
                bar.update(1)
            refill()
    finally:
        bar.close()
        if dask and running:  # interrupted: no orphan reports on the cluster
            executor.cancel(list(running))
        if own is not None:
            own.shutdown(cancel_futures=True)
    return rows
