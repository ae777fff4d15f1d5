"""Our seaborn theme and the bundled CJK font, shared by every section's charts.

`use_theme` is called by each section (never at import): it registers Noto Sans CJK SC
— shipped inside the ``mplfonts`` wheel, so no root and no system font is needed — and
sets our palette. Each section's ``charts.py`` takes result tables and returns a
matplotlib Figure; `tick_labels` makes client names safe as axis labels.

Examples
--------
>>> use_theme()
'Noto Sans CJK SC'
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

import pandas as pd
import seaborn as sns
from matplotlib import font_manager

from chananalysis.display.charts import page_figsize
from chananalysis.display.formatting import label

__all__ = ["FONT_NAME", "PALETTE", "font_path", "tick_labels", "use_theme"]

#: Ours: a deep blue for the main series, then warm and green accents; colour-blind safe
#: order for the first four.
PALETTE = ["#1F4E79", "#E07B39", "#3A9E6F", "#C44E52", "#8172B3", "#937860", "#5DA5DA", "#B8B8B8"]
FONT_NAME = "Noto Sans CJK SC"


@cache
def font_path() -> Path:
    """Path of the bundled Noto Sans CJK SC font (SIL Open Font License)."""
    return Path(str(resources.files("mplfonts") / "fonts" / "NotoSansCJKsc-Regular.otf"))


def use_theme() -> str:
    """Register the CJK font and apply our seaborn theme; returns the font family name."""
    path = str(font_path())
    fm = font_manager.fontManager
    # always the bundled file: a system font of the same name (Debian's fonts-noto-cjk
    # .ttc) would otherwise win on some machines and draw the charts differently
    fm.ttflist = [f for f in fm.ttflist if f.name != FONT_NAME or f.fname == path]
    if not any(f.fname == path for f in fm.ttflist):
        fm.addfont(path)
    if hasattr(fm, "_findfont_cached"):  # lookups made before the list changed
        fm._findfont_cached.cache_clear()
    sns.set_theme(
        style="whitegrid",
        palette=PALETTE,
        font=FONT_NAME,
        rc={
            "font.sans-serif": [FONT_NAME, "DejaVu Sans"],
            "axes.unicode_minus": False,  # the CJK font has no U+2212 minus sign
            "figure.dpi": 110,
            "savefig.dpi": 110,
            "figure.figsize": page_figsize(3.6),
            "axes.titlesize": 12,
            "axes.spines.top": False,
            "axes.spines.right": False,
        },
    )
    return FONT_NAME


def tick_labels(index: pd.Index) -> list[str]:
    """Client names as axis labels (mathtext and markup shown literally)."""
    return [label(v) for v in index]
