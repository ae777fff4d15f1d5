"""The ``chananalysis`` command: a thin click layer that parses and calls the package.

A user error (bad intake, missing file) exits 1 with its message and no traceback;
misuse of the command line exits 2 with click's usage message.
"""

from __future__ import annotations

import signal
from pathlib import Path

import click

from chananalysis.errors import ChananalysisError, IntakeError
from chananalysis.i18n import LANGS, count_text, t
from chananalysis.intake.read import read_client
from chananalysis.intake.write import write_intake_template
from chananalysis.resources import resource_dir

__all__ = ["main"]

DEMO_CLIENT = "seasoning"

_lang = click.option(
    "--lang",
    type=click.Choice(LANGS),
    default="zh",
    show_default=True,
    help="Language of messages and headers.",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="chananalysis")
def main() -> None:
    """Distribution-channel analysis: intake, scoring, dealer evaluation, reports."""
    from chananalysis.report.run import skip_unused_iri_checker

    skip_unused_iri_checker()
    # `kill` (SIGTERM) unwinds like Ctrl-C: a report being written removes its temporary
    # folder instead of leaving it behind (SIGKILL cannot be caught: the next run clears it)
    signal.signal(signal.SIGTERM, _terminated)


def _terminated(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


def _report_validation(path: Path, lang: str, *, summary: bool = True) -> bool:
    """Print every problem of ``path`` (one per line) and, when clean, its summary."""
    data, problems = read_client(path)
    for p in sorted(problems, key=lambda p: p.level != "error"):  # errors first, stable
        line = t("problem_line", lang, level=t("level_" + p.level, lang), message=p.message(lang))
        click.echo(line, err=p.level == "error")
    errors = [p for p in problems if p.level == "error"]
    if errors:
        click.echo(
            t("intake_invalid", lang, n=count_text(len(errors), "error", lang)).rstrip(":：") + ".",
            err=True,
        )
        return False
    click.echo(t("intake_ok", lang, path=path, w=count_text(len(problems), "warning", lang)))
    if summary and data is not None:
        click.echo(data.summary(lang))
    return True


@main.command()
@click.argument("client", type=click.Path(path_type=Path))
@_lang
def validate(client: Path, lang: str) -> None:
    """Check a client's intake (workbook or folder); exit 1 when it has errors."""
    if not _report_validation(client, lang):
        raise SystemExit(1)


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@_lang
def template(file: Path, lang: str) -> None:
    """Write the blank intake workbook FILE.xlsx (instructions, headers, example rows)."""
    if file.suffix.lower() != ".xlsx":
        raise click.UsageError(f'FILE must end in ".xlsx"; got "{file.name}"')
    write_intake_template(file, lang=lang)
    click.echo(str(file))


_out = click.option(
    "--out",
    "out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("reports"),
    show_default=True,
    help="Folder for the reports.",
)


def _print_problems(err: IntakeError, lang: str) -> None:
    for p in err.errors:
        click.echo(
            t("problem_line", lang, level=t("level_error", lang), message=p.message(lang)), err=True
        )


def _echo_intake_warnings(index: Path, lang: str) -> None:
    """The intake's warnings on the console too (the report lists them under "About the
    data"): a warned value may change the numbers."""
    import json

    run = json.loads((index.parent / "run.json").read_text(encoding="utf-8"))
    for message in run.get("intake_warnings", []):
        click.echo(
            t("problem_line", lang, level=t("level_warning", lang), message=message), err=True
        )


def _report(
    client: Path, out: Path, lang: str, params: Path | None, force: bool, pdf: bool = False
) -> Path:
    """run_report with user errors turned into messages and exit 1 (no traceback)."""
    from chananalysis.errors import SectionFailed
    from chananalysis.report.run import run_report

    try:
        index = run_report(client, out, lang=lang, params=params, force=force, pdf=pdf)
        _echo_intake_warnings(index, lang)
        return index
    except IntakeError as err:
        _print_problems(err, lang)
        raise SystemExit(1) from None
    except SectionFailed as err:
        for f in err.failures:
            click.echo(f"{f.key}: {f.error}", err=True)
        click.echo(str(err.index), err=True)
        raise SystemExit(1) from None
    except (ChananalysisError, ValueError, OSError) as err:
        click.echo(str(err), err=True)
        raise SystemExit(1) from None


@main.command()
@click.argument("client", type=click.Path(path_type=Path))
@_out
@_lang
@click.option(
    "--params",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="YAML file of section parameters: {section: {name: value}}.",
)
@click.option("--force", is_flag=True, help="Replace an existing report folder.")
@click.option("--pdf", is_flag=True, help="Also print report.pdf (needs Chromium or Chrome).")
def report(client: Path, out: Path, lang: str, params: Path | None, force: bool, pdf: bool) -> None:
    """Full report of one client: validate, run every section, write the report folder."""
    click.echo(str(_report(client, out, lang, params, force, pdf)))


@main.command()
@_out
@_lang
def demo(out: Path, lang: str) -> None:
    """Validate the bundled sample clients, then write the seasoning client's report."""
    samples = resource_dir("data_samples")
    clients = sorted(p for p in samples.iterdir() if p.is_dir()) if samples.is_dir() else []
    if not clients:
        raise click.ClickException(f"no sample clients in {samples}")
    ok = True
    for client in clients:
        click.echo(f"\n== {client.name} ==")
        ok &= _report_validation(client, lang)
    if not ok:
        raise SystemExit(1)
    index = _report(samples / DEMO_CLIENT, out, lang, None, force=True)
    click.echo(f"\n{index}")


@main.command()
@click.argument("clients", nargs=-1, required=True, metavar="CLIENT...")
@click.option(
    "--out",
    "out",
    metavar="DIR|URL",
    default="reports",
    show_default=True,
    help="Folder for the reports, or an fsspec URL the workers write to (s3://bucket/reports).",
)
@_lang
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Parallel reports on this machine [default: number of cores].",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    default=None,
    help="Run on an existing Dask cluster, e.g. tcp://10.0.0.5:8786.",
)
@click.option(
    "--params",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="YAML file of section parameters, the same for every client.",
)
@click.option("--force", is_flag=True, help="Replace existing report folders.")
def batch(
    clients: tuple[str, ...],
    out: str,
    lang: str,
    jobs: int | None,
    scheduler: str | None,
    params: Path | None,
    force: bool,
) -> None:
    """Reports for many clients in parallel; exit 1 when any failed.

    A CLIENT is a workbook or folder here, or an fsspec URL (s3://bucket/clients/acme/)
    the workers read themselves. With --scheduler, local clients travel to the cluster's
    workers with their tasks and the reports come back into --out: no shared disk needed.
    """
    import pandas as pd

    from chananalysis.report.batch import COLUMNS, run_batch

    executor = None
    if scheduler:
        from distributed import Client

        try:
            executor = Client(scheduler, timeout="10s")
        except OSError as err:
            raise click.ClickException(
                f"cannot reach the Dask scheduler at {scheduler}: {err}"
            ) from None
    try:
        summary = run_batch(
            list(clients),
            out,
            jobs=jobs,
            executor=executor,
            lang=lang,
            params=params,
            force=force,
            progress=True,
        )
    finally:
        if executor is not None:
            executor.close()
    with pd.option_context("display.max_colwidth", 80, "display.width", 160):
        click.echo(summary[COLUMNS].fillna("").to_string(index=False))
    if scheduler:
        hosts = summary["host"].dropna().value_counts()
        click.echo(
            "made on "
            + (", ".join(f"{h} ({n})" for h, n in hosts.items()) or "no worker")
            + f"; sent {summary['bytes_sent'].sum() / 1e6:.1f} MB to the workers, "
            f"{summary['bytes_received'].sum() / 1e6:.1f} MB back",
            err=True,
        )
    if (summary["status"] != "ok").any():
        raise SystemExit(1)


@main.command()
@click.option(
    "--student/--instructor",
    "student",
    default=True,
    show_default=True,
    help="Edition: the student's leaves out every solution cell, the instructor's has them.",
)
@click.option(
    "--out",
    "out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("teaching"),
    show_default=True,
    help="Folder for the pages: <out>/<edition>/<lang>/<lesson>.html and index.html.",
)
@_lang
def teach(student: bool, out: Path, lang: str) -> None:
    """Render the teaching notebooks (chapters 7 and 8, the scoring workshop) to HTML."""
    from chananalysis.report.teach import run_teaching

    edition = "student" if student else "instructor"
    try:
        pages = run_teaching(out, editions=(edition,), langs=(lang,))
    except (ChananalysisError, ValueError, OSError) as err:
        click.echo(str(err), err=True)
        raise SystemExit(1) from None
    for page in pages:
        click.echo(str(page))


if __name__ == "__main__":
    main()
