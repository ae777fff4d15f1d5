"""Executed section notebooks → the HTML a client reads (nbconvert, our ``report``
template): no code, errors replaced by a note naming the failed section, a table of
contents from the section headings, a title page from the client's intake.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from pathlib import Path

from chananalysis.i18n import count_text, join_items, t
from chananalysis.intake.read import ClientData
from chananalysis.report.outcome import SectionResult
from chananalysis.resources import resource_dir
from chananalysis.sections.registry import SECTIONS, SUMMARY_SECTION, section

__all__ = ["css_string", "exporter", "for_display", "render", "report_meta", "section_title"]

#: a heading of the report: its level (0 the executive summary, 1 a section, 2 a
#: subsection), its anchor and its title
_H = re.compile(r'<h[12] class="ca-h([012])" id="([^"]+)">(.*?)</h[12]>')


def for_display(nb, result: SectionResult, lang: str):
    """The notebook as the client sees it: no stderr, and an error replaced by a note."""
    import html as _html

    import nbformat

    shown = copy.deepcopy(nb)
    for cell in shown.cells:
        if cell.cell_type != "code":
            continue
        outs = []
        for out in cell.get("outputs", []):
            if out.output_type == "stream" and out.name == "stderr":
                continue
            if out.output_type == "error":
                msg = _html.escape(t("section_failed", lang, error=f"{out.ename}: {out.evalue}"))
                out = nbformat.v4.new_output(
                    "display_data", data={"text/html": f'<div class="ca-failed">{msg}</div>'}
                )
            outs.append(out)
        cell.outputs = outs
    if result.status == "failed" and not any(
        'class="ca-h1"' in str(o.get("data", {}).get("text/html", ""))
        for c in shown.cells
        for o in c.get("outputs", [])
    ):
        # the section died before its heading: give it one so the report names it
        title = _html.escape(section_title(result.key, lang))
        head = nbformat.v4.new_code_cell(
            outputs=[
                nbformat.v4.new_output(
                    "display_data",
                    data={"text/html": f'<h1 class="ca-h1" id="sec-{result.key}">{title}</h1>'},
                )
            ]
        )
        shown.cells.insert(0, head)
    return shown


def section_title(key: str, lang: str) -> str:
    """The title of section ``key`` (`chananalysis.sections.registry`), else the key."""
    info = section(key)
    return info.title(lang) if info is not None else key


def _toc(nb) -> list[dict]:
    entries = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            for level, anchor, title in _H.findall(str(out.get("data", {}).get("text/html", ""))):
                entries.append({"level": int(level), "anchor": anchor, "title": title})
    return entries


def exporter(lang: str):
    from nbconvert import HTMLExporter

    exp = HTMLExporter(
        template_name="report", extra_template_basedirs=[str(resource_dir("templates"))]
    )
    exp.exclude_input = True
    exp.exclude_input_prompt = True
    exp.exclude_output_prompt = True
    exp.exclude_markdown = True  # notebook prose is for the analyst; the report is outputs
    exp.exclude_raw = True
    exp.language_code = lang  # <html lang=…>: both of LANGS are ISO 639-1 codes
    return exp


def render(exp, nb, meta: dict, path: Path) -> None:
    nb = copy.deepcopy(nb)
    for i, cell in enumerate(nb.cells, 1):  # ids by place: Papermill's injected cells and
        cell.id = f"cell-{i}"  # our own (appendix) carry random ones; same input, same HTML
    nb.metadata["title"] = meta["title"]
    resources = {"ca": {**meta, "toc": _toc(nb)}}
    body, _ = exp.from_notebook_node(nb, resources=resources)
    path.write_text(body, encoding="utf-8")


def css_string(text: str) -> str:
    """``text`` as a quoted CSS string, every character that could end the string or the
    ``<style>`` element escaped (client names go into the print header).

    Examples
    --------
    >>> print(css_string('A "B" </style>'))
    "A \\22 B\\22  \\3c \\2f style\\3e "
    """
    out = []
    for ch in str(text):
        if ch.isalnum() or ch in " .,·:;()（）-_—":
            out.append(ch)
        else:
            out.append(f"\\{ord(ch):x} ")
    return '"' + "".join(out) + '"'


#: Intake sheet -> the report sections whose numbers it feeds (for "About the data").
SHEET_SECTIONS: dict[str, tuple[str, ...]] = {
    sheet: tuple(s.key for s in SECTIONS if sheet in s.sheets)
    for sheet in dict.fromkeys(sheet for s in SECTIONS for sheet in s.sheets)
}


def data_warnings(problems: list, lang: str, keys: list[str]) -> list[dict[str, str]]:
    """The intake's warnings for the report's "About the data" box: each message (it
    names sheet, row and column) and the sections whose numbers it may affect."""
    out = []
    for p in problems:
        if getattr(p, "level", "") != "warning":
            continue
        affected = [k for k in SHEET_SECTIONS.get(p.sheet or "", ()) if k in keys]
        if affected and SUMMARY_SECTION in keys:  # it builds on every other section
            affected.append(SUMMARY_SECTION)
        out.append(
            {
                "message": p.message(lang),
                "affects": join_items((section_title(k, lang) for k in affected), lang),
            }
        )
    return out


def report_meta(
    data: ClientData,
    lang: str,
    results: list[SectionResult],
    problems: list | None = None,
) -> dict:
    info = data.info
    failed = [r for r in results if r.status == "failed"]
    client = str(info.get("client_name") or "")
    return {
        "warnings": data_warnings(problems or [], lang, [r.key for r in results]),
        "print_header": css_string(f"{client} · {t('report_title', lang)}"),
        "print_confidential": css_string(t("report_confidential", lang)),
        "title": f"{info.get('client_name', '')} · {t('report_title', lang)}",
        "report_title": t("report_title", lang),
        "client": str(info.get("client_name") or ""),
        "period": str(info.get("period") or "–"),
        "consultant": str(info.get("consultant") or "–"),
        "date": dt.date.today().isoformat(),
        "lang": lang,
        "labels": {
            k: t(f"report_{k}", lang)
            for k in ("client", "period", "consultant", "date", "contents", "data", "affects")
        },
        "failed_banner": t(
            "report_failed_banner",
            lang,
            n=count_text(len(failed), "section", lang),
            names=join_items((section_title(r.key, lang) for r in failed), lang),
        )
        if failed
        else "",
    }
