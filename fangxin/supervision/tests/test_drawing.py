"""The verifiable draw engine (fangxin-draw/1): selection, avoidance, balance, verification.

Pure Python: no database, no Django.
"""

import dataclasses
import math
import random
from collections import Counter

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from fangxin.supervision import drawing
from fangxin.supervision.drawing import DrawError, DrawRules, InspectorEntry, OperatorEntry

SECRET = "5f" * 32
PUBLIC = "2024-06-01 福彩3D 518"
STATIONS = ("s1", "s2", "s3", "s4")


def make_pools(operators=400, inspectors=24, key_share=0.05, seed=7, stations=STATIONS):
    rng = random.Random(seed)
    ops = [
        OperatorEntry(
            id=n,
            station=rng.choice(stations),
            risk_class=rng.choice("ABCD"),
            key_target=rng.random() < key_share,
        )
        for n in range(1, operators + 1)
    ]
    insp = [
        InspectorEntry(id=1000 + n, station=stations[n % len(stations)]) for n in range(inspectors)
    ]
    return ops, insp


def selection(result):
    return {s.operator_id: s for s in result.selected}


def loads(result):
    return Counter(i for s in result.selected for i in s.inspector_ids)


def eligible(o, inspectors, rules):
    return [
        i
        for i in inspectors
        if o.id not in i.conflicts and not (rules.avoid_own_station and i.station == o.station)
    ]


# --- determinism and dependence on the public value ---------------------------------------------


def test_same_inputs_give_the_same_result():
    ops, insp = make_pools()
    rules = DrawRules()
    first = drawing.run(ops, insp, rules, SECRET, PUBLIC)
    again = drawing.run(list(reversed(ops)), list(reversed(insp)), rules, SECRET, PUBLIC)
    assert first == again
    assert first.algorithm == drawing.ALGORITHM_VERSION == "fangxin-draw/1"
    assert first.result_hash == again.result_hash


def test_a_different_public_value_gives_a_different_selection():
    ops, insp = make_pools()
    rules = DrawRules(include_key_targets=False)
    one = drawing.run(ops, insp, rules, SECRET, PUBLIC)
    other = drawing.run(ops, insp, rules, SECRET, PUBLIC + "1")
    assert one.seed != other.seed
    assert set(selection(one)) != set(selection(other))
    assert one.result_hash != other.result_hash


def test_a_different_secret_gives_a_different_selection():
    ops, insp = make_pools()
    rules = DrawRules(include_key_targets=False)
    one = drawing.run(ops, insp, rules, SECRET, PUBLIC)
    other = drawing.run(ops, insp, rules, "6a" * 32, PUBLIC)
    assert set(selection(one)) != set(selection(other))


def test_public_value_is_normalised_full_width_and_blanks():
    ops, insp = make_pools(operators=50)
    rules = DrawRules()
    plain = drawing.run(ops, insp, rules, SECRET, "2024-06-01 05 12 33")
    typed = drawing.run(ops, insp, rules, SECRET, "  ２０２４-０６-０１\u3000 05  12\t33 \n")
    assert typed.result_hash == plain.result_hash
    assert typed.public_value == "2024-06-01 05 12 33"


def test_golden_result_pins_the_algorithm():
    """A change here without a new ALGORITHM_VERSION breaks every published draw's verification."""
    ops, insp = make_pools(operators=60, inspectors=8)
    result = drawing.run(ops, insp, DrawRules(stratify_by_station=True), SECRET, PUBLIC)
    assert result.pools_hash == GOLDEN_POOLS_HASH
    assert result.seed == GOLDEN_SEED
    assert result.result_hash == GOLDEN_RESULT_HASH
    assert drawing.result_to_json(result)[:3] == GOLDEN_FIRST_ROWS


GOLDEN_POOLS_HASH = "a06504ecbebbdb3707c9900f343d954ef88aaffe277214b116058d5e4f2be1b4"
GOLDEN_SEED = "8c5202af645e64eba49108cb4a5cd71cbd065bc8ce84b0223e3c2176b8d4673a"
GOLDEN_RESULT_HASH = "18ea062042b0e117a59acafd7709db36cebef1d90b10d5b383ec108c00468a57"
GOLDEN_FIRST_ROWS = [
    {"operator": 1, "inspectors": [1000, 1003], "reason": "quota:B"},
    {"operator": 2, "inspectors": [1002, 1006], "reason": "quota:A"},
    {"operator": 8, "inspectors": [1003, 1007], "reason": "key_target"},
]


# --- quotas, strata, rounding ------------------------------------------------------------------


def test_henan_defaults():
    rules = DrawRules()
    assert dict(rules.quotas) == {"A": 0.01, "B": 0.02, "C": 0.10, "D": 0.30}
    assert rules.include_key_targets and rules.avoid_own_station
    assert rules.inspectors_per_task == 2


def test_quota_per_risk_class():
    ops, insp = make_pools(operators=1000, key_share=0)
    rules = DrawRules(quotas={"A": 0.01, "B": 0.02, "C": 0.1, "D": 0.3})
    result = drawing.run(ops, insp, rules, SECRET, PUBLIC)
    sizes = Counter(o.risk_class for o in ops)
    drawn = Counter(s.reason for s in result.selected)
    for risk_class, ratio in rules.quotas.items():
        assert drawn[f"quota:{risk_class}"] == math.ceil(round(ratio * sizes[risk_class], 9))
    by_id = {o.id: o for o in ops}
    for s in result.selected:
        assert s.reason == f"quota:{by_id[s.operator_id].risk_class}"


def test_quota_per_station_when_stratified():
    ops, insp = make_pools(operators=1000, key_share=0)
    rules = DrawRules(quotas={"B": 0.05, "D": 3}, stratify_by_station=True)
    result = drawing.run(ops, insp, rules, SECRET, PUBLIC)
    by_id = {o.id: o for o in ops}
    sizes = Counter((o.risk_class, o.station) for o in ops)
    drawn = Counter(
        (by_id[s.operator_id].risk_class, by_id[s.operator_id].station) for s in result.selected
    )
    for station in STATIONS:
        assert drawn["B", station] == math.ceil(round(0.05 * sizes["B", station], 9))
        assert drawn["D", station] == 3  # a count is per stratum
        assert drawn["A", station] == drawn["C", station] == 0  # no quota, never drawn
    plan = drawing.preflight(ops, insp, rules)
    assert plan.total_selected == len(result.selected)
    assert {(s.risk_class, s.station) for s in plan.strata} == {
        (c, st_) for c in "BD" for st_ in STATIONS
    }


@pytest.mark.parametrize(
    ("size", "amount", "expected"),
    [
        (30, 0.1, 3),  # 0.1 * 30 is 3.0000000000000004 in binary floating point: still 3
        (300, 0.01, 3),  # likewise 3.0000000000000004
        (150, 0.01, 2),  # 1.5 rounds up
        (101, 0.02, 3),  # 2.02 rounds up
        (1, 0.01, 1),  # a non-empty stratum with a positive ratio gets at least one
        (40, 0.0, 0),
        (7, 1.0, 7),  # a ratio of 1.0 is everyone
        (3, 5, 3),  # a count is capped by the stratum
        (10, 1, 1),  # the integer 1 is one operator, not 100 %
        (10, 0, 0),
    ],
)
def test_ratio_rounding_and_counts(size, amount, expected):
    ops = [OperatorEntry(n, "s1", "C", False) for n in range(size)]
    insp = [InspectorEntry(100 + n, "s2") for n in range(2)]
    rules = DrawRules(quotas={"C": amount, "A": 1})  # the A quota keeps the selection non-empty
    ops.append(OperatorEntry(10_000, "s1", "A", False))
    [stratum] = [s for s in drawing.preflight(ops, insp, rules).strata if s.risk_class == "C"]
    assert (stratum.size, stratum.quota) == (size, expected)
    result = drawing.run(ops, insp, rules, SECRET, PUBLIC)
    assert sum(s.reason == "quota:C" for s in result.selected) == expected


def test_total_used_when_no_quotas():
    ops, insp = make_pools(operators=500, key_share=0)
    result = drawing.run(ops, insp, DrawRules(quotas={}, total=0.05), SECRET, PUBLIC)
    assert len(result.selected) == 25
    assert {s.reason for s in result.selected} == {"total"}
    per_station = DrawRules(quotas={}, total=4, stratify_by_station=True)
    result = drawing.run(ops, insp, per_station, SECRET, PUBLIC)
    by_id = {o.id: o for o in ops}
    assert Counter(by_id[s.operator_id].station for s in result.selected) == dict.fromkeys(
        STATIONS, 4
    )


def test_key_targets_are_all_included_beyond_the_quota():
    ops, insp = make_pools(operators=600, key_share=0.1)
    rules = DrawRules(quotas={"A": 0.01, "B": 0.01, "C": 0.01, "D": 0.01})
    result = drawing.run(ops, insp, rules, SECRET, PUBLIC)
    chosen = selection(result)
    keys = [o for o in ops if o.key_target]
    assert keys
    assert all(chosen[o.id].reason == "key_target" for o in keys)
    # The quota is computed over, and drawn from, the other members.
    others = Counter(o.risk_class for o in ops if not o.key_target)
    drawn = Counter(s.reason for s in result.selected)
    for risk_class in "ABCD":
        assert drawn[f"quota:{risk_class}"] == math.ceil(others[risk_class] * 0.01)


def test_key_targets_are_ordinary_members_when_not_included():
    ops, insp = make_pools(operators=600, key_share=0.1)
    rules = DrawRules(quotas={"A": 0.01}, include_key_targets=False)
    result = drawing.run(ops, insp, rules, SECRET, PUBLIC)
    assert {s.reason for s in result.selected} == {"quota:A"}
    assert len(result.selected) == math.ceil(sum(o.risk_class == "A" for o in ops) * 0.01)


# --- inspectors: avoidance and balance ----------------------------------------------------------


def test_teams_have_distinct_inspectors_never_of_the_operators_station():
    ops, insp = make_pools(operators=800)
    rules = DrawRules(inspectors_per_task=3)
    result = drawing.run(ops, insp, rules, SECRET, PUBLIC)
    stations = {i.id: i.station for i in insp}
    by_id = {o.id: o for o in ops}
    for s in result.selected:
        assert len(set(s.inspector_ids)) == 3
        assert list(s.inspector_ids) == sorted(s.inspector_ids)
        assert all(stations[i] != by_id[s.operator_id].station for i in s.inspector_ids)


def test_own_station_allowed_when_the_plan_says_so():
    ops = [OperatorEntry(n, "s1", "D", False) for n in range(10)]
    insp = [InspectorEntry(1, "s1"), InspectorEntry(2, "s1")]
    result = drawing.run(ops, insp, DrawRules(avoid_own_station=False), SECRET, PUBLIC)
    assert all(s.inspector_ids == (1, 2) for s in result.selected)


def test_declared_conflicts_are_always_avoided():
    ops = [OperatorEntry(n, "s1", "D", False) for n in range(1, 21)]
    insp = [
        InspectorEntry(1, "s2", frozenset({1, 2, 3})),
        InspectorEntry(2, "s2"),
        InspectorEntry(3, "s1"),
        InspectorEntry(4, "s1", frozenset({1})),
    ]
    rules = DrawRules(quotas={"D": 1.0}, avoid_own_station=False)
    result = drawing.run(ops, insp, rules, SECRET, PUBLIC)
    chosen = selection(result)
    assert chosen[1].inspector_ids == (2, 3)
    assert 1 not in chosen[2].inspector_ids and 1 not in chosen[3].inspector_ids


def test_loads_differ_by_at_most_one_without_avoidance():
    ops, insp = make_pools(operators=2000, inspectors=37, key_share=0.02)
    rules = DrawRules(avoid_own_station=False, inspectors_per_task=3)
    result = drawing.run(ops, insp, rules, SECRET, PUBLIC)
    counts = [loads(result).get(i.id, 0) for i in insp]
    assert max(counts) - min(counts) <= 1
    assert sum(counts) == 3 * len(result.selected)


def test_teams_vary():
    """The pair rank varies who is teamed with whom: no fixed pairs."""
    ops, insp = make_pools(operators=2000, inspectors=12, key_share=0)
    result = drawing.run(ops, insp, DrawRules(quotas={"D": 0.5}), SECRET, PUBLIC)
    pairs = Counter(s.inspector_ids for s in result.selected)
    assert len(pairs) > 30


# --- property tests ----------------------------------------------------------------------------

station_names = st.sampled_from(["s1", "s2", "s3"])
amounts = st.one_of(
    st.integers(min_value=0, max_value=6),
    st.floats(min_value=0, max_value=1, allow_nan=False),
)


@st.composite
def pools_and_rules(draw):
    op_ids = draw(st.lists(st.integers(1, 10_000), min_size=1, max_size=40, unique=True))
    ops = [
        OperatorEntry(
            id=i,
            station=draw(station_names),
            risk_class=draw(st.sampled_from(drawing.RISK_CLASSES)),
            key_target=draw(st.booleans()),
        )
        for i in op_ids
    ]
    insp_ids = draw(st.lists(st.integers(1, 10_000), min_size=1, max_size=12, unique=True))
    insp = [
        InspectorEntry(
            id=i,
            station=draw(station_names),
            conflicts=frozenset(draw(st.lists(st.sampled_from(op_ids), max_size=4))),
        )
        for i in insp_ids
    ]
    if draw(st.booleans()):
        quotas, total = draw(st.dictionaries(st.sampled_from(drawing.RISK_CLASSES), amounts)), None
    else:
        quotas, total = {}, draw(st.one_of(st.none(), amounts))
    rules = DrawRules(
        quotas=quotas,
        total=total,
        include_key_targets=draw(st.booleans()),
        stratify_by_station=draw(st.booleans()),
        inspectors_per_task=draw(st.integers(2, 4)),
        avoid_own_station=draw(st.booleans()),
    )
    return ops, insp, rules


PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(pools_and_rules(), st.text(min_size=1, max_size=10).filter(lambda t: t.strip()))
def test_avoidance_is_never_violated(case, public_value):
    ops, insp, rules = case
    assume(drawing.normalise_public_value(public_value))
    try:
        result = drawing.run(ops, insp, rules, SECRET, public_value)
    except DrawError as exc:
        assert exc.code in {"too_few_inspectors", "empty_selection"}
        if exc.code == "too_few_inspectors":
            [o] = [o for o in ops if o.id == exc.params["operator_id"]]
            assert len(eligible(o, insp, rules)) < rules.inspectors_per_task
            assert str(o.id) in str(exc)
        return
    by_id = {o.id: o for o in ops}
    stations = {i.id: i.station for i in insp}
    conflicts = {i.id: i.conflicts for i in insp}
    for s in result.selected:
        o = by_id[s.operator_id]
        assert len(set(s.inspector_ids)) == rules.inspectors_per_task
        for inspector_id in s.inspector_ids:
            assert o.id not in conflicts[inspector_id]
            if rules.avoid_own_station:
                assert stations[inspector_id] != o.station
        if rules.include_key_targets and o.key_target:
            assert s.reason == "key_target"
    if rules.include_key_targets:
        assert {o.id for o in ops if o.key_target} <= set(selection(result))


@PROPERTY
@given(pools_and_rules())
def test_load_is_bounded(case):
    """Least-loaded first: an inspector's load never exceeds T // (e - k + 1) + 1, with T the
    tasks, k the team size and e the fewest eligible inspectors of any selected operator."""
    ops, insp, rules = case
    try:
        result = drawing.run(ops, insp, rules, SECRET, PUBLIC)
    except DrawError:
        return
    by_id = {o.id: o for o in ops}
    k = rules.inspectors_per_task
    tasks = k * len(result.selected)
    fewest = min(len(eligible(by_id[s.operator_id], insp, rules)) for s in result.selected)
    assert max(loads(result).values()) <= tasks // (fewest - k + 1) + 1
    if not rules.avoid_own_station and not any(i.conflicts for i in insp):
        counts = [loads(result).get(i.id, 0) for i in insp]
        assert max(counts) - min(counts) <= 1


@PROPERTY
@given(pools_and_rules(), st.randoms(use_true_random=False))
def test_canonical_json_is_stable_under_permutation(case, rng):
    ops, insp, rules = case
    shuffled_ops, shuffled_insp = ops[:], insp[:]
    rng.shuffle(shuffled_ops)
    rng.shuffle(shuffled_insp)
    reordered = DrawRules(
        **{**dataclasses.asdict(rules), "quotas": dict(reversed(rules.quotas.items()))}
    )
    canonical = drawing.canonical_pools(ops, insp, rules)
    assert drawing.canonical_pools(shuffled_ops, shuffled_insp, reordered) == canonical
    assert b" " not in canonical.replace(b'"s1"', b"")  # no blanks between tokens
    try:
        result = drawing.run(ops, insp, rules, SECRET, PUBLIC)
    except DrawError:
        return
    assert drawing.run(shuffled_ops, shuffled_insp, reordered, SECRET, PUBLIC) == result


@PROPERTY
@given(pools_and_rules())
def test_preflight_passing_means_every_public_value_draws(case):
    ops, insp, rules = case
    try:
        plan = drawing.preflight(ops, insp, rules)
    except DrawError:
        return
    for value in ("1", "2", "3"):
        assert len(drawing.run(ops, insp, rules, SECRET, value).selected) == plan.total_selected


# --- refusals ----------------------------------------------------------------------------------


def test_draw_error_is_a_value_error_with_a_code():
    assert issubclass(DrawError, ValueError)


@pytest.mark.parametrize("per_task", [0, 1])
def test_fewer_than_two_inspectors_per_task_refused(per_task):
    with pytest.raises(DrawError) as caught:
        DrawRules(inspectors_per_task=per_task)
    assert caught.value.code == "too_few_inspectors_per_task"
    assert "at least 2" in str(caught.value)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"quotas": {"E": 0.1}},
        {"quotas": {"A": 1.5}},
        {"quotas": {"A": -1}},
        {"quotas": {"A": float("nan")}},
        {"quotas": {"A": "0.1"}},
        {"quotas": {"A": True}},
        {"quotas": {"A": 0.1}, "total": 10},
        {"quotas": {}, "total": 2.5},
        {"inspectors_per_task": 2.0},
        {"avoid_own_station": "yes"},
    ],
)
def test_bad_rules_refused(kwargs):
    with pytest.raises(DrawError) as caught:
        DrawRules(**kwargs)
    assert caught.value.code == "bad_rules"


def test_empty_pools_refused():
    ops, insp = make_pools(operators=10)
    with pytest.raises(DrawError) as caught:
        drawing.run([], insp, DrawRules(), SECRET, PUBLIC)
    assert caught.value.code == "empty_operator_pool"
    with pytest.raises(DrawError) as caught:
        drawing.run(ops, [], DrawRules(), SECRET, PUBLIC)
    assert caught.value.code == "empty_inspector_pool"
    with pytest.raises(DrawError) as caught:
        drawing.preflight(ops, [], DrawRules())
    assert caught.value.code == "empty_inspector_pool"


def test_too_few_inspectors_after_avoidance_names_the_operator():
    ops = [OperatorEntry(1, "s1", "D", False), OperatorEntry(2, "s2", "D", False)]
    insp = [InspectorEntry(10, "s1"), InspectorEntry(11, "s1"), InspectorEntry(12, "s2")]
    rules = DrawRules(quotas={"D": 1.0})
    with pytest.raises(DrawError) as caught:
        drawing.run(ops, insp, rules, SECRET, PUBLIC)
    assert caught.value.code == "too_few_inspectors"
    assert caught.value.params == {"operator_id": 1, "station": "s1", "eligible": 1, "needed": 2}
    assert "operator 1" in str(caught.value)
    # A conflict on top of it also counts.
    insp = [InspectorEntry(10, "s2", frozenset({1})), InspectorEntry(11, "s2")]
    with pytest.raises(DrawError) as caught:
        drawing.preflight(ops[:1], insp, rules)
    assert caught.value.params["operator_id"] == 1
    assert caught.value.params["eligible"] == 1


def test_too_few_inspectors_checked_whatever_the_seed():
    """Operator 1 could be drawn, so the plan is refused even if this seed would skip it."""
    ops = [OperatorEntry(n, "s2", "A", False) for n in range(2, 200)]
    ops.append(OperatorEntry(1, "s1", "A", False))
    insp = [InspectorEntry(10, "s1"), InspectorEntry(11, "s2"), InspectorEntry(12, "s1")]
    with pytest.raises(DrawError) as caught:
        drawing.preflight(ops, insp, DrawRules(quotas={"A": 1}))
    assert caught.value.code == "too_few_inspectors"
    # An operator in a class without a quota is never drawn, so it does not count.
    ops[-1] = OperatorEntry(1, "s1", "B", False)
    assert drawing.preflight(ops, insp, DrawRules(quotas={"A": 1})).total_selected == 1


def test_nothing_to_draw_refused():
    ops, insp = make_pools(operators=20, key_share=0)
    with pytest.raises(DrawError) as caught:
        drawing.run(ops, insp, DrawRules(quotas={"A": 0.0}), SECRET, PUBLIC)
    assert caught.value.code == "empty_selection"


@pytest.mark.parametrize(
    ("ops", "insp", "code"),
    [
        ([OperatorEntry(1, "s1", "A"), OperatorEntry(1, "s2", "B")], [], "duplicate_operator"),
        ([OperatorEntry(1, "s1", "E")], [], "bad_operator"),
        ([OperatorEntry(True, "s1", "A")], [], "bad_operator"),
        ([], [InspectorEntry(1, "s1"), InspectorEntry(1, "s1")], "duplicate_inspector"),
        ([], [InspectorEntry(1, "s1", frozenset({"x"}))], "bad_inspector"),
    ],
)
def test_bad_pools_refused(ops, insp, code):
    with pytest.raises(DrawError) as caught:
        drawing.canonical_pools(ops, insp, DrawRules())
    assert caught.value.code == code


def test_empty_secret_or_public_value_refused():
    ops, insp = make_pools(operators=20)
    with pytest.raises(DrawError) as caught:
        drawing.run(ops, insp, DrawRules(), "", PUBLIC)
    assert caught.value.code == "empty_secret"
    with pytest.raises(DrawError) as caught:
        drawing.run(ops, insp, DrawRules(), SECRET, " \u3000\n")
    assert caught.value.code == "empty_public_value"


# --- commitment and verification ----------------------------------------------------------------


def test_commitment_does_not_reveal_the_secret():
    secret = drawing.make_secret()
    assert len(secret) == 64 and int(secret, 16) >= 0
    assert secret != drawing.make_secret()
    committed = drawing.commitment("ab" * 32, secret)
    assert secret not in committed
    assert secret[:16] not in committed
    assert len(committed) == 64
    assert drawing.commitment("ab" * 32, drawing.make_secret()) != committed


@pytest.fixture
def published():
    ops, insp = make_pools(operators=300, inspectors=16)
    rules = DrawRules(stratify_by_station=True)
    secret = drawing.make_secret()
    hashed = drawing.pools_hash(ops, insp, rules)
    committed = drawing.commitment(hashed, secret)
    result = drawing.run(ops, insp, rules, secret, PUBLIC)
    assert result.commitment == committed and result.pools_hash == hashed
    return {
        "operators": ops,
        "inspectors": insp,
        "rules": rules,
        "secret": secret,
        "public_value": PUBLIC,
        "commitment": committed,
        "result_hash": result.result_hash,
        "pools_hash": hashed,
        "seed": result.seed,
    }


def test_an_untouched_draw_verifies(published):
    report = drawing.verify(**published)
    assert report.ok, report.problems
    assert report.problems == [] and report.codes == []
    minimal = {k: v for k, v in published.items() if k not in {"pools_hash", "seed"}}
    assert drawing.verify(**minimal).ok


def _replace(items, index, **changes):
    items = list(items)
    items[index] = dataclasses.replace(items[index], **changes)
    return items


TAMPERING = {
    "operator added": (
        lambda p: {"operators": [*p["operators"], OperatorEntry(99_999, "s1", "A", False)]},
        "pools_hash_mismatch",
    ),
    "operator removed": (lambda p: {"operators": p["operators"][1:]}, "pools_hash_mismatch"),
    "operator class changed": (
        lambda p: {
            "operators": _replace(
                p["operators"], 5, risk_class="D" if p["operators"][5].risk_class != "D" else "A"
            )
        },
        "pools_hash_mismatch",
    ),
    "operator station changed": (
        lambda p: {"operators": _replace(p["operators"], 5, station="elsewhere")},
        "pools_hash_mismatch",
    ),
    "key target flag flipped": (
        lambda p: {
            "operators": _replace(p["operators"], 5, key_target=not p["operators"][5].key_target)
        },
        "pools_hash_mismatch",
    ),
    "inspector removed": (lambda p: {"inspectors": p["inspectors"][:-1]}, "pools_hash_mismatch"),
    "inspector conflict added": (
        lambda p: {"inspectors": _replace(p["inspectors"], 0, conflicts=frozenset({1}))},
        "pools_hash_mismatch",
    ),
    "rules: quota": (
        lambda p: {"rules": dataclasses.replace(p["rules"], quotas={"A": 0.02})},
        "pools_hash_mismatch",
    ),
    "rules: stratification": (
        lambda p: {"rules": dataclasses.replace(p["rules"], stratify_by_station=False)},
        "pools_hash_mismatch",
    ),
    "rules: key targets": (
        lambda p: {"rules": dataclasses.replace(p["rules"], include_key_targets=False)},
        "pools_hash_mismatch",
    ),
    "rules: team size": (
        lambda p: {"rules": dataclasses.replace(p["rules"], inspectors_per_task=3)},
        "pools_hash_mismatch",
    ),
    "rules: avoidance": (
        lambda p: {"rules": dataclasses.replace(p["rules"], avoid_own_station=False)},
        "pools_hash_mismatch",
    ),
    "secret": (lambda p: {"secret": drawing.make_secret()}, "commitment_mismatch"),
    "public value": (lambda p: {"public_value": PUBLIC + " 7"}, "result_hash_mismatch"),
    "result hash": (lambda p: {"result_hash": "0" * 64}, "result_hash_mismatch"),
    "commitment": (lambda p: {"commitment": "0" * 64}, "commitment_mismatch"),
    "published pools hash": (lambda p: {"pools_hash": "0" * 64}, "pools_hash_mismatch"),
    "published seed": (lambda p: {"seed": "0" * 64}, "seed_mismatch"),
}


@pytest.mark.parametrize("what", TAMPERING)
def test_tampering_fails_verification(published, what):
    change, code = TAMPERING[what]
    tampered = {**published, **change(published)}
    report = drawing.verify(**tampered)
    assert not report.ok
    assert code in report.codes, report.problems
    assert len(report.codes) == len(report.problems)
    # Without the optional published pools hash and seed, every changed input still fails.
    if what not in {"published pools hash", "published seed"}:
        minimal = {k: v for k, v in tampered.items() if k not in {"pools_hash", "seed"}}
        assert not drawing.verify(**minimal).ok


def test_verify_tells_a_changed_secret_from_changed_pools(published):
    report = drawing.verify(**{**published, "secret": drawing.make_secret()})
    assert "pools_hash_mismatch" not in report.codes
    assert set(report.codes) == {"commitment_mismatch", "seed_mismatch", "result_hash_mismatch"}
    changed = published["operators"][1:]
    report = drawing.verify(**{**published, "operators": changed})
    assert "commitment_mismatch" not in report.codes  # the secret itself is right
    assert "pools_hash_mismatch" in report.codes


def test_verify_reports_pools_that_cannot_be_read(published):
    twice = [*published["operators"], published["operators"][0]]
    report = drawing.verify(**{**published, "operators": twice})
    assert report.codes == ["bad_pools"]


def test_pools_round_trip_through_json_dicts():
    ops, insp = make_pools(operators=30)
    insp[0] = dataclasses.replace(insp[0], conflicts=frozenset({3, 1, 2}))
    assert drawing.asdict_inspector(insp[0])["conflicts"] == [1, 2, 3]
    assert [drawing.operator_from_dict(drawing.asdict_operator(o)) for o in ops] == ops
    assert [drawing.inspector_from_dict(drawing.asdict_inspector(i)) for i in insp] == insp
    result = drawing.run(ops, insp, DrawRules(), SECRET, PUBLIC)
    rows = drawing.result_to_json(result)
    assert [r["operator"] for r in rows] == sorted(r["operator"] for r in rows)
    assert set(rows[0]) == {"operator", "inspectors", "reason"}
