"""docs/contract.md §1: the shape of the public functions.

The data — frames, the AHP matrix, a volume and its tiers, client paths, the output
folder — are positional; every option is keyword-only, so a call never carries a bare
``True``. And every function of ``methods/`` documents where its formula comes from and
shows a runnable example.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import pandas as pd
import pytest

import chananalysis as ca

EMPTY = inspect.Parameter.empty
DATA = inspect.Parameter.POSITIONAL_OR_KEYWORD
OPTION = inspect.Parameter.KEYWORD_ONLY

# every module of methods/, found on disk, so a new method is covered from its first commit;
# a method split into a package (diversion/) counts with each of its modules
METHOD_MODULES = sorted(
    m.name
    for m in pkgutil.walk_packages(
        importlib.import_module("chananalysis.methods").__path__, prefix="chananalysis.methods."
    )
)


# --- (a) docs/contract.md §1's table, parameter by parameter ---------------------------
# name -> (the data: the parameters before the first "="; the options: everything after
# it, in the contract's order, with the contract's defaults). A function may have further
# options of its own after these, keyword-only as well.
SIGNATURES: dict[str, tuple[list[str], dict[str, object]]] = {
    "load_client": (["path"], {}),
    "validate_client": (["path"], {}),
    "write_intake_template": (["path"], {"lang": "zh"}),
    "channel_scores": (
        ["channels"],
        {"weights": None, "importance": None, "bands": (80, 120), "growth_method": "factor"},
    ),
    "ahp_weights": (["matrix"], {"labels": None, "allow_inconsistent": False}),
    "weight_sensitivity": (
        ["channels"],
        {"weights": None, "importance": None, "draws": 2000, "concentration": 100, "seed": 0},
    ),
    "dealer_classes": (["annual_sales"], {"thresholds": (10e6, 3e6, 1e6)}),
    "star_scorecard": (["kpis"], {"config": None}),
    "financial_ratios": (["financials"], {}),
    "tiered_rebate": (["volume", "tiers"], {"mode": "whole"}),
    "detect_diversion": (
        ["shipments", "scans"],
        {"authorizations": None, "fine_per_unit": 0.0, "engine": "duckdb"},
    ),
    "run_report": (
        ["client", "out_dir"],
        {
            "lang": "zh",
            "params": None,
            "force": False,
            "pdf": False,
            "pptx": False,
            "mapping": None,
        },
    ),
    "review": (["client"], {"params": None}),
    "recommendations": (["findings"], {"rules": None}),
    "ahp_diagnose": (["matrix"], {}),
    "run_batch": (["clients", "out_dir"], {"jobs": None, "executor": None}),
}

# What the contract lists that a later issue adds, by name with its issue. Everything else
# in docs/contract.md must be exported from ``ca`` with its signature: a missing export fails. The
# planned ones are strict xfails, so the test fails too when one lands and stays listed here.
PLANNED_FUNCTIONS: dict[str, str] = {
    "ahp_diagnose": "issue 28: the AHP workshop's repair list",
}
PLANNED_OPTIONS: dict[str, dict[str, str]] = {
    "run_report": {
        "pptx": "issue 29: deck.pptx beside index.html",
        "mapping": "issue 26: the client's own sheets mapped onto the intake",
    },
}


def _contract_param(name: str):
    why = PLANNED_FUNCTIONS.get(name)
    marks = [pytest.mark.xfail(strict=True, reason=f"planned, {why}")] if why else []
    return pytest.param(name, marks=marks, id=name)


@pytest.mark.parametrize("name", [_contract_param(n) for n in sorted(SIGNATURES)])
def test_signature_is_the_contracts(name):
    assert name in ca.__all__, f"{name} is in docs/contract.md §1 but not exported from ca"
    data, options = SIGNATURES[name]
    params = list(inspect.signature(getattr(ca, name)).parameters.values())
    planned = PLANNED_OPTIONS.get(name, {})
    options = {n: d for n, d in options.items() if n not in planned}
    expected = [(n, DATA, EMPTY) for n in data] + [(n, OPTION, d) for n, d in options.items()]
    assert [(p.name, p.kind, p.default) for p in params[: len(expected)]] == expected
    # options of ours beyond the contract's may follow, but only as options
    assert all(p.kind in (OPTION, p.VAR_KEYWORD) for p in params[len(expected) :])


@pytest.mark.parametrize(
    ("name", "option"),
    [
        pytest.param(n, o, marks=pytest.mark.xfail(strict=True, reason=f"planned, {why}"))
        for n, opts in PLANNED_OPTIONS.items()
        for o, why in opts.items()
    ],
)
def test_planned_options_are_not_there_yet(name, option):
    """Fails (strict xfail) as soon as the option lands: then move it into the pinned
    contract by deleting it from PLANNED_OPTIONS."""
    assert option in inspect.signature(getattr(ca, name)).parameters


def test_the_planned_names_are_the_contracts():
    assert set(PLANNED_FUNCTIONS) <= set(SIGNATURES)
    assert all(set(opts) <= set(SIGNATURES[n][1]) for n, opts in PLANNED_OPTIONS.items())


# --- (a') the exports: one list, and every documented method function in it -------------
INIT = Path(ca.__file__)
METHODS_DOC = INIT.parent.parent / "docs" / "methods.md"


def _type_checking_imports() -> dict[str, str]:
    """name -> module of the imports under ``if TYPE_CHECKING:`` in __init__.py."""
    tree = ast.parse(INIT.read_text(encoding="utf-8"))
    block = next(
        n for n in tree.body if isinstance(n, ast.If) and ast.unparse(n.test) == "TYPE_CHECKING"
    )
    found = {}
    for node in block.body:
        assert isinstance(node, ast.ImportFrom), ast.unparse(node)
        for alias in node.names:
            assert alias.asname == alias.name, f"re-export {alias.name} as {alias.name}"
            found[alias.name] = node.module.removeprefix("chananalysis.")
    return found


def test_all_is_the_one_list_and_type_checkers_see_the_same_names():
    assert ca.__all__ == sorted(ca._EXPORTS)
    assert _type_checking_imports() == ca._EXPORTS


def _documented_method_functions() -> set[str]:
    """Every function of methods/ (a name in a module's __all__) that docs/methods.md names."""
    doc = METHODS_DOC.read_text(encoding="utf-8")
    names = set()
    for module_name in METHOD_MODULES:
        module = importlib.import_module(module_name)
        for name in getattr(module, "__all__", ()):  # a package's private parts list none
            obj = getattr(module, name)
            if inspect.isfunction(obj) and re.search(rf"\b{name}\(", doc):
                names.add(name)
    return names


def test_every_documented_method_function_is_exported():
    missing = _documented_method_functions() - set(ca.__all__)
    assert not missing, f"docs/methods.md documents {sorted(missing)}: add them to _EXPORTS"


def test_every_exported_method_function_is_documented_by_its_ca_name():
    doc = METHODS_DOC.read_text(encoding="utf-8")
    undocumented = [
        name
        for name, module in ca._EXPORTS.items()
        if module.startswith("methods.")
        and inspect.isfunction(getattr(ca, name))
        and f"ca.{name}(" not in doc
    ]
    assert not undocumented, f"docs/methods.md never shows ca.{undocumented[0]}(...)"


def test_methods_doc_calls_the_functions_by_their_ca_names():
    doc = METHODS_DOC.read_text(encoding="utf-8")
    assert "chananalysis.methods." not in doc
    functions = {n for n in ca.__all__ if inspect.isfunction(getattr(ca, n))}
    bare = {m.group(1) for m in re.finditer(r"(?<![\w.])(\w+)\(", doc) if m.group(1) in functions}
    assert not bare, f"write ca.{sorted(bare)[0]}(...) in docs/methods.md"


# --- (b) every public function: no option a caller could pass by position --------------

# function -> parameters with a default that stay positional, and why
POSITIONAL_DEFAULTS_ALLOWED = {
    # config IS the data: the scorecard to read, the function's only argument; None reads
    # the bundled templates/scorecards/star_dealer.yaml (docs/contract.md §1:
    # load_scorecard(config)).
    "load_scorecard": {"config"},
}


def _public_functions():
    """(id, function) for each function of chananalysis.__all__ and of each methods module's
    __all__, each function once (``dealer_classes`` is re-exported by ``methods.dealers``).
    Classes (records such as `Problem`, `Section`, the errors, the scorecard's dataclasses)
    are not covered: the kit builds them, callers read them."""
    seen = set()
    for module_name in ["chananalysis", *METHOD_MODULES]:
        module = importlib.import_module(module_name)
        for name in getattr(module, "__all__", ()):  # a package's inner modules may have none
            obj = getattr(module, name)
            if inspect.isfunction(obj) and obj not in seen:
                seen.add(obj)
                yield pytest.param(obj, id=f"{obj.__module__}.{name}")


PUBLIC_FUNCTIONS = list(_public_functions())
METHOD_FUNCTIONS = [p for p in PUBLIC_FUNCTIONS if p.values[0].__module__ in METHOD_MODULES]


def test_the_generic_tests_see_the_functions():
    ids = {p.id for p in PUBLIC_FUNCTIONS}
    assert {
        "chananalysis.methods.scoring.channel_scores",
        "chananalysis.methods.diversion.api.detect_diversion",
        "chananalysis.report.run.run_report",
    } <= ids
    assert len(METHOD_FUNCTIONS) >= 15


@pytest.mark.parametrize("func", PUBLIC_FUNCTIONS)
def test_options_are_keyword_only(func):
    allowed = POSITIONAL_DEFAULTS_ALLOWED.get(func.__name__, set())
    positional_options = [
        p.name
        for p in inspect.signature(func).parameters.values()
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
        and p.default is not p.empty
        and p.name not in allowed
    ]
    assert positional_options == [], f"put `*` before {positional_options[0]}"


# function -> required parameters that are keyword-only although they are data, and why
KEYWORD_ONLY_DATA_ALLOWED = {
    # the fee terms of one franchise offer: named so that two amounts are never swapped
    "franchise_economics": {"initial_fee", "operating_margin"},
    # the base rate is the ladder's own term, named beside the criteria weights
    "composite_rebate": {"base_rate"},
    # weight_sensitivity's helper: it passes its own settings on by name
    "composite_draws": {"draws", "concentration", "seed"},
}


@pytest.mark.parametrize("func", PUBLIC_FUNCTIONS)
def test_the_data_is_positional(func):
    allowed = KEYWORD_ONLY_DATA_ALLOWED.get(func.__name__, set())
    keyword_data = [
        p.name
        for p in inspect.signature(func).parameters.values()
        if p.kind == p.KEYWORD_ONLY and p.default is p.empty and p.name not in allowed
    ]
    assert keyword_data == [], f"{keyword_data[0]} has no default: data go before the `*`"


# --- (c) an option passed by position is refused -------------------------------------
CHANNELS = pd.DataFrame(
    {
        "channel": ["KA", "流通"],
        "sales": [1000.0, 3000.0],
        "sales_prev": [900.0, 2500.0],
        "variable_cost_rate": [0.2, 0.1],
        "fixed_cost": [100.0, 200.0],
    }
)
WEIGHTS = {"sales": 40, "profit": 30, "growth": 20, "structure": 10}
MATRIX = [[1, 2, 4], [1 / 2, 1, 2], [1 / 4, 1 / 2, 1]]
KPIS = pd.DataFrame({"dealer": ["D1"], "actual_sales": [110.0], "contract_sales": [100.0]})

# id -> (call with the option by position, the same option by name)
CALLS = {
    "channel_scores": (
        lambda: ca.channel_scores(CHANNELS, WEIGHTS),
        lambda: ca.channel_scores(CHANNELS, weights=WEIGHTS),
    ),
    "weight_sensitivity": (
        lambda: ca.weight_sensitivity(CHANNELS, WEIGHTS),
        lambda: ca.weight_sensitivity(CHANNELS, weights=WEIGHTS, draws=10),
    ),
    "ahp_weights": (
        lambda: ca.ahp_weights(MATRIX, ["KA", "流通", "餐饮"]),
        lambda: ca.ahp_weights(MATRIX, labels=["KA", "流通", "餐饮"]),
    ),
    "dealer_classes": (
        lambda: ca.dealer_classes(pd.Series([5e6]), (5e6, 3e6, 1e6)),
        lambda: ca.dealer_classes(pd.Series([5e6]), thresholds=(5e6, 3e6, 1e6)),
    ),
    "star_scorecard": (
        lambda: ca.star_scorecard(KPIS, ca.load_scorecard()),
        lambda: ca.star_scorecard(KPIS, config=ca.load_scorecard()),
    ),
}


@pytest.mark.parametrize(("by_position", "by_name"), CALLS.values(), ids=CALLS.keys())
def test_an_option_by_position_is_a_type_error(by_position, by_name):
    by_name()  # the same call, the option named: fine
    with pytest.raises(TypeError, match=r"takes \d+ positional arguments? but \d+ were given"):
        by_position()


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(lambda d: ca.write_intake_template(d / "t.xlsx", "en"), id="template"),
        pytest.param(lambda d: ca.run_report(d / "client.xlsx", d / "out", "en"), id="report"),
        pytest.param(lambda d: ca.run_batch([], d / "out", 2), id="batch"),
    ],
)
def test_an_option_by_position_is_refused_before_any_work(call, tmp_path):
    with pytest.raises(TypeError, match=r"takes \d+ positional arguments? but \d+ were given"):
        call(tmp_path)
    assert list(tmp_path.iterdir()) == []  # refused before anything was written


# --- (d) every function of methods/ says where it comes from and shows itself ----------
@pytest.mark.parametrize("func", METHOD_FUNCTIONS)
def test_method_docstring_has_references_and_a_runnable_example(func):
    doc = func.__doc__ or ""
    assert "References\n    ----------" in doc, "no References section (seed and section)"
    assert "Examples\n    --------" in doc, "no Examples section"
    examples = doc.split("Examples\n    --------", 1)[1]
    assert ">>> " in examples, "the Examples section has no doctest"


SECTIONS = ["Parameters", "Returns", "Raises", "Notes", "References", "Examples"]


@pytest.mark.parametrize("func", METHOD_FUNCTIONS)
def test_method_docstring_sections_in_numpydoc_order(func):
    doc = func.__doc__ or ""
    found = [s for s in SECTIONS if f"\n    {s}\n    {'-' * len(s)}\n" in doc]
    assert found == sorted(found, key=SECTIONS.index), f"sections out of order: {found}"
    assert {"Parameters", "Returns"} <= set(found), f"sections found: {found}"
