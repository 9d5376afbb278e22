"""A second implementation of the draw `dsr-2`, written from docs/dsr-2.md alone.

This module imports nothing of the project: it re-implements the specification
(plainly, without the project's heaps or shortcuts) and compares its results with the
project's draws on a few hundred random inputs. The project's implementation runs in a
separate Python process, fed the same inputs as JSON, so that nothing of it can leak in
here. Every difference is printed with the case that shows it.
"""

from __future__ import annotations

import hashlib
import json
import random
import subprocess
import sys
from fractions import Fraction
from math import gcd
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CLASSES = ["A", "B", "C", "D"]
DEPARTMENTS = ["civil_affairs", "fire", "market_regulation", "health"]
STREETS = ["岳阳街道", "泗泾镇", "中山街道", "Zone B", "zone b", "𠀀新区", "方松街道", "车墩镇"]


class Failed(Exception):
    def __init__(self, messages):
        super().__init__(messages)
        self.messages = messages


# -- §1 canonical JSON, written out rather than borrowed --------------------------------

SHORT_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f"}
SHORT_ESCAPES["\r"] = "\\r"


def _string(text: str) -> str:
    out = ['"']
    for ch in text:
        if ch in SHORT_ESCAPES:
            out.append(SHORT_ESCAPES[ch])
        elif ord(ch) < 0x20:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _text(value) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, list):
        return "[" + ",".join(_text(v) for v in value) + "]"
    if isinstance(value, dict):
        keys = sorted(value, key=lambda k: [ord(c) for c in k])
        return "{" + ",".join(_string(k) + ":" + _text(value[k]) for k in keys) + "}"
    raise TypeError(type(value))


def canonical(value) -> bytes:
    return _text(value).encode("utf-8")


def hexhash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def code_points(text: str) -> list[int]:
    return [ord(c) for c in text]


# -- §2 the inputs ------------------------------------------------------------------------


def normalise(raw: dict) -> dict:
    sample, team = raw["sample"], raw["team"]
    ratios = sample["class_ratios"]
    problems = []
    if sorted(ratios) != CLASSES:
        problems.append("keys")
    for value in ratios.values():
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 10000:
            problems.append("ratio")
    institutions = sorted((list(r) for r in sample["institutions"]), key=lambda r: r[0])
    if any(r[2] not in CLASSES for r in institutions):
        problems.append("class")
    if len({r[0] for r in institutions}) != len(institutions):
        problems.append("institution twice")
    inspectors = sorted((list(r) for r in team["inspectors"]), key=lambda r: r[0])
    if len({r[0] for r in inspectors}) != len(inspectors):
        problems.append("inspector twice")
    departments = sorted(set(team["departments"]), key=code_points)
    size = team["team_size"]
    if not isinstance(size, int) or size < max(1, len(departments)):
        problems.append("team size")
    if problems:
        raise Failed(["refused"])
    return {
        "algorithm": "dsr-2",
        "sample": {"class_ratios": dict(ratios), "institutions": institutions},
        "team": {
            "team_size": size,
            "departments": departments,
            "inspectors": inspectors,
            "conflicts": [list(p) for p in sorted({tuple(p) for p in team["conflicts"]})],
            "previous": [list(p) for p in sorted({tuple(p) for p in team["previous"]})],
        },
    }


def hashes(inputs: dict) -> dict:
    sample_hash = hexhash(canonical(inputs["sample"]))
    team_hash = hexhash(canonical(inputs["team"]))
    joined = {"algorithm": "dsr-2", "sample": sample_hash, "team": team_hash}
    return {
        "sample_hash": sample_hash,
        "team_hash": team_hash,
        "input_hash": hexhash(canonical(joined)),
    }


# -- §3 the random numbers ---------------------------------------------------------------


class Generator:
    def __init__(self, seed: str):
        self.key = hashlib.sha256(("dsr-2\n" + seed).encode("utf-8")).digest()
        self.counter = 0

    def next_u64(self) -> int:
        block = hashlib.sha256(self.key + self.counter.to_bytes(8, "big")).digest()
        self.counter += 1
        return int.from_bytes(block[:8], "big")

    def below(self, n: int) -> int:
        limit = 2**64 - (2**64 % n)
        while True:
            x = self.next_u64()
            if x < limit:
                return x % n


# -- §4 the institutions --------------------------------------------------------------------


def institution_step(gen: Generator, sample: dict) -> tuple[list[int], dict]:
    rows, ratio = sample["institutions"], sample["class_ratios"]
    size = {c: sum(1 for r in rows if r[2] == c) for c in CLASSES}
    total_measure = sum(ratio[c] * size[c] for c in CLASSES)
    n = (total_measure + 10000 - 1) // 10000
    certain: set[str] = set()
    while True:
        m = n - sum(size[c] for c in certain)
        w = sum(ratio[c] * size[c] for c in CLASSES if c not in certain)
        newly = {c for c in CLASSES if c not in certain and size[c] > 0 and m * ratio[c] >= w}
        if not newly:
            break
        certain |= newly

    def probability(c: str) -> str:
        if c in certain:
            return "1/1"
        if w == 0:
            return "0/1"
        p = Fraction(m * ratio[c], w)
        assert gcd(p.numerator, p.denominator) == 1
        return f"{p.numerator}/{p.denominator}"

    design = {
        "sample_size": n,
        "classes": {
            c: {"size": size[c], "ratio": ratio[c], "probability": probability(c)} for c in CLASSES
        },
    }
    if not rows:
        raise Failed(["没有可抽取的在营机构 / No operating institution to draw"])
    drawn = [r[0] for r in rows if r[2] in certain]
    if m > 0:
        start = gen.below(w)
        rest = sorted(
            (r for r in rows if r[2] not in certain), key=lambda r: (code_points(r[1]), r[0])
        )
        cumulative = k = 0
        for institution, _street, c in rest:
            low = cumulative * m
            cumulative += ratio[c]
            if low <= start + k * w < cumulative * m:
                drawn.append(institution)
                k += 1
        assert k == m
    return sorted(drawn), design


# -- §5 and §6 the teams -----------------------------------------------------------------------


def team_step(gen: Generator, team: dict, drawn: list[int]) -> list[dict]:
    inspectors = team["inspectors"]
    department = {i: d for i, d in inspectors}
    rank = {i: gen.next_u64() for i, _ in inspectors}
    key = {x: gen.next_u64() for x in drawn}
    order = sorted(drawn, key=lambda x: (key[x], x))
    barred: dict[int, set[int]] = {x: set() for x in drawn}
    for i, x in team["conflicts"] + team["previous"]:
        barred.setdefault(x, set()).add(i)
    load = dict.fromkeys(department, 0)

    def best(candidates):
        candidates = list(candidates)
        if not candidates:
            return None
        return min(candidates, key=lambda i: (load[i], rank[i], i))

    def allowed(i, x, members):
        return i not in barred[x] and i not in members

    teams: dict[int, list[int]] = {}
    shortages = []
    size = team["team_size"]
    for x in order:
        members: list[int] = []
        for d in team["departments"]:
            i = best(j for j in department if department[j] == d and allowed(j, x, members))
            if i is None:
                shortages.append(
                    f"机构{x}缺少可派的{d}检查人员 / Institution {x}: no {d} inspector available"
                )
                continue
            members.append(i)
            load[i] += 1
        while len(members) < size:
            i = best(j for j in department if allowed(j, x, members))
            if i is None:
                shortages.append(
                    f"机构{x}可派检查人员不足{size}人"
                    f" / Institution {x}: fewer than {size} inspectors available"
                )
                break
            members.append(i)
            load[i] += 1
        teams[x] = members
    if shortages:
        raise Failed(shortages)
    required = set(team["departments"])
    while True:
        moved = False
        for x in order:
            members = teams[x]
            for p in range(len(members)):
                v = members[p]
                own = department[v]
                sole = own in required and not any(department[o] == own for o in members if o != v)
                c = best(
                    j
                    for j in department
                    if load[j] <= load[v] - 2
                    and allowed(j, x, members)
                    and (not sole or department[j] == own)
                )
                if c is not None:
                    members[p] = c
                    load[v] -= 1
                    load[c] += 1
                    moved = True
        if not moved:
            break
    return [{"institution_id": x, "inspector_ids": sorted(teams[x])} for x in sorted(teams)]


def draw(seed: str, raw: dict) -> dict:
    """The outcome as the project reports it: hashes, design and selections, or the
    failure and its messages."""
    try:
        inputs = normalise(raw)
        gen = Generator(seed)
        drawn, design = institution_step(gen, inputs["sample"])
        selections = team_step(gen, inputs["team"], drawn)
    except Failed as failure:
        return {"failed": failure.messages}
    return {**hashes(inputs), "design": design, "selections": selections}


# -- the comparison ---------------------------------------------------------------------------

PROJECT = """
import json, sys
from inspect_app.spot_checks import dsr2
out = []
for seed, raw in json.load(sys.stdin):
    try:
        inputs = dsr2.normalise(raw)
        result = dsr2.run(seed, inputs)
        out.append({**dsr2.hashes(inputs), "design": result.design,
                    "selections": [s.as_dict() for s in result.selections]})
    except dsr2.DrawError as error:
        out.append({"failed": error.shortages})
json.dump(out, sys.stdout, ensure_ascii=False)
"""


def random_case(rng: random.Random) -> tuple[str, dict]:
    n = rng.choice([0, 1, 2, 5, 17, 40, 90, 150])
    streets = rng.sample(STREETS, rng.randint(1, len(STREETS)))
    ratios = {
        c: rng.choice([1, 250, 500, 1000, 1234, 2000, 3333, 5000, 9999, 10000]) for c in CLASSES
    }
    institutions = [
        [i, rng.choice(streets), rng.choice(CLASSES)] for i in rng.sample(range(1, 5000), n)
    ]
    departments = rng.sample(DEPARTMENTS, rng.randint(0, 2))
    pool = [
        [10000 + k, rng.choice(DEPARTMENTS)] for k in rng.sample(range(500), rng.randint(2, 40))
    ]
    ids = [row[0] for row in institutions] or [1]
    people = [i for i, _ in pool]
    pairs = lambda count: [[rng.choice(people), rng.choice(ids)] for _ in range(count)]  # noqa: E731
    raw = {
        "sample": {"class_ratios": ratios, "institutions": institutions},
        "team": {
            "team_size": rng.randint(max(2, len(departments)), 4),
            "departments": departments,
            "inspectors": pool,
            "conflicts": pairs(rng.randint(0, 30)),
            "previous": pairs(rng.randint(0, 30)),
        },
    }
    label = rng.choice(["中国福利彩票双色球第2026141期开奖号码", "drand quicknet round 12345678"])
    value = " ".join(str(rng.randint(1, 33)).zfill(2) for _ in range(7))
    secret = rng.choice(["", "".join(rng.choice("0123456789abcdef") for _ in range(64))])
    seed = _text([label, value, secret])
    return seed, raw


@pytest.mark.slow
def test_the_specification_alone_reproduces_the_projects_draws():
    rng = random.Random(20261203)
    cases = [random_case(rng) for _ in range(300)]
    project = subprocess.run(
        [sys.executable, "-c", PROJECT],
        input=json.dumps(cases, ensure_ascii=False),
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    theirs = json.loads(project.stdout)
    ours = [draw(seed, raw) for seed, raw in cases]
    differing = [k for k in range(len(cases)) if ours[k] != theirs[k]]
    assert not differing, (
        f"{len(differing)} of {len(cases)} differ; first: case {cases[differing[0]]},"
        f" spec {ours[differing[0]]}, project {theirs[differing[0]]}"
    )
    # the cases exercise what they should: draws, failures, whole classes, empty pools
    assert sum("selections" in o for o in ours) > 150
    assert sum("failed" in o for o in ours) > 10
    assert any(
        o["design"]["classes"][c]["probability"] == "1/1"
        for o in ours
        if "design" in o
        for c in CLASSES
    )


def test_the_canonical_json_is_the_specified_one():
    value = {"b": [1, -2, None, True], "a": '引号"\\\n\t\x01\u2028𠀀', "B": {}}
    assert canonical(value) == (
        '{"B":{},"a":"引号\\"\\\\\\n\\t\\u0001\u2028𠀀","b":[1,-2,null,true]}'.encode()
    )
