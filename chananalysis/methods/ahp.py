"""Factor weights from pairwise judgement: the analytic hierarchy process (docs/method.md §1.4).

Examples
--------
>>> m = [[1, 4, 3, 7], [1/4, 1, 1/3, 3], [1/3, 3, 1, 5], [1/7, 1/3, 1/5, 1]]
>>> w, cr = ahp_weights(m, labels=["experience", "education", "charisma", "age"])
>>> w.round(1).tolist(), round(cr, 3)
([54.8, 12.7, 27.0, 5.6], 0.044)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from chananalysis.errors import AHPError
from chananalysis.methods.scoring import FACTORS

__all__ = [
    "CONSISTENCY_LIMIT",
    "RANDOM_INDEX",
    "ahp_weights",
    "choose_weights",
    "consistency_ratio",
]

#: Saaty's random consistency index by matrix size.
RANDOM_INDEX = {3: 0.58, 4: 0.90, 5: 1.12, 6: 1.24, 7: 1.32, 8: 1.41, 9: 1.45, 10: 1.49}
#: Consistency ratio above which pairwise judgments are too inconsistent to use.
CONSISTENCY_LIMIT = 0.10
_TOL = 1e-6


def _check(matrix, who: str = "the matrix") -> np.ndarray:
    try:
        m = np.asarray(matrix, dtype="float64")
    except (TypeError, ValueError) as err:
        raise AHPError(f"{who} must hold numbers only") from err
    if m.ndim != 2 or m.shape[0] != m.shape[1]:
        raise AHPError(f"{who} must be square; got shape {m.shape}")
    n = m.shape[0]
    if n < 1 or n > 10:
        raise AHPError(f"{who} must be 1×1 to 10×10 (Saaty's RI is known up to 10); got {n}")
    if not np.isfinite(m).all() or (m <= 0).any():
        i, j = np.argwhere(~np.isfinite(m) | (m <= 0))[0]
        raise AHPError(f"{who} must be positive: entry ({i + 1}, {j + 1}) is {m[i, j]:g}")
    bad = np.abs(m * m.T - 1.0) > _TOL
    if bad.any():
        i, j = np.argwhere(bad)[0]
        raise AHPError(
            f"{who} is not reciprocal: entry ({i + 1}, {j + 1}) is {m[i, j]:g} "
            f"but ({j + 1}, {i + 1}) is {m[j, i]:g}, not 1/{m[i, j]:g}"
        )
    return m


def _principal(m: np.ndarray) -> tuple[np.ndarray, float]:
    vals, vecs = np.linalg.eig(m)
    k = int(np.argmax(vals.real))
    w = np.abs(vecs[:, k].real)
    return w / w.sum(), float(vals[k].real)


def consistency_ratio(matrix) -> float:
    """Consistency ratio of a pairwise comparison matrix: 0 when every judgment agrees.

    Parameters
    ----------
    matrix
        A positive reciprocal n×n matrix, 1 ≤ n ≤ 10.

    Returns
    -------
    float
        CR ≥ 0; above 0.10 the judgments are too inconsistent to use.

    Raises
    ------
    AHPError
        Not square, larger than 10×10, not positive or not reciprocal.

    Notes
    -----
    CR = CI / RI with CI = (λmax − n)/(n − 1), λmax the principal eigenvalue, and Saaty's
    random index RI (`RANDOM_INDEX`: n = 3 0.58, 4 0.90, 5 1.12 … 10 1.49); CR = 0 for
    n ≤ 2. A CI below 0 from rounding counts as 0.

    References
    ----------
    Beyond the seeds: docs/method.md §1.4 (T. L. Saaty, *The Analytic Hierarchy Process*, 1980).
    Seed 001, section 六 leaves the split of the 100 weight points to the company's
    judgment; this checks that judgment.

    Examples
    --------
    A consistent matrix (2 over 1 twice gives 4 over 1) has CR 0; one that asks for 8
    instead of 4 does not:

    >>> consistency_ratio([[1, 2, 4], [1/2, 1, 2], [1/4, 1/2, 1]])
    0.0
    >>> round(consistency_ratio([[1, 2, 8], [1/2, 1, 2], [1/8, 1/2, 1]]), 6)
    0.046225
    """
    m = _check(matrix)
    n = m.shape[0]
    if n <= 2:
        return 0.0
    _, lam = _principal(m)
    return max(0.0, (lam - n) / (n - 1)) / RANDOM_INDEX[n]


def ahp_weights(
    matrix, *, labels: Sequence[str] | None = None, allow_inconsistent: bool = False
) -> tuple[pd.Series, float]:
    """Weights (summing to 100) from a pairwise comparison matrix, and its CR.

    Parameters
    ----------
    matrix
        A positive reciprocal n×n matrix (Mᵢⱼ = importance of i over j on Saaty's 1–9
        scale, Mⱼᵢ = 1/Mᵢⱼ), or a list of them — one per workshop participant — combined
        element-wise by geometric mean (aggregation of individual judgments, AIJ).
    labels
        Keyword only: names of the criteria; default for a 4×4 matrix: ``sales, profit,
        growth, structure`` (so the result can be passed as 8S weights), else ``1 … n``.
    allow_inconsistent
        Keyword only: return weights even when CR > 0.10.

    Returns
    -------
    weights : pandas.Series
        Principal-eigenvector weights scaled to sum to 100, indexed by ``labels``.
        For a list, ``weights.attrs["participant_cr"]`` holds each participant's CR.
    cr : float
        Consistency ratio of the (combined) matrix.

    Raises
    ------
    AHPError
        Not square, not positive, not reciprocal, participants of different sizes, as
        many labels as criteria, or CR > 0.10 without ``allow_inconsistent`` (the message
        names the CR, and each participant's CR).

    Notes
    -----
    w = principal eigenvector of M (M·w = λmax·w), scaled so Σw = 100. For a consistent
    matrix, Mᵢⱼ = wᵢ / wⱼ exactly. Several participants: Mᵢⱼ = (Π_p M⁽ᵖ⁾ᵢⱼ)^(1/P), the
    element-wise geometric mean, which stays reciprocal. CR as in `consistency_ratio`.

    References
    ----------
    Beyond the seeds: docs/method.md §1.4 (T. L. Saaty's eigenvector method and random indices).
    The weights it gives are seed 001, section 六's Q1 … Q4 (Q1+Q2+Q3+Q4=100, split by
    the company's strategic choice).

    Examples
    --------
    KA counts twice 流通 and 流通 twice 餐饮, so KA counts four times 餐饮: weights
    4 : 2 : 1 out of 7, and no inconsistency.

    >>> w, cr = ahp_weights([[1, 2, 4], [1/2, 1, 2], [1/4, 1/2, 1]], labels=["KA", "流通", "餐饮"])
    >>> w.round(2)
    KA    57.14
    流通    28.57
    餐饮    14.29
    Name: weight, dtype: float64
    >>> cr
    0.0
    """
    many = isinstance(matrix, (list, tuple)) and len(matrix) > 0 and np.ndim(matrix[0]) == 2
    if many:
        mats = [_check(m, f"participant {k + 1}'s matrix") for k, m in enumerate(matrix)]
        if len({m.shape for m in mats}) > 1:
            raise AHPError(
                "every participant's matrix must have the same size; got "
                + ", ".join(f"{m.shape[0]}×{m.shape[1]}" for m in mats)
            )
        combined = np.exp(np.mean(np.log(np.stack(mats)), axis=0))
        participant = [consistency_ratio(m) for m in mats]
    else:
        combined = _check(matrix)
        participant = None
    n = combined.shape[0]
    if labels is None:
        labels = list(FACTORS) if n == 4 else [str(k + 1) for k in range(n)]
    if len(labels) != n:
        raise AHPError(f"{len(labels)} labels for a {n}×{n} matrix")
    w, _ = _principal(combined)
    cr = consistency_ratio(combined)
    weights = pd.Series(w * 100.0, index=list(labels), name="weight")
    if participant is not None:
        weights.attrs["participant_cr"] = participant
    if cr > CONSISTENCY_LIMIT and not allow_inconsistent:
        who = ""
        if participant is not None:
            who = "; participants' CR: " + ", ".join(
                f"{k + 1}: {c:.3f}" for k, c in enumerate(participant)
            )
        raise AHPError(
            f"the judgments are inconsistent: CR = {cr:.3f} > {CONSISTENCY_LIMIT:.2f} (revise the "
            f"comparisons, or pass allow_inconsistent=True){who}"
        )
    return weights, cr


def choose_weights(
    *, weights=None, ahp=None, allow_inconsistent: bool = False
) -> tuple[pd.Series, dict]:
    """The 8S weights a report uses: given, derived from an AHP matrix, or the default.

    Parameters
    ----------
    weights
        ``{sales, profit, growth, structure}`` or 4 numbers summing to 100.
    ahp
        A 4×4 pairwise matrix over (sales, profit, growth, structure), or a list of
        them (one per workshop participant), instead of ``weights``.
    allow_inconsistent
        Accept an AHP matrix with CR > 0.10.

    Returns
    -------
    weights : pandas.Series
        Over ``sales, profit, growth, structure``, summing to 100.
    info : dict
        ``source`` (``default``, ``given`` or ``ahp``) and, for AHP, ``cr`` and
        ``participant_cr`` (a list, or ``None`` for one matrix).

    Raises
    ------
    AHPError
        Both ``weights`` and ``ahp`` given, a matrix not 4×4 or not valid (see
        `ahp_weights`), or CR > 0.10 without ``allow_inconsistent``.
    ScoringError
        ``weights`` not as `chananalysis.methods.scoring.resolve_weights` accepts.

    Notes
    -----
    ``ahp`` given: Q = `ahp_weights` (labels ``sales, profit, growth, structure``);
    ``weights`` given: Q = ``weights``; neither: Q = (25, 25, 25, 25).

    References
    ----------
    Seed 001, section 六: Q1+Q2+Q3+Q4=100; the AHP route is beyond the seeds (docs/method.md
    §1.4).

    Examples
    --------
    >>> q, info = choose_weights(ahp=[[1, 2, 4, 4], [1/2, 1, 2, 2], [1/4, 1/2, 1, 1],
    ...                               [1/4, 1/2, 1, 1]])
    >>> q.round(4).tolist(), info["source"], round(info["cr"], 6)
    ([50.0, 25.0, 12.5, 12.5], 'ahp', 0.0)
    """
    from chananalysis.methods.scoring import resolve_weights

    if weights is not None and ahp is not None:
        raise AHPError("give either weights or an AHP matrix, not both")
    if ahp is None:
        return resolve_weights(weights), {"source": "default" if weights is None else "given"}
    first = ahp[0] if isinstance(ahp, (list, tuple)) and np.ndim(ahp[0]) == 2 else ahp
    if np.shape(first) != (4, 4):
        raise AHPError(
            "the AHP matrix for the 8S weights must be 4×4 over (sales, profit, "
            f"growth, structure); got {np.shape(first)}"
        )
    w, cr = ahp_weights(ahp, labels=list(FACTORS), allow_inconsistent=allow_inconsistent)
    q = resolve_weights((w / w.sum() * 100.0).to_dict())
    return q, {"source": "ahp", "cr": cr, "participant_cr": w.attrs.get("participant_cr")}
