"""Many clients at once: parallel on this machine, or on an existing Dask cluster.

Each client runs `chananalysis.report.run_report` in its own worker process (its own
kernel, its own temporary folder beside its target), and every outcome — report,
invalid intake, failed section, crash — becomes one row of the summary: one failing
client never stops the others.

Examples
--------
>>> run_batch([], "reports", progress=False)
Empty DataFrame
Columns: [client, status, seconds, report, error]
Index: []
"""

from __future__ import annotations

import concurrent.futures as cf
import multiprocessing
import os
import time
import traceback
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from chananalysis.errors import IntakeError, ReportBusy, ReportExists, SectionFailed
from chananalysis.report.run import client_slug, run_report

__all__ = ["COLUMNS", "run_batch", "run_one"]

COLUMNS = ["client", "status", "seconds", "report", "error"]


def run_one(
    client: str,
    out_dir: str,
    *,
    lang: str = "zh",
    params: Mapping | str | None = None,
    force: bool = False,
) -> dict[str, Any]:
    """Run one client's report and describe the outcome; never raises.

    ``status`` is ``ok``, ``invalid`` (intake errors), ``exists`` (report folder there,
    no ``force``), ``busy`` (another run is writing that report folder), ``failed`` (a
    section raised; the report exists) or ``error`` (anything else, with the exception
    in ``error``).
    """
    t0 = time.perf_counter()
    row: dict[str, Any] = {"client": str(client), "status": "ok", "report": None, "error": None}
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
        Client workbooks or folders.
    out_dir
        Folder receiving one ``<client-slug>/`` report folder per client.
    jobs
        Parallel workers on this machine (default: the number of cores). Ignored when
        ``executor`` is given.
    executor
        Where to run instead: a ``concurrent.futures.Executor`` or a
        ``dask.distributed.Client`` connected to an existing cluster.
    lang, params, force
        As for `chananalysis.report.run_report`, the same for every client.
    progress
        Show a progress bar (tqdm, on standard error).

    Returns
    -------
    pandas.DataFrame
        ``client, status, seconds, report, error`` in the order the clients were given.
    """
    clients = [str(Path(c)) for c in clients]
    out = str(Path(out_dir).resolve())
    rows: dict[int, dict] = {}
    todo: list[int] = []
    seen: dict[str, str] = {}
    for i, c in enumerate(clients):  # two clients writing one folder would collide
        slug = client_slug(c)
        if slug in seen:
            rows[i] = {
                "client": c,
                "status": "error",
                "seconds": 0.0,
                "report": None,
                "error": f"report folder {slug} is also the one of {seen[slug]}: "
                "rename one of them",
            }
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
    return pd.DataFrame([rows[i] for i in range(len(clients))], columns=COLUMNS)


def _size(client: str) -> int:
    """Bytes of a client's input files: a cheap guess of how long its report takes."""
    p = Path(client)
    try:
        return sum(f.stat().st_size for f in p.iterdir()) if p.is_dir() else p.stat().st_size
    except OSError:
        return 0


def _params_arg(params):
    return str(params) if isinstance(params, os.PathLike) else params


def _dispatch(clients, todo, out, jobs, executor, lang, params, force, progress):
    from tqdm.auto import tqdm

    bar = tqdm(total=len(todo), disable=not progress, unit="client", desc="reports")
    rows: dict[int, dict] = {}
    own = None
    try:
        if executor is not None and _is_dask(executor):
            from distributed import as_completed

            futs = {
                executor.submit(
                    run_one, clients[i], out, lang=lang, params=params, force=force, pure=False
                ): i
                for i in todo
            }
            done: Iterable = as_completed(list(futs))
        else:
            if executor is None:
                cores = os.cpu_count() or 1
                workers = max(1, min(jobs or cores, len(todo)))
                own = executor = cf.ProcessPoolExecutor(
                    max_workers=workers,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=_worker_init,
                    initargs=(max(1, cores // workers),),
                )
            futs = {
                executor.submit(run_one, clients[i], out, lang=lang, params=params, force=force): i
                for i in todo
            }
            done = cf.as_completed(futs)
        for fut in done:
            i = futs[fut]
            try:
                rows[i] = fut.result()
            except Exception as err:
                rows[i] = {
                    "client": clients[i],
                    "status": "error",
                    "seconds": 0.0,
                    "report": None,
                    "error": f"{type(err).__name__}: {err}",
                }
            bar.update(1)
    finally:
        bar.close()
        if own is not None:
            own.shutdown()
    return rows
