"""The score engine: boundaries, vetoes, area floors, and its properties (Hypothesis)."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fangxin.evaluation import engine, rubric
from fangxin.evaluation.engine import Entry

RUBRIC = rubric.default("livestream")
KEYS = [(d.code, c.code) for d in RUBRIC.dimensions for c in d.criteria]
MAX = {(d.code, c.code): c.points for d in RUBRIC.dimensions for c in d.criteria}


def full_marks(minus=Decimal(0), where=("department", "conduct")):
    entries = [Entry(d, c, MAX[d, c], "default") for d, c in KEYS]
    if minus:
        entries.append(Entry(*where, -minus, "finding"))
    return entries


def short_of_full(minus):
    """Full marks less ``minus`` (12 to 18) points: 12 off monitoring, the rest off conduct."""
    return [
        *full_marks(Decimal(12), ("monitoring", "online")),
        Entry("department", "conduct", Decimal(12) - Decimal(minus), "finding"),
    ]


@pytest.mark.parametrize(
    ("minus", "published", "candidate"),
    [
        ("15.05", "85.0", True),  # 84.95 is published as 85.0, which reaches 85
        ("15.06", "84.9", False),  # 84.94 is published as 84.9
        ("15", "85.0", True),
        ("15.1", "84.9", False),
    ],
)
def test_the_published_figure_is_compared_with_the_threshold(minus, published, candidate):
    result = engine.evaluate(RUBRIC, short_of_full(minus))
    assert result.published == Decimal(published)
    assert result.candidate is candidate
    if not candidate:
        assert [r.code for r in result.reasons] == [engine.BELOW_THRESHOLD]


def test_a_veto_beats_100_points():
    result = engine.evaluate(RUBRIC, [*full_marks(), Entry("", "", Decimal(0), engine.VETO)])
    assert result.published == 100
    assert not result.candidate
    assert [r.code for r in result.reasons] == [engine.VETOED]


def test_a_blocked_area_beats_95_points():
    result = engine.evaluate(RUBRIC, full_marks(Decimal(7), ("department", "quality")))
    assert result.published == 93  # 100 − 7
    entries = full_marks(Decimal(5), ("department", "consumer_rights"))
    result = engine.evaluate(RUBRIC, entries)
    assert result.published == 95
    assert not result.candidate
    assert result.reasons == (engine.Reason(engine.BLOCKED_AREA, "department", "consumer_rights"),)


def test_a_deduction_beyond_the_criterion_is_capped_at_zero():
    result = engine.evaluate(RUBRIC, full_marks(Decimal(30), ("department", "conduct")))
    score = result.criteria["department", "conduct"]
    assert score.raw == -24 and score.score == 0 and score.capped
    assert result.published == 94


def test_the_near_misses_are_within_two_points():
    assert engine.evaluate(RUBRIC, short_of_full(15)).near_miss() is False  # a candidate
    assert engine.evaluate(RUBRIC, short_of_full(Decimal("15.1"))).near_miss()
    assert engine.evaluate(RUBRIC, short_of_full(Decimal("17"))).near_miss()
    assert not engine.evaluate(RUBRIC, short_of_full(Decimal("17.1"))).near_miss()
    assert not engine.evaluate(RUBRIC, full_marks()).near_miss()


def test_what_if_another_threshold_and_weights_change_only_the_answer():
    entries = full_marks(Decimal(12), ("monitoring", "online"))  # 88: monitoring 8 of 20
    assert engine.evaluate(RUBRIC, entries).candidate
    assert not engine.evaluate(RUBRIC, entries, threshold=Decimal(90)).candidate
    weights = {"department": Decimal(40), "monitoring": Decimal(30)}
    result = engine.evaluate(RUBRIC, entries, weights=weights)
    assert result.dimensions["monitoring"] == 12  # 8/20 of 30
    assert result.published == Decimal(82)


def test_entries_outside_the_rubric_are_set_aside():
    result = engine.evaluate(RUBRIC, [Entry("department", "gone", Decimal(5))])
    assert result.total == 0 and len(result.unplaced) == 1


# --- properties -------------------------------------------------------------------------------

points = st.decimals(min_value=-20, max_value=20, places=2, allow_nan=False, allow_infinity=False)
entries = st.lists(
    st.builds(Entry, st.sampled_from(KEYS).map(lambda k: k[0]), st.just(""), points),
    max_size=0,
) | st.lists(
    st.tuples(st.sampled_from(KEYS), points).map(lambda t: Entry(t[0][0], t[0][1], t[1])),
    max_size=40,
)


@settings(max_examples=150, deadline=None)
@given(entries, st.randoms())
def test_the_order_of_entries_never_matters(ledger, random):
    shuffled = list(ledger)
    random.shuffle(shuffled)
    assert engine.evaluate(RUBRIC, ledger) == engine.evaluate(RUBRIC, shuffled)


@settings(max_examples=150, deadline=None)
@given(entries, st.sampled_from(KEYS), st.decimals(min_value="0.01", max_value=30, places=2))
def test_adding_a_deduction_never_raises_a_score(ledger, key, amount):
    before = engine.evaluate(RUBRIC, ledger)
    after = engine.evaluate(RUBRIC, [*ledger, Entry(key[0], key[1], -amount)])
    assert after.total <= before.total
    assert after.published <= before.published
    for k in KEYS:
        assert after.criteria[k].score <= before.criteria[k].score
    assert not (after.candidate and not before.candidate)


@settings(max_examples=150, deadline=None)
@given(entries)
def test_a_criterion_never_leaves_zero_to_its_points(ledger):
    result = engine.evaluate(RUBRIC, ledger)
    for key, score in result.criteria.items():
        assert 0 <= score.score <= MAX[key]
    assert 0 <= result.total <= 100
