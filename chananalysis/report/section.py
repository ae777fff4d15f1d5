"""What a section notebook calls to show its results: headings, notes, tables, charts.

A section notebook stays thin: its parameters cell, ``S = ca.open_section(...)``, then
one package call and one ``S.table`` / ``S.figure`` / ``S.markdown`` per subsection.
``S`` loads the client once per kernel (cached by path and modification time), applies
our chart theme, renders every string from the catalogue in the report language, and
saves each result table (Parquet, under ``tables_dir``) for the report's ``tables.xlsx``.
``S.review`` is the kernel's one `chananalysis.review` of that intake: each notebook asks
it for its section (``S.review.section(review.KEY, **options)``), and section 05 builds
on the very results the other notebooks showed.

Examples
--------
>>> import pathlib, tempfile
>>> from chananalysis.intake.write import write_intake_template
>>> path = write_intake_template(pathlib.Path(tempfile.mkdtemp()) / "t.xlsx")
>>> S = open_section("00_overview", path, lang="en", display=False)
>>> S.data.info["client_name"]
'示例食品有限公司'
>>> S.t("col_sales")
'Sales'
>>> S.figure(None)  # a chart with nothing to draw shows nothing
"""

from __future__ import annotations

import html
import json
import os
import re
from collections.abc import Callable, Mapping
from functools import lru_cache
from pathlib import Path

import pandas as pd

from chananalysis.display.formatting import style_table
from chananalysis.display.money import Money, nowrap
from chananalysis.i18n import check_lang, join_items, t
from chananalysis.intake.read import ClientData, load_client
from chananalysis.methods.notes import Notes
from chananalysis.report.tables import MANIFEST
from chananalysis.sections import registry
from chananalysis.sections.client import ClientReview

__all__ = ["Section", "open_section"]

_SLUG = re.compile(r"[^0-9A-Za-z_]+")


@lru_cache(maxsize=8)
def _load(path: str, mtime: float, lang: str) -> ClientData:
    return load_client(path, lang=lang)


@lru_cache(maxsize=8)
def _handed_off(path: str, mtime_ns: int) -> tuple[str, ClientData]:
    """The intake a report run left beside its tables, read once per kernel (one object,
    so the sections share one `ClientReview`)."""
    import pickle

    with open(path, "rb") as fh:
        return pickle.load(fh)  # our own file, written by run_report


#: The kernel's `ClientReview` per intake object (as many as `_load` keeps).
_REVIEWS: dict[int, ClientReview] = {}


def _client_review(data: ClientData) -> ClientReview:
    kept = _REVIEWS.get(id(data))
    if kept is None or kept.data is not data:
        while len(_REVIEWS) >= 8:
            _REVIEWS.pop(next(iter(_REVIEWS)))
        kept = _REVIEWS[id(data)] = ClientReview(data)
    return kept


def _cached_client(
    path: str | os.PathLike, lang: str, tables_dir: str | os.PathLike | None = None
) -> ClientData:
    p = Path(path).resolve()
    if tables_dir is not None:  # a report run left the validated intake for us
        ready = Path(tables_dir).parent / "_client.pickle"
        if ready.is_file():
            source, data = _handed_off(str(ready.resolve()), ready.stat().st_mtime_ns)
            if source == str(p):
                return data
    stamp = max(
        (
            f.stat().st_mtime
            for f in ([p] + (list(p.iterdir()) if p.is_dir() else []) if p.exists() else [])
        ),
        default=0.0,
    )
    return _load(str(p), stamp, lang)


def _read_manifest(folder: Path) -> dict:
    """The section folder's manifest of saved tables (`MANIFEST`); empty when there is
    none or it cannot be read."""
    path = folder / MANIFEST
    if path.is_file():
        try:
            manifest = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            manifest = None
        if isinstance(manifest, dict) and isinstance(manifest.get("tables"), list):
            manifest["tables"] = [
                e for e in manifest["tables"] if isinstance(e, dict) and "file" in e
            ]
            return manifest
    return {"tables": []}


#: Resolution of the charts embedded in the report (print quality: 200 dpi and more).
CHART_DPI = 200
#: A shown table longer than this shows its first `HEAD_ROWS` and last `TAIL_ROWS`; the
#: whole table goes to the report's appendix (and always to tables.xlsx).
LONG_TABLE = 15
HEAD_ROWS, TAIL_ROWS = 10, 3


def _figure_title(fig) -> str:
    """A chart's title for its alt text: the figure's suptitle, else its axes' titles."""
    sup = getattr(fig, "_suptitle", None)
    if sup is not None and sup.get_text():
        return sup.get_text()
    titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
    return "; ".join(titles)


def _is_text(s: pd.Series) -> bool:
    return pd.api.types.is_string_dtype(s) or pd.api.types.is_object_dtype(s)


class Section:
    """Display helpers of one report section; see the module docstring."""

    def __init__(
        self,
        key: str,
        data: ClientData,
        lang: str,
        tables_dir: str | os.PathLike | None,
        display: bool = True,
    ) -> None:
        self.key = key
        info = registry.section(key)  # None for a notebook of one's own
        self.number = info.number if info else int(key[:2]) if key[:2].isdigit() else 0
        self.data = data
        self.lang = lang
        self.tables_dir = Path(tables_dir) if tables_dir else None
        self._display = display
        self._sub = 0
        self.prefix = info.prefix if info else ""
        self.currency = str(data.info.get("currency") or "CNY")
        #: The report's money formatter: 万元 / CNY m in text, tables and charts alike.
        self.money = Money(lang, self.currency)

    @property
    def review(self) -> ClientReview:
        """The kernel's one `chananalysis.review` of this intake, shared by every section
        opened on it: ``S.review.section(KEY, **options)`` computes (once) what a notebook
        shows."""
        return _client_review(self.data)

    # --- text ----------------------------------------------------------------------------
    def t(self, key: str, **values) -> str:
        """Catalogue string ``key`` in the report language."""
        return t(key, self.lang, **values)

    def _show(self, obj) -> None:
        if self._display:
            from IPython.display import display

            display(obj)

    def _html(self, markup: str) -> None:
        from IPython.display import HTML

        self._show(HTML(markup))

    def heading(self) -> None:
        """The section's title (``sec_<key>``), anchored for the table of contents."""
        title = html.escape(self.t(f"sec_{self.key}"))
        self._html(f'<h1 class="ca-h1" id="sec-{self.key}">{title}</h1>')

    def summary_heading(self) -> None:
        """The executive summary's title: unnumbered, listed first in the contents (the
        report moves the cells tagged ``ca-summary`` to the front)."""
        title = html.escape(self.t("rc_summary_title"))
        self._html(f'<h1 class="ca-h0" id="sec-summary">{title}</h1>')

    def subheading(self, key: str) -> None:
        """A numbered subsection title from the catalogue."""
        self._sub += 1
        title = html.escape(self.t(key))
        self._html(f'<h2 class="ca-h2" id="sec-{self.key}-{self._sub}">{title}</h2>')

    def markdown(self, text: str) -> None:
        """Markdown already escaped (from `chananalysis.sections.scoring.text` or the catalogue)."""
        from IPython.display import Markdown

        self._show(Markdown(nowrap(text)))  # an amount never split across two lines

    def note(self, text: str) -> None:
        """A visible note box (e.g. why a subsection is skipped); ``text`` is escaped."""
        self._html(f'<div class="ca-note">{html.escape(text)}</div>')

    def requires(self, *sheets: str) -> bool:
        """True when the client gave every sheet; otherwise shows a skip note."""
        missing = [s for s in sheets if getattr(self.data, s) is None]
        if missing:
            from chananalysis.intake.columns import SHEETS

            names = join_items((SHEETS[s].name(self.lang) for s in missing), self.lang)
            self.note(self.t("section_skipped", sheets=names))
        return not missing

    # --- results -------------------------------------------------------------------------
    def table(
        self,
        df: pd.DataFrame,
        name: str,
        kinds: Mapping[str, str],
        labels: Mapping[str, str] | None = None,
        values: Mapping[str, Callable[[object], str]] | None = None,
    ) -> None:
        """Save ``df`` for tables.xlsx (as ``NN_name``) and show it formatted.

        ``values`` maps a column (or the index name) to a function translating its cells
        for display (e.g. ``length`` → 直接渠道, a ``note`` of codes → its sentence,
        ``stars`` → ★★★). The saved table takes the words of text columns (codes), so a
        Chinese ``tables.xlsx`` holds no English codes, and keeps numbers and yes/no
        columns as they are (stars stay a number a client can sort by).
        """
        shown, saved = df.copy(), df.copy()
        for col, fn in (values or {}).items():
            if col == shown.index.name:  # the row labels, e.g. factor keys -> their names
                shown.index = saved.index = shown.index.map(fn).rename(col)
            else:
                shown[col] = [fn(v) for v in shown[col]]
                if _is_text(df[col]):
                    saved[col] = shown[col]
        self._save(saved, name, shown=True, kinds=kinds, labels=labels)
        units = {  # one unit per money column, chosen on all its rows
            c: self.money.unit(shown.index if c == shown.index.name else shown[c])
            for c, k in kinds.items()
            if k == "money" and (c in shown.columns or c == shown.index.name)
        }
        fmt = {"prefix": self.prefix, "money": self.money, "units": units}
        uid = f"{self.number:02d}_{_SLUG.sub('_', name)}"  # one id per table, run after run
        styled = style_table(shown, kinds, self.lang, labels, uuid=uid, **fmt)
        if len(shown) <= LONG_TABLE:
            self._show(styled)
            return
        # long: the first and last rows here, the whole table in the report's appendix
        part = pd.concat([shown.head(HEAD_ROWS), shown.tail(TAIL_ROWS)])
        self._show(style_table(part, kinds, self.lang, labels, uuid=f"{uid}_top", **fmt))
        more = self.t("report_more_rows", head=HEAD_ROWS, tail=TAIL_ROWS, total=len(shown))
        self._html(f'<p class="ca-more">{html.escape(more)}</p>')
        if self._display:
            from IPython.display import HTML, display

            from chananalysis.report.tables import table_title

            table = table_title(name, self.lang, prefix=self.prefix)
            title = f"{self.t(f'sec_{self.key}')} · {table}"
            display(HTML(styled.to_html()), metadata={"ca_appendix": {"title": title}})

    def save(
        self,
        df: pd.DataFrame,
        name: str,
        *,
        kinds: Mapping[str, str] | None = None,
        labels: Mapping[str, str] | None = None,
    ) -> None:
        """Write a result table under ``tables_dir`` for tables.xlsx, without showing it
        (nothing when ``tables_dir`` is ``None``).

        ``kinds`` and ``labels`` are as for `table`: the number formats and headers of its
        sheet (without them, formats are inferred and headers come from the catalogue).
        Returns nothing, so a notebook cell ending in ``S.save(...)`` shows nothing."""
        self._save(df, name, shown=False, kinds=kinds, labels=labels)

    def _save(
        self,
        df: pd.DataFrame,
        name: str,
        *,
        shown: bool,
        kinds: Mapping[str, str] | None = None,
        labels: Mapping[str, str] | None = None,
    ) -> None:
        """Write ``df`` as ``NN_<name>.parquet`` and record it in the section's manifest
        (`MANIFEST`): its place in the report, its name, whether the report shows it, and
        the ``kinds`` and ``labels`` of its columns; the manifest also gathers every kind
        and label the section gave, for the tables it saves without them.
        `chananalysis.report.tables.write_tables` reads it."""
        if self.tables_dir is None:
            return
        self.tables_dir.mkdir(parents=True, exist_ok=True)
        manifest = _read_manifest(self.tables_dir)
        entries = manifest["tables"]
        stem = f"{self.number:02d}_{_SLUG.sub('_', name)}"
        owner = {e["file"]: e.get("name") for e in entries}
        file, n = f"{stem}.parquet", 2
        while owner.get(file, name) != name:  # two names slugged alike, e.g. 华东 and 华南
            file, n = f"{stem}_{n}.parquet", n + 1
        out = df.copy()
        out.attrs = {}  # a method's notes on the table (dates, lists) are not for the file
        for j in range(out.shape[1]):  # a method's notes not worded: as codes, "; "-joined
            col = out.iloc[:, j]
            if pd.api.types.is_object_dtype(col) and any(isinstance(v, Notes) for v in col):
                out.isetitem(j, [str(v) if isinstance(v, Notes) else v for v in col])
        out.columns = [str(c) for c in out.columns]
        out.to_parquet(self.tables_dir / file)
        columns = {str(c) for c in out.columns} | {str(c) for c in df.index.names if c is not None}
        entry = {
            "file": file,
            "name": name,
            "shown": shown,
            "kinds": {str(k): v for k, v in (kinds or {}).items() if str(k) in columns},
            "labels": {str(k): v for k, v in (labels or {}).items() if str(k) in columns},
        }
        at = next((i for i, e in enumerate(entries) if e["file"] == file), None)
        if at is None:
            entries.append(entry)
        else:  # saved again (a cell run twice): same place in the report
            entries[at] = entry
        manifest.update(
            section=self.key, prefix=self.prefix, number=self.number, currency=self.currency
        )
        for part, given in (("kinds", kinds), ("labels", labels)):  # the section's, for S.save
            manifest.setdefault(part, {}).update({str(k): str(v) for k, v in (given or {}).items()})
        for i, e in enumerate(entries):
            e["order"] = i
        path = self.tables_dir / MANIFEST
        tmp = path.with_name(f".{MANIFEST}.tmp")
        tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, path)

    def figure(self, fig) -> None:
        """Show a matplotlib figure and close it: a PNG at `CHART_DPI` (print quality)
        embedded in the page, its title (in the report language) as the alt text.

        ``None`` shows nothing: a section's chart function returns ``None`` when there is
        nothing to draw (no rows, no incentive), so a notebook passes its result straight
        here without a check."""
        if fig is None:
            return
        import base64
        import io

        import matplotlib.pyplot as plt

        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=CHART_DPI, bbox_inches="tight")
        plt.close(fig)
        png = base64.b64encode(buf.getvalue()).decode("ascii")
        alt = html.escape(_figure_title(fig), quote=True)
        self._html(
            f'<img class="ca-chart" alt="{alt}" src="data:image/png;base64,{png}" '
            f'style="width: {fig.get_figwidth() * 96:.0f}px; max-width: 100%">'
        )


def open_section(
    key: str,
    client: str | os.PathLike,
    *,
    lang: str = "zh",
    tables_dir: str | os.PathLike | None = None,
    display: bool = True,
) -> Section:
    """Load the client (cached per kernel), apply the chart theme, return the helpers.

    Parameters
    ----------
    key
        Section key, the notebook's name without extension (``"00_overview"``).
    client
        Client workbook or folder.
    lang
        Report language.
    tables_dir
        Folder for the section's result tables; ``None`` keeps nothing.
    display
        Show outputs (off for doctests and scripts).
    """
    from chananalysis.display.theme import use_theme

    check_lang(lang)
    use_theme()
    return Section(key, _cached_client(client, lang, tables_dir), lang, tables_dir, display)
