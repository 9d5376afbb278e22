"""The draw itself (``inspect_app/spot_checks/draw.py``), without a database: determinism,
the hash, the hard rules under generated pools, and the designed selection frequencies."""

from __future__ import annotations

import copy
import math
from collections import Counter, defaultdict

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inspect_app.spot_checks import draw

DEPARTMENTS = ["civil_affairs", "fire", "market_regulation", "health"]


def pool(n_institutions=60, n_inspectors=16, streets=3, **params) -> dict:
    inputs = {
        "algorithm": draw.ALGORITHM,
        "sample_size": 12,
        "sample_ratio": None,
        "team_size": 2,
        "departments": ["civil_affairs", "fire"],
        "risk_weighted": False,
        "institutions": [
            [i, f"街道{i % streets}", "ABCD"[i % 4], i % 11 == 0, i % 5 == 0]
            for i in range(1, n_institutions + 1)
        ],
        "inspectors": [[100 + k, DEPARTMENTS[k % 4]] for k in range(n_inspectors)],
        "conflicts": [[100, 1], [101, 2], [102, 3]],
        "previous": [[103, 4], [104, 5]],
    }
    inputs.update(params)
    return inputs


def check_hard_rules(inputs: dict, selections: list[draw.Selection]) -> None:
    """Every rule the draw promises, checked from the outside."""
    inputs = draw.normalise(inputs)
    department_of = {i: d for i, d in inputs["inspectors"]}
    barred = defaultdict(set)
    for inspector, institution in inputs["conflicts"] + inputs["previous"]:
        barred[institution].add(inspector)
    operating = {row[0] for row in inputs["institutions"]}
    assert len(selections) == draw.sample_size(inputs)
    assert len({s.institution_id for s in selections}) == len(selections)
    loads = Counter()
    for selection in selections:
        team = selection.inspector_ids
        assert selection.institution_id in operating
        assert len(team) == inputs["team_size"] == len(set(team))
        assert not set(team) & barred[selection.institution_id], "conflict or repeat visit"
        assert set(inputs["departments"]) <= {department_of[i] for i in team}
        loads.update(team)
    # Workload: nobody has 2 visits more than an inspector who could take one of them
    # (allowed there, not on the team, the required departments still covered).
    everyone = {i: loads.get(i, 0) for i in department_of}
    for selection in selections:
        team = list(selection.inspector_ids)
        for member in team:
            for other, load in everyone.items():
                if load > everyone[member] - 2 or other in team:
                    continue
                if other in barred[selection.institution_id]:
                    continue
                after = {department_of[i] for i in team if i != member} | {department_of[other]}
                assert not set(inputs["departments"]) <= after, (member, other, selection)


def test_the_same_seed_and_inputs_give_the_same_draw():
    inputs = pool()
    first = draw.run("20261201", inputs)
    again = draw.run("20261201", copy.deepcopy(inputs))
    assert first == again
    # the order the inputs arrive in does not matter: they are sorted by id
    shuffled = copy.deepcopy(inputs)
    shuffled["institutions"].reverse()
    shuffled["inspectors"].reverse()
    assert draw.run("20261201", shuffled) == first
    assert draw.input_hash(draw.normalise(shuffled)) == draw.input_hash(draw.normalise(inputs))


def test_another_seed_gives_another_draw():
    inputs = pool()
    assert draw.run("1", inputs) != draw.run("2", inputs)


@pytest.mark.parametrize(
    "change",
    [
        lambda i: i["institutions"][0].__setitem__(2, "D"),
        lambda i: i["institutions"][5].__setitem__(1, "新街道"),
        lambda i: i["institutions"].pop(),
        lambda i: i["inspectors"].pop(),
        lambda i: i["conflicts"].append([105, 9]),
        lambda i: i["previous"].append([105, 10]),
        lambda i: i.__setitem__("team_size", 3),
        lambda i: i.__setitem__("risk_weighted", True),
    ],
)
def test_any_change_of_input_changes_the_hash(change):
    inputs = pool()
    before = draw.input_hash(draw.normalise(inputs))
    changed = copy.deepcopy(inputs)
    change(changed)
    assert draw.input_hash(draw.normalise(changed)) != before


def test_verify_detects_a_tampered_draw():
    inputs = draw.normalise(pool())
    selections = [s.as_dict() for s in draw.run("abc", inputs)]
    recorded_hash = draw.input_hash(inputs)
    assert draw.verify("abc", inputs, recorded_hash, selections)["ok"]
    assert not draw.verify("abd", inputs, recorded_hash, selections)["ok"]
    forged = copy.deepcopy(selections)
    forged[0]["institution_id"] = 999
    assert not draw.verify("abc", inputs, recorded_hash, forged)["ok"]
    other = copy.deepcopy(inputs)
    other["institutions"].pop()
    assert not draw.verify("abc", other, recorded_hash, selections)["hash_ok"]


def test_the_ratio_is_rounded_up():
    assert draw.sample_size(pool(n_institutions=50, sample_size=None, sample_ratio=0.1)) == 5
    assert draw.sample_size(pool(n_institutions=51, sample_size=None, sample_ratio=0.1)) == 6
    assert draw.sample_size(pool(n_institutions=3, sample_size=None, sample_ratio=0.05)) == 1
    assert draw.sample_size(pool(n_institutions=3, sample_size=10)) == 3


def test_each_street_gets_its_share():
    inputs = pool(n_institutions=90, streets=3, sample_size=30)
    streets = Counter(i % 3 for i in (s.institution_id for s in draw.run("x", inputs)))
    assert streets == {0: 10, 1: 10, 2: 10}


def test_a_department_the_pool_lacks_fails_the_draw_naming_it():
    inputs = pool(departments=["civil_affairs", "health"])
    inputs["inspectors"] = [i for i in inputs["inspectors"] if i[1] != "health"]
    with pytest.raises(draw.DrawError) as failure:
        draw.run("x", inputs)
    assert "health" in str(failure.value)


def test_an_institution_everyone_is_barred_from_fails_the_draw_naming_it():
    inputs = pool(n_institutions=1, sample_size=1, departments=[])
    inputs["conflicts"] = [[inspector, 1] for inspector, _ in inputs["inspectors"]][:-1]
    with pytest.raises(draw.DrawError) as failure:
        draw.run("x", inputs)
    assert "Institution 1" in str(failure.value)


@st.composite
def pools(draw_):
    n_institutions = draw_(st.integers(1, 40))
    n_inspectors = draw_(st.integers(4, 24))
    institutions = [
        [
            i,
            draw_(st.sampled_from(["甲", "乙", "丙"])),
            draw_(st.sampled_from("ABCD")),
            draw_(st.booleans()),
            draw_(st.booleans()),
        ]
        for i in range(1, n_institutions + 1)
    ]
    inspectors = [[100 + k, DEPARTMENTS[k % 4]] for k in range(n_inspectors)]
    pairs = st.tuples(st.integers(100, 99 + n_inspectors), st.integers(1, n_institutions))
    departments = draw_(st.lists(st.sampled_from(DEPARTMENTS), unique=True, max_size=3))
    team_size = draw_(st.integers(max(2, len(departments)), 4))
    by_size = draw_(st.booleans())
    return {
        "algorithm": draw.ALGORITHM,
        "sample_size": draw_(st.integers(1, n_institutions)) if by_size else None,
        "sample_ratio": None if by_size else draw_(st.floats(0.01, 1.0)),
        "team_size": team_size,
        "departments": departments,
        "risk_weighted": draw_(st.booleans()),
        "institutions": institutions,
        "inspectors": inspectors,
        "conflicts": [list(p) for p in draw_(st.lists(pairs, max_size=20))],
        "previous": [list(p) for p in draw_(st.lists(pairs, max_size=20))],
    }


@given(inputs=pools(), seed=st.text(min_size=1, max_size=20))
@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_draw_breaks_a_hard_rule(inputs, seed):
    try:
        selections = draw.run(seed, inputs)
    except draw.DrawError as error:
        assert error.shortages  # a failure always says what is short
        return
    check_hard_rules(inputs, selections)
    assert draw.run(seed, inputs) == selections


@pytest.mark.parametrize("risk_weighted", [False, True])
def test_selection_frequencies_match_the_designed_probabilities(risk_weighted):
    """Chi-square over 2,000 fixed seeds: each institution is drawn as often as its
    inclusion probability says (df = institutions - 1; p > 0.001)."""
    inputs = pool(
        n_institutions=30, n_inspectors=12, streets=2, sample_size=6, risk_weighted=risk_weighted
    )
    inputs["conflicts"] = inputs["previous"] = []
    expected = draw.inclusion_probabilities(inputs)
    assert math.isclose(sum(expected.values()), 6)
    runs = 2000
    counts = Counter()
    for seed in range(runs):
        counts.update(s.institution_id for s in draw.run(f"seed-{seed}", inputs))
    # each draw picks exactly 6: frequencies of inclusion, chi-square on the counts
    chi2 = sum((counts[i] - runs * p) ** 2 / (runs * p) for i, p in expected.items() if p > 0)
    df = len(expected) - 1
    # the 0.999 quantile of chi-square with 29 degrees of freedom is 58.30
    assert df == 29
    assert chi2 < 58.30, (chi2, counts, expected)
    if risk_weighted:  # higher risk, drawn more often
        d_class = [i for i, row in enumerate(inputs["institutions"], 1) if row[2] == "D"]
        a_class = [i for i, row in enumerate(inputs["institutions"], 1) if row[2] == "A"]
        assert sum(counts[i] for i in d_class) > 3 * sum(counts[i] for i in a_class)
