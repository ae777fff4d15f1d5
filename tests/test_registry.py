"""The section registry: one list of the report's sections that the packages, their
messages, their notebooks and the runner agree with, and one source for each default (a
notebook's parameters cell says what its section's ``review()`` says)."""

from __future__ import annotations

import ast
import importlib
import inspect
import json

import pytest

from chananalysis.i18n import _sections
from chananalysis.report.run import report_notebooks_dir, section_keys
from chananalysis.sections import registry
from chananalysis.sections.client import INPUTS
from chananalysis.sections.registry import SECTIONS, SUMMARY_SECTION

#: What every report notebook declares besides its review's options: where the client
#: is, the report language, where tables go; ``top`` (rows shown) is display only.
RUN_PARAMETERS = {"client", "lang", "tables_dir"}
DISPLAY_PARAMETERS = {"top"}
#: The parts every section package has, with the names each must define.
PARTS = ("review", "text", "tables", "charts")
#: Sections without a lead paragraph: 01 is six diagnoses, each with its own prose.
NO_SUMMARY = {"diagnosis"}


def _ids(sections=SECTIONS):
    return [pytest.param(s, id=s.key) for s in sections]


def test_the_runner_runs_the_registry_in_report_order():
    keys = [
        "00_overview",
        "01_channel_diagnosis",
        "02_channel_scoring",
        "03_dealer_evaluation",
        "04_conflict_review",
        "05_integration_recommendations",
    ]
    assert [s.key for s in SECTIONS] == keys
    assert section_keys() == registry.section_keys() == keys  # the runner reads the registry
    assert [s.number for s in SECTIONS] == list(range(len(SECTIONS)))
    assert (
        sorted(p.stem for p in report_notebooks_dir().glob("[0-9][0-9]_*.ipynb")) == section_keys()
    )


@pytest.mark.parametrize("info", _ids())
def test_a_sections_messages_declare_its_key_and_prefix(info):
    assert _sections()[1][info.key] == info.prefix  # the _prefix its messages.yaml declares
    assert info.key.startswith(f"{info.number:02d}_")
    assert info.title("zh") and info.title("en")


@pytest.mark.parametrize("info", _ids())
def test_every_section_package_has_the_same_parts(info):
    parts = {p: importlib.import_module(f"{info.module}.{p}") for p in PARTS}
    review = parts["review"]
    assert review.KEY == info.key
    assert inspect.isfunction(review.review)
    assert inspect.isclass(getattr(review, info.review_class))
    assert inspect.signature(review.review).return_annotation in (
        info.review_class,
        getattr(review, info.review_class),
    )
    assert isinstance(parts["tables"].KINDS, dict)
    if info.package not in NO_SUMMARY:
        summary = inspect.signature(parts["text"].summary_text).parameters
        assert list(summary)[1:3] == ["lang", "currency"]  # (the review, lang, *, currency)
        assert summary["currency"].kind is inspect.Parameter.KEYWORD_ONLY
    charts = [n for n in parts["charts"].__all__ if not n.startswith("_")]
    assert charts and all(n.endswith("_chart") for n in charts)


def _parameters(key: str) -> dict[str, object]:
    nb = json.loads((report_notebooks_dir() / f"{key}.ipynb").read_text(encoding="utf-8"))
    cells = [c for c in nb["cells"] if "parameters" in c["metadata"].get("tags", [])]
    assert len(cells) == 1, f"{key}: one cell tagged parameters"
    out = {}
    for node in ast.parse("".join(cells[0]["source"])).body:
        assert isinstance(node, ast.Assign) and len(node.targets) == 1, ast.unparse(node)
        out[node.targets[0].id] = ast.literal_eval(node.value)
    return out


@pytest.mark.parametrize("info", _ids())
def test_a_notebooks_parameters_are_its_reviews_options_and_defaults(info):
    """Each default has one source, the method (or section) constant ``review()`` uses;
    the notebook's parameters cell shows the same value, literally (Papermill reads it)."""
    declared = _parameters(info.key)
    review = importlib.import_module(f"{info.module}.review").review
    inputs = INPUTS if info.key == SUMMARY_SECTION else ()  # the other sections' reviews
    options = {
        name: p.default
        for name, p in inspect.signature(review).parameters.items()
        if p.kind is p.KEYWORD_ONLY and name not in inputs
    }
    assert RUN_PARAMETERS <= set(declared)
    assert set(declared) - RUN_PARAMETERS - DISPLAY_PARAMETERS == set(options)
    for name, default in options.items():
        given = declared[name]
        if isinstance(default, tuple | list):
            given, default = tuple(given), tuple(default)
        assert given == default, name
