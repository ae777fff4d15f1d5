"""A report's parameters, read one way for `chananalysis.run_report`, `chananalysis.run_batch`
and `chananalysis.review`: the consultant's options per section (a mapping or a YAML file),
and the options a section notebook declares in its ``parameters`` cell.

Both read files (a YAML file, a notebook), which below the report only the intake does;
the sections' `chananalysis.sections.client` and the runner both import them from here.

Examples
--------
>>> load_params({"02_channel_scoring": {"weights": [40, 30, 20, 10]}, "00_overview": None})
{'02_channel_scoring': {'weights': [40, 30, 20, 10]}, '00_overview': {}}
>>> sorted(parameter_names("client = 'x'  # a path\\ntop = 15\\n"))
['client', 'top']
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

from chananalysis.resources import parse_yaml

__all__ = ["load_params", "notebook_parameters", "parameter_names"]

_ASSIGNED = re.compile(r"^([A-Za-z_]\w*)\s*=", flags=re.M)


def load_params(params: Mapping | str | os.PathLike | None) -> dict[str, dict]:
    """The options per section, as ``{section key: {option: value}}``.

    Parameters
    ----------
    params
        A mapping of section keys to their options (``None`` options: none), a YAML file
        of the same shape, or ``None`` (no options).

    Returns
    -------
    dict
        A new dict of new dicts (the caller's mapping is never changed); the section keys
        are not checked here (the runner and `chananalysis.review` check them).

    References
    ----------
    docs/contract.md §1 (``params`` of ``ca.run_report`` and ``ca.review``) and §2
    (``--params FILE.yaml``).

    Raises
    ------
    ValueError
        The YAML file does not map section keys to options.

    Examples
    --------
    >>> load_params(None)
    {}
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "params.yaml"
    >>> _ = path.write_text("04_conflict_review:\\n  fine_per_unit: 20\\n", encoding="utf-8")
    >>> load_params(path)
    {'04_conflict_review': {'fine_per_unit': 20}}
    """
    if params is None:
        return {}
    if isinstance(params, Mapping):
        return {str(k): dict(v or {}) for k, v in params.items()}

    with open(params, encoding="utf-8") as fh:
        loaded = parse_yaml(fh) or {}
    if not isinstance(loaded, dict):
        raise ValueError(f"{params}: the parameters file must map section names to options")
    return {str(k): dict(v or {}) for k, v in loaded.items()}


def parameter_names(source: str) -> set[str]:
    """The names a notebook's ``parameters`` cell assigns at the start of a line.

    Examples
    --------
    >>> sorted(parameter_names("lang = 'zh'\\nbands = (80, 120)  # exit, deepen\\n"))
    ['bands', 'lang']
    """
    return set(_ASSIGNED.findall(source))


@lru_cache(maxsize=32)
def _declared(path: str, mtime_ns: int) -> frozenset[str]:
    with open(path, encoding="utf-8") as fh:
        nb = json.load(fh)
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "code" and "parameters" in cell.get("metadata", {}).get(
            "tags", []
        ):
            source = cell.get("source", "")
            return frozenset(parameter_names("".join(source)))
    return frozenset()


def notebook_parameters(path: str | os.PathLike) -> frozenset[str]:
    """The parameters the notebook ``path`` declares in its cell tagged ``parameters``
    (empty when it has none); read once per version of the file.

    Examples
    --------
    >>> from chananalysis.resources import resource_dir
    >>> nb = resource_dir("notebooks") / "report" / "04_conflict_review.ipynb"
    >>> sorted(notebook_parameters(nb))[:4]
    ['client', 'engine', 'fine_per_unit', 'lang']
    """
    p = Path(path).resolve()
    return _declared(str(p), p.stat().st_mtime_ns)
