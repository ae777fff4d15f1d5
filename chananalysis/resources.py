"""Where the kit's own files are: report notebooks, templates and the sample clients.

In a checkout or an editable install (what ``make demo`` makes) they are the
repository's top-level ``notebooks/``, ``templates/`` and ``data_samples/``, where
consultants and trainers look for them. A wheel carries copies inside the package
(``chananalysis/_notebooks`` …, see ``[tool.setuptools]`` in ``pyproject.toml``), so the
kit also runs from a plain ``pip install``.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

__all__ = ["RESOURCES", "parse_yaml", "resource_dir"]

_PACKAGE = Path(__file__).resolve().parent
#: The folders the kit ships besides its code.
RESOURCES = ("notebooks", "templates", "data_samples")


def resource_dir(name: str) -> Path:
    """The folder ``name`` of this installation.

    Parameters
    ----------
    name
        ``"notebooks"``, ``"templates"`` or ``"data_samples"``.

    Returns
    -------
    pathlib.Path
        The copy inside the package when there is one (a wheel install), else the
        repository's folder.

    Examples
    --------
    >>> (resource_dir("notebooks") / "report" / "00_overview.ipynb").is_file()
    True
    >>> resource_dir("images")
    Traceback (most recent call last):
    ...
    ValueError: unknown resource folder 'images'; expected one of notebooks, templates, data_samples
    """
    if name not in RESOURCES:
        raise ValueError(
            f"unknown resource folder {name!r}; expected one of {', '.join(RESOURCES)}"
        )
    packaged = _PACKAGE / f"_{name}"
    return packaged if packaged.is_dir() else _PACKAGE.parent / name


def parse_yaml(source: str | IO[str]) -> Any:
    """The kit's one way to read YAML (its column table, message catalogues, scorecards,
    priority rules, report parameters): PyYAML's safe loader, never the full one, in C
    where PyYAML has it (about ten times faster than the pure-Python loader, with the
    same result).

    Parameters
    ----------
    source
        YAML text, or an open text file.

    Returns
    -------
    Any
        Plain data: dicts, lists, strings, numbers, dates; ``None`` for an empty document.

    Examples
    --------
    >>> parse_yaml("weights: {sales: 40, profit: 30}")
    {'weights': {'sales': 40, 'profit': 30}}
    >>> parse_yaml("!!python/object:os.system x")
    Traceback (most recent call last):
    ...
    yaml.constructor.ConstructorError: could not determine a constructor for the tag ...
    """
    import yaml

    return yaml.load(source, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
