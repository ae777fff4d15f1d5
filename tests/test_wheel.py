"""A plain (non-editable) install: the wheel carries the notebooks, templates and sample
clients, and a report runs from it with no repository in sight."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # builds and installs the wheel, then a report from it

ROOT = Path(__file__).resolve().parent.parent
SKIP = shutil.ignore_patterns(
    ".venv",
    ".git",
    "build",
    "reports",
    "out",
    "*.egg-info",
    "__pycache__",
    ".pytest_cache",
    ".ruff_cache",
)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"
    shutil.copytree(ROOT, src, ignore=SKIP)  # building writes build/ and egg-info
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run(
        [*pip, "wheel", str(src), "--no-deps", "--no-build-isolation", "-w", str(tmp / "dist")],
        check=True,
    )
    (wheel,) = (tmp / "dist").glob("chananalysis-*.whl")
    subprocess.run(
        [*pip, "install", "--no-deps", "--target", str(tmp / "site"), str(wheel)], check=True
    )
    return tmp / "site"


def test_wheel_carries_every_resource_file(site):
    for name in ("notebooks", "templates", "data_samples"):
        shipped = {p.relative_to(ROOT / name) for p in (ROOT / name).rglob("*") if p.is_file()}
        packed = {
            p.relative_to(site / "chananalysis" / f"_{name}")
            for p in (site / "chananalysis" / f"_{name}").rglob("*")
            if p.is_file()
        }
        assert shipped and shipped == packed, name

    def tables(root):  # the message catalogues and the intake column table
        found = [*root.glob("sections/*/messages.yaml"), *root.glob("intake/*.yaml")]
        return sorted(p.relative_to(root) for p in found)

    assert tables(site / "chananalysis") == tables(ROOT / "chananalysis") != []
    assert Path("intake/columns.yaml") in tables(site / "chananalysis")


def test_demo_runs_from_the_wheel(site, tmp_path):
    out = tmp_path / "reports"
    code = (
        "import sys, chananalysis\n"
        "print(chananalysis.__file__, file=sys.stderr)\n"
        "from chananalysis.cli import main\n"
        "main()\n"
    )
    env = {**os.environ, "PYTHONPATH": str(site)}  # the kernel inherits it too
    run = subprocess.run(
        [sys.executable, "-c", code, "demo", "--out", str(out), "--lang", "en"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stderr.splitlines()[0].startswith(str(site))
    meta = json.loads((out / "seasoning" / "run.json").read_text("utf-8"))
    assert meta["status"] == "ok"
    assert meta["client"].startswith(str(site / "chananalysis" / "_data_samples"))
    assert [s["key"] for s in meta["sections"]] == [
        p.stem for p in sorted((ROOT / "notebooks" / "report").glob("*.ipynb"))
    ]
    assert (out / "seasoning" / "index.html").stat().st_size > 100_000
