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


from assistant.retrieval.candidates import Components  # noqa: E402
from assistant.retrieval.fusion import interleave, minmax_normalise  # noqa: E402
from assistant.retrieval.ranking import FusionParams, diversified, fuse  # noqa: E402


@given(scores)
def test_minmax_normalise_spans_unit_interval(run):
    out = minmax_normalise(run)
    assert set(out) == set(run)
    assert all(-1e-9 <= v <= 1.0 + 1e-9 for v in out.values())
    if run and max(run.values()) - min(run.values()) > 1e-12:
        assert min(out.values()) == 0.0 and max(out.values()) == 1.0


@given(st.lists(st.lists(st.text("abcdefgh", min_size=1, max_size=2), unique=True, max_size=6), max_size=4))
def test_interleave_keeps_every_item_once_in_group_order(raw):
    groups = [[f"{i}{x}" for x in g] for i, g in enumerate(raw)]  # disjoint, like document groups
    out = interleave(groups)
    assert len(out) == len(set(out)) == sum(len(g) for g in groups)
    for group in groups:
        assert [x for x in out if x in group] == group
    firsts = [g[0] for g in groups if g]
    assert out[:len(firsts)] == firsts


keys = st.tuples(st.sampled_from(["d1", "d2", "d3"]), st.sampled_from(["第一条", "第二条", "第三条"]))
component = st.dictionaries(keys, st.floats(0.01, 50), max_size=9)


@given(component, component, component, st.floats(0, 1), st.floats(0, 1))
def test_fuse_scores_every_candidate_and_mention_bonus_is_monotone(lex, big, dense, w, bonus):
    comps = Components(lexical=lex, bigram=big, dense={k: min(v / 50, 1.0) for k, v in dense.items()})
    params = FusionParams(bm25=w, bigram=1 - w, dense=0.2, mention=bonus)
    plain = fuse(comps, params)
    named = fuse(comps, params, {"d1"})
    assert set(plain) == comps.keys()
    for key in plain:
        expected = plain[key] + (bonus if key[0] == "d1" else 0.0)
        assert abs(named[key] - expected) < 1e-9


@given(component)
def test_rrf_mode_is_rank_based(lex):
    comps = Components(lexical=lex)
    fused = fuse(comps, FusionParams(mode="rrf", mention=0.0))
    order = [k for k, _ in ranked(fused)]
    assert order == [k for k, _ in ranked(lex)] or len(set(lex.values())) < len(lex)


def test_diversified_takes_turns_between_groups():
    scores = {("a", "1"): 0.9, ("a", "2"): 0.8, ("a", "3"): 0.7, ("b", "1"): 0.5, ("c", "1"): 0.4}
    assert diversified(scores, [{"a"}, {"b"}])[:3] == [("a", "1"), ("b", "1"), ("a", "2")]
    assert diversified(scores, [{"a"}]) == [k for k, _ in ranked(scores)]
