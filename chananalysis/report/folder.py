"""A report folder's life: one writer at a time, written aside, moved into place whole.

A run takes an exclusive lock on ``<out>/.<slug>.lock`` (``flock``: the system releases it
when the process dies, however it dies; the file is removed when the run ends), removes
what killed runs of the same report left behind (``.<slug>.tmp-…`` and ``.<slug>.old-…``
folders — nobody else can be using them while we hold the lock), writes the report into a
fresh ``.<slug>.tmp-…`` folder and renames it into place only when it is complete. A
second run on the same folder while the first is writing is refused with
`chananalysis.errors.ReportBusy`; an interrupted run leaves nothing that claims success
(the report folder appears only complete).

Examples
--------
>>> import tempfile
>>> out = Path(tempfile.mkdtemp())
>>> (out / ".acme.tmp-0123456789").mkdir()  # left by a run that was killed
>>> with report_lock(out, "acme") as tmp:
...     _ = (tmp / "index.html").write_text("done")
...     move_into_place(tmp, out / "acme", force=False)
>>> sorted(p.name for p in out.iterdir())
['acme']
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

from chananalysis.errors import ReportBusy, ReportExists

__all__ = ["move_into_place", "report_lock", "stale_folders"]


def stale_folders(out_dir: Path, slug: str) -> list[Path]:
    """What earlier runs of ``slug`` left in ``out_dir``: temporary and replaced folders.

    Examples
    --------
    >>> stale_folders(Path("/nonexistent"), "acme")
    []
    """
    if not out_dir.is_dir():
        return []
    return sorted(
        p
        for pattern in (f".{slug}.tmp-*", f".{slug}.old-*")
        for p in out_dir.glob(pattern)
        if p.is_dir()
    )


@contextlib.contextmanager
def report_lock(out_dir: Path, slug: str) -> Iterator[Path]:
    """Hold the report's lock, clear what killed runs left, and yield a fresh temporary
    folder (removed on leaving unless it was moved into place).

    Raises
    ------
    ReportBusy
        Another process holds the lock: it is writing this report now.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    lock = out_dir / f".{slug}.lock"
    fd = _acquire(lock, out_dir / slug)
    try:
        for old in stale_folders(out_dir, slug):  # ours to clear: we hold the lock
            shutil.rmtree(old, ignore_errors=True)
        tmp = out_dir / f".{slug}.tmp-{uuid.uuid4().hex[:10]}"
        tmp.mkdir()
        try:
            yield tmp
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    finally:
        lock.unlink(missing_ok=True)  # while still holding it: nothing is left behind
        os.close(fd)  # releases the lock


def _acquire(lock: Path, target: Path) -> int:
    """Open and lock ``lock`` (non-blocking). A lock file removed by its holder between
    our open and our lock is no longer the lock: open the new one and try again."""
    while True:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "another process"
            os.close(fd)
            raise ReportBusy(
                f"{target} is being written by {holder} right now; wait for it to "
                "finish or choose another --out"
            ) from None
        try:
            same = os.stat(lock).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            same = False
        if same:
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"process {os.getpid()}".encode(), 0)
            return fd
        os.close(fd)


def move_into_place(tmp: Path, target: Path, *, force: bool) -> None:
    """Rename the finished ``tmp`` to ``target``; an existing ``target`` is replaced only
    with ``force`` (renamed aside first, removed after).

    Raises
    ------
    ReportExists
        ``target`` exists and ``force`` is false.
    """
    old = None
    if target.exists():
        if not force:
            raise ReportExists(f"{target} exists: use --force to replace it, or another --out")
        old = target.with_name(f".{target.name}.old-{uuid.uuid4().hex[:10]}")
        os.rename(target, old)
    os.rename(tmp, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
