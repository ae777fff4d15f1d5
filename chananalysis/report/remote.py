"""Reports made on machines that share no disk with ours: the intake travels with the task.

On a Dask cluster the workers may be other machines, containers or pods: a path on the
machine that starts the batch means nothing there. So the batch side packs each local
client's intake (the workbook, or the files of the folder the intake reader reads) into a
`Shipment`; `run_shipped`, on the worker, unpacks it into the worker's own temporary
folder, runs `chananalysis.report.run_report` there and packs the finished report folder;
`receive`, back on the batch side, unpacks it into ``--out`` the way a local report is
written (`chananalysis.report.folder`: one writer, a temporary folder, moved into place
whole, ``force`` to replace).

Large inputs need not go through the scheduler: a client given as an fsspec URL
(``s3://bucket/clients/acme/``, ``file:///shared/acme.xlsx``, ...) is read by the worker
itself, and an ``--out`` given as a URL is written by the worker itself
(``<out>/<slug>/``, ``run.json`` last: a folder without ``run.json`` is not a report).
Credentials and endpoints are the workers' own (environment or fsspec configuration,
e.g. ``AWS_ENDPOINT_URL``), never part of a task.

The worker checks that its chananalysis is the version of the batch side: a report made
by another version would not be the same report.

Examples
--------
>>> import tempfile
>>> src = Path(tempfile.mkdtemp()) / "acme"
>>> src.mkdir()
>>> _ = (src / "client.xlsx").write_bytes(b"workbook")
>>> _ = (src / "notes.txt").write_text("not part of the intake")
>>> dest = Path(tempfile.mkdtemp())
>>> unpack(pack_intake(src), dest)
>>> sorted(p.relative_to(dest).as_posix() for p in dest.rglob("*"))
['acme', 'acme/client.xlsx']
"""

from __future__ import annotations

import io
import json
import os
import platform
import re
import tarfile
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import Any

from chananalysis.errors import ReportExists
from chananalysis.intake.problems import Problem
from chananalysis.report.folder import move_into_place, report_lock
from chananalysis.report.run import client_slug, run_one

__all__ = [
    "Shipment",
    "for_dask",
    "is_url",
    "kit_version",
    "pack_folder",
    "pack_intake",
    "receive",
    "run_shipped",
    "unpack",
]

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*://")
#: The files of a client folder the intake reader reads (`chananalysis.intake.read`):
#: ``client.xlsx`` and ``<sheet>.csv`` / ``<sheet>.parquet``, not hidden, not Excel's
#: ``~$`` lock files.
_INTAKE_SUFFIXES = (".csv", ".parquet")


def is_url(path: str | os.PathLike) -> bool:
    """Whether ``path`` is an fsspec URL (``s3://…``, ``file://…``) rather than a path.

    Examples
    --------
    >>> is_url("s3://bucket/clients/acme/"), is_url("clients/acme.xlsx")
    (True, False)
    """
    return isinstance(path, str) and bool(_URL.match(path))


def kit_version() -> str:
    """The installed chananalysis version (``"not installed"`` without its metadata)."""
    try:
        return metadata.version("chananalysis")
    except metadata.PackageNotFoundError:
        return "not installed"


def _read_by_intake(name: str) -> bool:
    if name.startswith(("~$", ".")):
        return False
    return name.casefold() == "client.xlsx" or name.lower().endswith(_INTAKE_SUFFIXES)


def _pack(members: list[tuple[Path, str]]) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz", compresslevel=6) as tar:
        for path, name in members:
            tar.add(path, arcname=name, recursive=False)
    return buf.getvalue()


def pack_intake(client: str | os.PathLike) -> bytes:
    """A client's intake as a gzipped tar: the workbook, or the folder with the files
    the intake reader reads (other files stay home).

    Raises
    ------
    OSError
        A file cannot be read.
    """
    client = Path(client)
    if not client.is_dir():
        return _pack([(client, client.name)])
    files = sorted(p for p in client.iterdir() if p.is_file() and _read_by_intake(p.name))
    return _pack([(client, client.name)] + [(p, f"{client.name}/{p.name}") for p in files])


def pack_folder(folder: str | os.PathLike) -> bytes:
    """Everything under ``folder`` as a gzipped tar, names relative to ``folder``."""
    folder = Path(folder)
    return _pack([(p, p.relative_to(folder).as_posix()) for p in sorted(folder.rglob("*"))])


def unpack(data: bytes, dest: str | os.PathLike) -> None:
    """Extract what `pack_intake` or `pack_folder` made into ``dest``; only plain files
    and folders inside ``dest`` (tarfile's ``data`` filter)."""
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        if hasattr(tarfile, "data_filter"):  # Python 3.11.4+
            tar.extractall(dest, filter="data")
        else:
            for member in tar.getmembers():
                name = PurePosixPath(member.name)
                if (
                    name.is_absolute()
                    or ".." in name.parts
                    or not (member.isfile() or member.isdir())
                ):
                    raise ValueError(f"{member.name}: not a plain file inside the package")
            tar.extractall(dest)


@dataclass(frozen=True)
class Shipment:
    """One client's report as a task for a worker.

    ``client`` is what the user gave (path or URL); ``intake`` the packed intake of a
    local client, ``None`` when the worker reads the URL ``client`` itself; ``out`` the
    URL the worker writes the report to, ``None`` to send it back packed; ``version``
    the batch side's chananalysis; ``origin`` the client as ``run.json`` and messages
    name it (a local client's absolute path, as a local run names it; default
    ``client``).
    """

    client: str
    intake: bytes | None
    out: str | None
    version: str
    origin: str = ""
    lang: str = "zh"
    params: Mapping[str, Any] = field(default_factory=dict)
    force: bool = False


def for_dask(job: Shipment) -> tuple[Callable[[dict[str, Any]], dict[str, Any]], dict]:
    """The function a Dask worker runs for ``job``, and its argument.

    The function travels by value (cloudpickle: it is made in a closure) and its argument
    is plain data, so a worker without the kit can read the task, run it, and fail this
    client saying so — rather than fail to read the task, which kills the worker's
    connection and leaves the batch waiting.
    """
    return _shipped_report(), asdict(job)


def _shipped_report() -> Callable[[dict[str, Any]], dict[str, Any]]:
    def shipped_report(job: dict[str, Any]) -> dict[str, Any]:
        import importlib
        import platform

        try:
            remote = importlib.import_module("chananalysis.report.remote")
        except ImportError as err:
            try:
                from distributed import get_worker

                where = get_worker().address
            except (ImportError, ValueError):
                where = "(unknown)"
            return {
                "client": job["client"],
                "status": "error",
                "seconds": 0.0,
                "report": None,
                "error": f"worker {where} has no chananalysis ({err}), this client "
                f"{job['version']}: install the same version",
                "host": platform.node(),
                "bytes_sent": len(job["intake"] or b""),
            }
        return remote.run_shipped(remote.Shipment(**job))

    return shipped_report


def _worker_name() -> str:
    """The Dask worker's address when run by one, else this machine's name."""
    try:
        from distributed import get_worker

        return str(get_worker().address)
    except (ImportError, ValueError):
        return platform.node()


def run_shipped(job: Shipment) -> dict[str, Any]:
    """On the worker: fetch the intake, run the report, send it on; never raises.

    Returns
    -------
    dict
        A summary row as `chananalysis.report.run.run_one` gives it, with ``client``
        and paths as the batch side knows them, plus ``host`` (this machine),
        ``bytes_sent`` (the packed intake), ``bytes_received`` and ``packed`` (the packed
        report folder, ``None`` when written to the URL ``job.out`` or not made).
    """
    t0 = time.perf_counter()
    worker = _worker_name()
    row: dict[str, Any] = {
        "client": job.client,
        "status": "error",
        "report": None,
        "error": None,
        "host": platform.node(),
        "bytes_sent": len(job.intake or b""),
        "bytes_received": 0,
        "packed": None,
    }
    mine = kit_version()
    if mine != job.version:
        row["error"] = (
            f"worker {worker} has chananalysis {mine}, this client {job.version}: "
            "install the same version"
        )
    else:
        try:
            with tempfile.TemporaryDirectory(prefix="chananalysis-") as tmp:
                _run_here(job, Path(tmp).resolve(), row)
        except ReportExists as err:  # at the URL --out
            row["status"], row["error"] = "exists", str(err)
        except Exception as err:  # the worker's own trouble (disk, network): this client's
            row["status"], row["error"] = "error", f"{type(err).__name__}: {err}"
    row["seconds"] = round(time.perf_counter() - t0, 3)
    return row


def _run_here(job: Shipment, tmp: Path, row: dict[str, Any]) -> None:
    origin = (job.origin or job.client).rstrip("/")
    if job.intake is not None:
        unpack(job.intake, tmp / "in")
        (local,) = (tmp / "in").iterdir()
    else:
        local = _fetch(job.client, tmp / "in")
        if local is None:
            row["status"] = "invalid"
            row["error"] = Problem("error", "path_missing", params={"path": origin}).message(
                job.lang
            )
            return
    slug = client_slug(local)
    target = f"{job.out.rstrip('/')}/{slug}" if job.out else None
    if target and not job.force:
        _refuse_existing(target)
    done = run_one(str(local), str(tmp / "out"), lang=job.lang, params=dict(job.params))
    row["status"] = done["status"]
    row["error"] = done["error"] and done["error"].replace(str(local), origin)
    folder = tmp / "out" / slug
    if done["report"] is None or not folder.is_dir():
        return
    _relocate_run_json(folder / "run.json", local, origin)
    if target:
        _upload(folder, target, force=job.force)
        row["report"] = f"{target}/index.html"
    else:
        row["packed"] = pack_folder(folder)
        row["bytes_received"] = len(row["packed"])


def _fetch(url: str, dest: Path) -> Path | None:
    """Copy a client given as a URL (a workbook, or a folder's intake files) into
    ``dest``; ``None`` when there is nothing at ``url``."""
    from fsspec.core import url_to_fs

    fs, path = url_to_fs(url)
    path = path.rstrip("/")
    local = dest / PurePosixPath(path).name
    dest.mkdir(parents=True, exist_ok=True)
    if fs.isdir(path):
        local.mkdir()
        for info in fs.ls(path, detail=True):
            name = PurePosixPath(info["name"]).name
            if info["type"] == "file" and _read_by_intake(name):
                fs.get_file(info["name"], str(local / name))
    elif fs.exists(path):
        fs.get_file(path, str(local))
    else:
        return None
    return local


def _refuse_existing(target: str) -> None:
    from fsspec.core import url_to_fs

    fs, path = url_to_fs(target)
    if fs.exists(f"{path}/run.json"):
        raise ReportExists(f"{target} exists: use --force to replace it, or another --out")


def _relocate_run_json(path: Path, local: Path, origin: str) -> None:
    """Name the client and its input files in ``run.json`` as the batch side knows them,
    not by the worker's temporary copy."""
    run = json.loads(path.read_text(encoding="utf-8"))
    run["client"] = origin
    run["inputs"] = {k.replace(str(local), origin, 1): v for k, v in run["inputs"].items()}
    path.write_text(json.dumps(run, ensure_ascii=False, indent=2), encoding="utf-8")


def _upload(folder: Path, target: str, *, force: bool) -> None:
    """Write ``folder`` to the URL ``target``, ``run.json`` last: until it is there, the
    folder is not a report. An existing report is replaced only with ``force``; its
    ``run.json`` goes first."""
    from fsspec.core import url_to_fs

    fs, root = url_to_fs(target)
    marker = f"{root}/run.json"
    if fs.exists(marker):
        if not force:
            raise ReportExists(f"{target} exists: use --force to replace it, or another --out")
        fs.rm_file(marker)
    if fs.exists(root):
        fs.rm(root, recursive=True)
    files = [p for p in sorted(folder.rglob("*")) if p.is_file() and p.name != "run.json"]
    for sub in sorted({p.parent for p in files} | {folder}):
        rel = sub.relative_to(folder).as_posix()
        fs.makedirs(root if rel == "." else f"{root}/{rel}", exist_ok=True)
    fs.put([str(p) for p in files], [f"{root}/{p.relative_to(folder).as_posix()}" for p in files])
    fs.put_file(str(folder / "run.json"), marker)


def receive(packed: bytes, out_dir: str | os.PathLike, slug: str, *, force: bool) -> Path:
    """On the batch side: unpack a report folder a worker sent into ``out_dir/slug``,
    as a local report is written; returns its ``index.html``.

    Raises
    ------
    ReportExists
        The report folder exists and ``force`` is false.
    ReportBusy
        Another run is writing that report folder now.
    """
    out_dir = Path(out_dir)
    with report_lock(out_dir, slug) as tmp:
        unpack(packed, tmp)
        move_into_place(tmp, out_dir / slug, force=force)
    return out_dir / slug / "index.html"
