"""Every section's review for one client in one object, each computed once: what a
consultant explores in JupyterLab, and what the report's notebooks read (``S.review``,
`chananalysis.report.section.open_section`), so that no second path computes anything.

Section 05 builds on the very results of sections 01–04 this object holds: the options a
notebook or ``params`` gave them reach the recommendations and the executive summary.

Examples
--------
>>> from chananalysis.resources import resource_dir
>>> r = review(resource_dir("data_samples") / "seasoning",
...            params={"02_channel_scoring": {"draws": 200}})
>>> r
<ClientReview 豫香园食品有限公司: nothing computed yet; params 02_channel_scoring>
>>> r.scoring.scores["action"].tolist()[:2]
['optimize', 'deepen']
>>> r.scoring is r.scoring  # computed once
True
>>> r.computed
['02_channel_scoring']
"""

from __future__ import annotations

import importlib
import inspect
import os
from collections.abc import Callable, Mapping
from functools import cache
from typing import TYPE_CHECKING, Any

from chananalysis.errors import InputDataError
from chananalysis.intake.params import load_params, notebook_parameters
from chananalysis.resources import resource_dir
from chananalysis.sections.registry import SECTIONS, SUMMARY_SECTION, SectionInfo, section

if TYPE_CHECKING:
    import pandas as pd

    from chananalysis.intake.read import ClientData
    from chananalysis.sections.conflict.review import ConflictReview
    from chananalysis.sections.dealers.review import DealersReview
    from chananalysis.sections.diagnosis.review import DiagnosisReview
    from chananalysis.sections.overview.review import OverviewReview
    from chananalysis.sections.recommendations.review import RecommendationsReview
    from chananalysis.sections.scoring.review import ScoringReview

__all__ = ["INPUTS", "NOTEBOOK_ONLY", "ClientReview", "review"]

#: What every report notebook declares besides its section's options: not options of the
#: review (a report's runner sets them), accepted in ``params`` and ignored here.
NOTEBOOK_ONLY = frozenset({"client", "lang", "tables_dir"})
#: Section 05's options that are the other sections' reviews (`ClientReview` passes its own):
#: not options a consultant sets.
INPUTS = ("scoring", "diagnosis", "dealers", "conflict")


def _section(key: str) -> SectionInfo:
    info = section(key)
    if info is None:
        raise InputDataError(
            f"no report section {key!r}; sections: {', '.join(s.key for s in SECTIONS)}"
        )
    return info


@cache
def _review_function(key: str) -> Callable[..., Any]:
    return importlib.import_module(f"{_section(key).module}.review").review


@cache
def _review_options(key: str) -> dict[str, Any]:
    """Option name -> default of section ``key``'s review (its inputs left out)."""
    params = list(inspect.signature(_review_function(key)).parameters.values())[1:]
    skip = INPUTS if key == SUMMARY_SECTION else ()
    return {p.name: p.default for p in params if p.name not in skip}


def _display_options(key: str) -> frozenset[str]:
    """What section ``key``'s notebook declares that its review does not take (``top``: how
    many rows a table shows), with the runner's own parameters."""
    path = resource_dir("notebooks") / "report" / f"{key}.ipynb"
    declared = notebook_parameters(path) if path.is_file() else frozenset()
    return (declared | NOTEBOOK_ONLY) - set(_review_options(key))


def _same(a: Any, b: Any) -> bool:
    """Whether two option values are equal (a value without a truth of ``==``, such as a
    DataFrame, equals only itself)."""
    if a is b:
        return True
    try:
        return bool(a == b)
    except (TypeError, ValueError):
        return False


class ClientReview:
    """Every section's review for one client, each computed when first asked and kept.

    ``.overview``, ``.diagnosis``, ``.scoring``, ``.dealers``, ``.conflict`` and
    ``.recommendations`` are the reviews of sections 00–05 (``<package>.review.review``
    of each, `chananalysis.sections.registry`), computed with the options of ``params``
    for that section; ``.recommendations`` is given this object's own 01–04 results.
    ``.findings``, ``.decisions`` and ``.no_action`` are section 05's.

    Parameters
    ----------
    data
        The client's intake (`chananalysis.load_client`).
    params
        Options per section, as `chananalysis.run_report` takes them: a mapping of section
        key to ``{option: value}``, or a YAML file of the same shape. Options a notebook
        declares for display only (``top``) are accepted and do not change a review.

    Raises
    ------
    InputDataError
        A section key that is not the report's, or an option neither the section's review
        nor its notebook takes (the message names the section and the options it takes).

    Attributes
    ----------
    data
        The intake.

    See Also
    --------
    review : the same from a client path.

    References
    ----------
    docs/contract.md §1 (``ca.review``, and ``params`` as ``ca.run_report`` takes them).

    Examples
    --------
    The seasoning sample, its section 02 with fewer weight draws and its section 04 with a
    fine of 20 yuan per diverted unit:

    >>> from chananalysis.intake.read import load_client
    >>> from chananalysis.resources import resource_dir
    >>> data = load_client(resource_dir("data_samples") / "seasoning")
    >>> r = ClientReview(data, params={"02_channel_scoring": {"draws": 200},
    ...                                "04_conflict_review": {"fine_per_unit": 20, "top": 5}})
    >>> r.conflict.fine_per_unit
    20.0
    >>> r.section("04_conflict_review", fine_per_unit=20) is r.conflict  # the same options
    True
    >>> r.recommendations.scoring is r.scoring  # section 05 builds on this scoring
    True
    >>> r.params["04_conflict_review"]
    {'fine_per_unit': 20}
    >>> r.section("02_channel_scoring", drawz=200)
    Traceback (most recent call last):
    ...
    chananalysis.errors.InputDataError: section 02_channel_scoring has no option drawz; ...
    """

    def __init__(self, data: ClientData, params: Mapping | str | os.PathLike | None = None) -> None:
        self.data = data
        #: section key -> (the review's options resolved with their defaults, the review)
        self._done: dict[str, tuple[dict[str, Any], Any]] = {}
        self._params: dict[str, dict[str, Any]] = {}
        for key, options in load_params(params).items():
            self._check(key, options)
            self._params[key] = options

    # --- the options ---------------------------------------------------------------------
    @staticmethod
    def _check(key: str, options: Mapping[str, Any]) -> dict[str, Any]:
        """The review's own options among ``options``, resolved with its defaults."""
        _section(key)
        takes = _review_options(key)
        unknown = sorted(set(options) - set(takes) - _display_options(key))
        if unknown:
            shown = sorted((set(takes) | _display_options(key)) - NOTEBOOK_ONLY)
            raise InputDataError(
                f"section {key} has no option {', '.join(unknown)}; it takes: {', '.join(shown)}"
            )
        return {name: options.get(name, default) for name, default in takes.items()}

    @property
    def params(self) -> dict[str, dict[str, Any]]:
        """The options in effect, per section (a copy): those ``params`` gave, replaced
        by the last `section` call's for a section computed that way."""
        return {key: dict(options) for key, options in self._params.items()}

    @property
    def computed(self) -> list[str]:
        """The keys of the sections computed so far, in report order."""
        return [s.key for s in SECTIONS if s.key in self._done]

    # --- the reviews ---------------------------------------------------------------------
    def section(self, key: str, **options: Any) -> Any:
        """Section ``key``'s review with ``options`` (its review's keyword options, or
        options its notebook declares for display only); computed once per set of options.

        The options become the section's in `params`. Asked again with other options,
        the section is computed again, and section 05 (built on the others) is dropped,
        to be computed again when next asked.

        Examples
        --------
        >>> from chananalysis.resources import resource_dir
        >>> r = review(resource_dir("data_samples") / "seasoning")
        >>> r.section("00_overview", concentrated_above=0.5).concentrated_above
        0.5
        >>> r.overview is r.section("00_overview", concentrated_above=0.5)
        True
        """
        resolved = self._check(key, options)
        self._params[key] = dict(options)
        done = self._done.get(key)
        if done is not None and all(_same(done[0][k], v) for k, v in resolved.items()):
            return done[1]
        if done is not None and key != SUMMARY_SECTION:
            self._done.pop(SUMMARY_SECTION, None)  # built on the result being replaced
        return self._compute(key, resolved, options)

    def _get(self, key: str) -> Any:
        done = self._done.get(key)
        if done is not None:
            return done[1]
        options = self._params.get(key, {})
        return self._compute(key, self._check(key, options), options)

    def _compute(self, key: str, resolved: dict[str, Any], options: Mapping[str, Any]) -> Any:
        given = {k: v for k, v in options.items() if k in resolved}
        if key == SUMMARY_SECTION:
            given.update({name: getattr(self, name) for name in INPUTS})
        result = _review_function(key)(self.data, **given)
        self._done[key] = (resolved, result)
        return result

    @property
    def overview(self) -> OverviewReview:
        """Section 00's review (`chananalysis.sections.overview.review`)."""
        return self._get("00_overview")

    @property
    def diagnosis(self) -> DiagnosisReview:
        """Section 01's review (`chananalysis.sections.diagnosis.review`)."""
        return self._get("01_channel_diagnosis")

    @property
    def scoring(self) -> ScoringReview:
        """Section 02's review (`chananalysis.sections.scoring.review`)."""
        return self._get("02_channel_scoring")

    @property
    def dealers(self) -> DealersReview:
        """Section 03's review (`chananalysis.sections.dealers.review`)."""
        return self._get("03_dealer_evaluation")

    @property
    def conflict(self) -> ConflictReview:
        """Section 04's review (`chananalysis.sections.conflict.review`)."""
        return self._get("04_conflict_review")

    @property
    def recommendations(self) -> RecommendationsReview:
        """Section 05's review (`chananalysis.sections.recommendations.review`), built on
        this object's sections 01–04."""
        return self._get(SUMMARY_SECTION)

    @property
    def findings(self) -> pd.DataFrame:
        """Every finding of the sections, one row each (section 05's ``findings``)."""
        return self.recommendations.findings

    @property
    def decisions(self) -> pd.DataFrame:
        """What the report recommends, ranked (section 05's ``decisions``)."""
        return self.recommendations.decisions

    @property
    def no_action(self) -> pd.DataFrame:
        """The findings that need no decision, with the reason (section 05's ``no_action``)."""
        return self.recommendations.no_action

    def __repr__(self) -> str:
        name = str(self.data.info.get("client_name") or getattr(self.data, "path", "") or "?")
        done = ", ".join(self.computed) or "nothing computed yet"
        given = [key for key, options in self._params.items() if options]
        return f"<ClientReview {name}: {done}" + (f"; params {', '.join(given)}>" if given else ">")


def review(
    client: str | os.PathLike | ClientData,
    *,
    params: Mapping | str | os.PathLike | None = None,
) -> ClientReview:
    """Every section's review for one client in one object, each computed when first asked
    (docs/contract.md §1).

    Parameters
    ----------
    client
        A client workbook or folder (read with `chananalysis.load_client`), or an intake
        already loaded (a `chananalysis.ClientData`).
    params
        Options per section, exactly as `chananalysis.run_report` takes them: a mapping of
        section key to ``{option: value}`` or a YAML file of the same shape.

    Returns
    -------
    ClientReview
        ``.overview``, ``.diagnosis``, ``.scoring``, ``.dealers``, ``.conflict``,
        ``.recommendations`` (section 05), ``.findings``, ``.decisions``, ``.no_action``.

    Raises
    ------
    chananalysis.IntakeError
        The client's intake cannot be used.
    chananalysis.InputDataError
        An unknown section key or option in ``params``.

    References
    ----------
    docs/contract.md §1 (``ca.review``); docs/method.md §6 (the recommendations).

    Examples
    --------
    >>> import chananalysis as ca
    >>> from chananalysis.resources import resource_dir
    >>> r = ca.review(resource_dir("data_samples") / "seasoning",
    ...               params={"02_channel_scoring": {"weights": [40, 30, 20, 10],
    ...                                              "draws": 200}})
    >>> r.scoring.weights.tolist()
    [40.0, 30.0, 20.0, 10.0]
    >>> int(r.decisions["priority"].min())
    1
    >>> r.computed[-1]
    '05_integration_recommendations'
    """
    if isinstance(client, (str, os.PathLike)):
        from chananalysis.intake.read import load_client

        client = load_client(client)
    return ClientReview(client, params=params)
