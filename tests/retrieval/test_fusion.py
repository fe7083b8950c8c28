from hypothesis import given
from hypothesis import strategies as st

from assistant.retrieval.fusion import max_normalise, ranked, rrf, weighted_sum

scores = st.dictionaries(st.text("abcdef", min_size=1, max_size=3), st.floats(0, 100), max_size=20)


@given(scores)
def test_max_normalise_bounds(run):
    out = max_normalise(run)
    assert set(out) == set(run)
    assert all(0.0 <= v <= 1.0 + 1e-9 for v in out.values())
    if run and max(run.values()) > 0:
        assert max(out.values()) == 1.0


@given(scores, scores, st.floats(0, 1))
def test_weighted_sum_is_linear(a, b, w):
    fused = weighted_sum([a, b], [w, 1 - w])
    assert set(fused) == set(a) | set(b)
    for key, value in fused.items():
        assert abs(value - (w * a.get(key, 0) + (1 - w) * b.get(key, 0))) < 1e-6


@given(st.lists(st.text("abcdefgh", min_size=1, max_size=2), unique=True, max_size=15))
def test_rrf_preserves_single_ranking(ids):
    fused = rrf([ids])
    assert [k for k, _ in ranked(fused)] == ids


def test_rrf_rewards_agreement():
    fused = rrf([["a", "b", "c"], ["b", "a", "d"]])
    assert ranked(fused)[0][0] in {"a", "b"}
    assert fused["b"] > fused["c"] and fused["a"] > fused["d"]


def test_weighted_sum_rejects_mismatch():
    import pytest

    with pytest.raises(ValueError):
        weighted_sum([{"a": 1.0}], [0.5, 0.5])
