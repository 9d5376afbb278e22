"""The dsr-2 algorithm on its own (no database): every operating home has a known,
non-zero chance, the draws' frequencies match it, unknown risk levels are an error, a
draw is a function of its seed and inputs, and the teams keep the rules."""

from __future__ import annotations

import random
from collections import Counter
from fractions import Fraction

import pytest

from inspect_app.spot_checks import dsr2

DEPARTMENTS = ["civil_affairs", "fire", "market_regulation", "health"]


def inputs(n=60, ratios=None, streets=5, seed=7, inspectors=16, departments=("fire",)):
    rng = random.Random(seed)
    return dsr2.normalise(
        {
            "sample": {
                "class_ratios": ratios or {"A": 500, "B": 1000, "C": 2000, "D": 4000},
                "institutions": [
                    [i, f"街道{rng.randrange(streets)}", rng.choice("ABCD")]
                    for i in range(1, n + 1)
                ],
            },
            "team": {
                "team_size": 2,
                "departments": list(departments),
                "inspectors": [[100 + k, DEPARTMENTS[k % 4]] for k in range(inspectors)],
                "conflicts": [[100, 1], [101, 2]],
                "previous": [[102, 3]],
            },
        }
    )


def probabilities(data) -> dict[int, Fraction]:
    design = dsr2.design(data["sample"])
    return {row[0]: Fraction(*design.probability(row[2])) for row in data["sample"]["institutions"]}


@pytest.mark.parametrize(
    "ratios",
    [
        {"A": 500, "B": 1000, "C": 2000, "D": 4000},
        {"A": 2000, "B": 2000, "C": 2000, "D": 2000},  # a 20 % plan: nobody left out
        {"A": 1, "B": 1, "C": 1, "D": 1},  # a sample of one
        {"A": 500, "B": 500, "C": 10000, "D": 10000},  # whole classes taken
    ],
)
def test_every_home_has_a_known_nonzero_probability_summing_to_the_sample_size(ratios):
    data = inputs(ratios=ratios)
    design = dsr2.design(data["sample"])
    chances = probabilities(data)
    assert all(0 < p <= 1 for p in chances.values())
    assert sum(chances.values()) == design.n
    # never below the class's own ratio
    for row in data["sample"]["institutions"]:
        assert chances[row[0]] >= Fraction(ratios[row[2]], dsr2.SCALE)
    # the sample size: sum of ratio x class size, rounded up
    measure = sum(ratios[row[2]] for row in data["sample"]["institutions"])
    assert design.n == -(-measure // dsr2.SCALE)
    # and every draw takes exactly that many, whatever the seed
    for k in range(20):
        assert len(dsr2.sample(dsr2.Stream(f"s{k}"), data)) == design.n


def test_frequencies_over_many_draws_match_the_stated_probabilities():
    data = inputs(n=40, ratios={"A": 500, "B": 1500, "C": 3000, "D": 6000}, streets=4)
    chances = probabilities(data)
    draws = 4000
    counts = Counter(i for k in range(draws) for i in dsr2.sample(dsr2.Stream(f"f{k}"), data))
    for institution, p in chances.items():
        expected = float(p) * draws
        spread = (float(p) * (1 - float(p)) * draws) ** 0.5
        # within 4.5 standard deviations for each of 40 homes (false alarm ~ 1e-4)
        assert abs(counts[institution] - expected) <= 4.5 * spread + 1, (institution, p)
    assert set(counts) == set(chances)  # every home was drawn at some point


def test_unknown_risk_levels_and_malformed_ratios_are_errors():
    data = inputs()
    bad = {"sample": dict(data["sample"]), "team": data["team"]}
    bad["sample"]["institutions"] = [*data["sample"]["institutions"], [999, "街道0", "X"]]
    with pytest.raises(dsr2.DrawError, match="X"):
        dsr2.normalise(bad)
    for ratios in ({"A": 0, "B": 1, "C": 1, "D": 1}, {"A": 1, "B": 1, "C": 1}, {"A": 0.5}):
        broken = {"sample": {**data["sample"], "class_ratios": ratios}, "team": data["team"]}
        with pytest.raises(dsr2.DrawError):
            dsr2.normalise(broken)


def test_a_draw_is_a_function_of_seed_and_inputs_and_keeps_the_rules():
    data = inputs(n=80, inspectors=24, departments=("civil_affairs", "fire"))
    first, again = dsr2.run("seed", data), dsr2.run("seed", data)
    assert first == again
    assert dsr2.run("other", data).selections != first.selections
    barred = {tuple(p) for p in data["team"]["conflicts"] + data["team"]["previous"]}
    department = dict(map(tuple, data["team"]["inspectors"]))
    for selection in first.selections:
        team = selection.inspector_ids
        assert len(set(team)) == 2
        assert {department[i] for i in team} == {"civil_affairs", "fire"}
        assert not {(i, selection.institution_id) for i in team} & barred
    loads = Counter(i for s in first.selections for i in s.inspector_ids)
    by_department: dict[str, list[int]] = {}
    for inspector, d in department.items():
        by_department.setdefault(d, []).append(loads.get(inspector, 0))
    for d in ("civil_affairs", "fire"):
        assert max(by_department[d]) - min(by_department[d]) <= 1
    assert dsr2.verify(
        "seed", data, dsr2.hashes(data)["input_hash"], [s.as_dict() for s in first.selections]
    )["ok"]


def test_a_pool_without_a_required_department_fails_naming_it():
    data = inputs(departments=("fire", "health"), inspectors=2)
    with pytest.raises(dsr2.DrawError, match="health"):
        dsr2.run("x", data)


def test_the_public_check_needs_only_the_sample_inputs():
    data = inputs()
    hashes = dsr2.hashes(data)
    drawn = [s.institution_id for s in dsr2.run("v", data).selections]
    assert dsr2.verify_sample("v", data["sample"], hashes["sample_hash"], drawn)
    assert not dsr2.verify_sample("v", data["sample"], hashes["sample_hash"], drawn[1:])
    assert not dsr2.verify_sample("w", data["sample"], hashes["sample_hash"], drawn)
