"""The ``chananalysis`` command: a thin click layer that parses and calls the package.

A user error (bad intake, missing file) exits 1 with its message and no traceback;
misuse of the command line exits 2 with click's usage message.
"""

from __future__ import annotations

from pathlib import Path

import click

from chananalysis.i18n import LANGS, t
from chananalysis.intake import read_client, write_intake_template

__all__ = ["main"]

SAMPLES_DIR = Path(__file__).resolve().parent.parent / "data_samples"

_lang = click.option("--lang", type=click.Choice(LANGS), default="zh", show_default=True,
                     help="Language of messages and headers.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="chananalysis")
def main() -> None:
    """Distribution-channel analysis: intake, scoring, dealer evaluation, reports."""


def _report_validation(path: Path, lang: str, *, summary: bool = True) -> bool:
    """Print every problem of ``path`` (one per line) and, when clean, its summary."""
    data, problems = read_client(path)
    for p in sorted(problems, key=lambda p: p.level != "error"):  # errors first, stable
        line = t("problem_line", lang, level=t("level_" + p.level, lang), message=p.message(lang))
        click.echo(line, err=p.level == "error")
    errors = [p for p in problems if p.level == "error"]
    if errors:
        click.echo(t("intake_invalid", lang, n=len(errors)).rstrip(":：") + ".", err=True)
        return False
    click.echo(t("intake_ok", lang, path=path, w=len(problems)))
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


@main.command()
@_lang
def demo(lang: str) -> None:
    """Validate every bundled sample client and print a summary of each."""
    clients = sorted(p for p in SAMPLES_DIR.iterdir() if p.is_dir()) if SAMPLES_DIR.is_dir() \
        else []
    if not clients:
        raise click.ClickException(f"no sample clients in {SAMPLES_DIR}")
    ok = True
    for client in clients:
        click.echo(f"\n== {client.name} ==")
        ok &= _report_validation(client, lang)
    if not ok:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
