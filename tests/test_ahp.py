"""AHP weights and consistency against published and hand-derived values."""

from __future__ import annotations

import numpy as np
import pytest

from chananalysis.errors import AHPError
from chananalysis.methods.ahp import ahp_weights, consistency_ratio

# Wikipedia's AHP "choosing a leader" example: criteria experience, education, charisma,
# age; published priorities .547, .127, .270, .056 and CR .044.
LEADER = [[1, 4, 3, 7], [1 / 4, 1, 1 / 3, 3], [1 / 3, 3, 1, 5], [1 / 7, 1 / 3, 1 / 5, 1]]


def consistent(w):
    w = np.asarray(w, dtype=float)
    return (w[:, None] / w[None, :]).tolist()


def test_published_leader_example():
    w, cr = ahp_weights(LEADER, labels=["experience", "education", "charisma", "age"])
    assert (w / 100).tolist() == pytest.approx([0.547, 0.127, 0.270, 0.056], abs=1e-3)
    assert round(cr, 3) == 0.044
    assert round(w.sum(), 10) == 100


def test_consistent_matrix_gives_its_weights_and_cr_0():
    # Mij = wi/wj with w = 40, 30, 20, 10: lambda_max = n, so CR = 0 and weights = w
    w, cr = ahp_weights(consistent([40, 30, 20, 10]))
    assert w.round(10).tolist() == [40.0, 30.0, 20.0, 10.0]
    assert list(w.index) == ["sales", "profit", "growth", "structure"]
    assert cr == pytest.approx(0.0, abs=1e-12)


def test_three_by_three_closed_form():
    # For [[1,a,b],[1/a,1,c],[1/b,1/c,1]]: lambda_max = 1 + (b/ac)^(1/3) + (ac/b)^(1/3)
    # a=2, b=8, c=2: 1 + 2^(1/3) + 2^(-1/3) = 3.0536216; CI = 0.0268108; CR = /0.58 = 0.0462255
    # eigenvector = row geometric means 16^(1/3), 1, 16^(-1/3) -> 64.3360, 25.5317, 10.1323
    m = [[1, 2, 8], [1 / 2, 1, 2], [1 / 8, 1 / 2, 1]]
    w, cr = ahp_weights(m)
    assert round(cr, 7) == 0.0462255
    assert w.round(4).tolist() == [64.3360, 25.5317, 10.1323]
    assert list(w.index) == ["1", "2", "3"]


def test_inconsistent_matrix_is_refused_unless_allowed():
    # cyclic judgments a=9, b=1/9, c=9: lambda_max = 1 + 1/9 + 9 = 10.1111; CI = 3.5556;
    # CR = 3.5556/0.58 = 6.1303
    m = [[1, 9, 1 / 9], [1 / 9, 1, 9], [9, 1 / 9, 1]]
    with pytest.raises(AHPError, match=r"CR = 6\.130 > 0\.10"):
        ahp_weights(m)
    w, cr = ahp_weights(m, allow_inconsistent=True)
    assert round(cr, 4) == 6.1303
    assert w.round(4).tolist() == [33.3333, 33.3333, 33.3333]


def test_small_matrices_have_cr_0():
    assert consistency_ratio([[1]]) == 0.0
    assert consistency_ratio([[1, 3], [1 / 3, 1]]) == 0.0


@pytest.mark.parametrize(
    ("matrix", "message"),
    [
        pytest.param(
            [[1, 2, 3], [1 / 2, 1, 4]], r"must be square; got shape \(2, 3\)", id="square"
        ),
        pytest.param([[1, -2], [-1 / 2, 1]], r"must be positive: entry \(1, 2\) is -2", id="pos"),
        pytest.param(
            [[1, 3], [1 / 2, 1]],
            r"not reciprocal: entry \(1, 2\) is 3 but \(2, 1\) is "
            r"0\.5, not 1/3",
            id="reciprocal",
        ),
        pytest.param([[1, 0], [0, 1]], r"must be positive: entry \(1, 2\) is 0", id="zero"),
    ],
)
def test_bad_matrices(matrix, message):
    with pytest.raises(AHPError, match=message):
        ahp_weights(matrix)


def test_workshop_participants_aggregated_by_geometric_mean():
    # two consistent participants w = (40,30,20,10) and (10,20,30,40): the element-wise
    # geometric mean is consistent with sqrt(wi*wi'): 20, 24.4949, 24.4949, 20 (sum 88.9898)
    # -> 22.4745, 27.5255, 27.5255, 22.4745; CR 0; each participant CR 0
    w, cr = ahp_weights([consistent([40, 30, 20, 10]), consistent([10, 20, 30, 40])])
    assert w.round(4).tolist() == [22.4745, 27.5255, 27.5255, 22.4745]
    assert cr == pytest.approx(0.0, abs=1e-12)
    assert w.attrs["participant_cr"] == pytest.approx([0.0, 0.0], abs=1e-12)


def test_workshop_reports_the_inconsistent_participant():
    cyclic = [[1, 9, 1 / 9], [1 / 9, 1, 9], [9, 1 / 9, 1]]
    fine = [[1, 2, 8], [1 / 2, 1, 2], [1 / 8, 1 / 2, 1]]
    w, _ = ahp_weights([fine, fine, cyclic], allow_inconsistent=True)
    assert [round(c, 4) for c in w.attrs["participant_cr"]] == [0.0462, 0.0462, 6.1303]
    with pytest.raises(AHPError, match=r"participants' CR: 1: 0\.046, 2: 0\.046, 3: 6\.130"):
        ahp_weights([fine, fine, cyclic])
    with pytest.raises(AHPError, match="same size"):
        ahp_weights([fine, consistent([1, 1, 1, 1])])
