"""The draw, algorithm ``dsr-2``: a pure, deterministic function of a seed and frozen inputs.

Standard library only, nothing of the database: anyone can run this file on a published
draw. ``docs/dsr-2.md`` is the specification, exact enough to write a second
implementation in any language (``tests/test_dsr2_independent.py`` is one, written from
that text alone); where this file and that text disagree, that is a defect of both.

In short: integer arithmetic throughout (no floating point); a SHA-256 counter-mode
generator; per-class ratios in basis points give every operating institution a known,
non-zero inclusion probability, and systematic sampling over the list ordered by street
draws exactly those; teams go to the least-loaded allowed inspector, ties by a random
rank; a last pass moves visits from an inspector with two more than another who could
take one. ``dsr-1`` (``draw.py``) stays as it was, for the draws made with it.
"""

from __future__ import annotations

import hashlib
import heapq
import json
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

# dsr-1's error and selection serve dsr-2 too: one type for the callers to catch.
from inspect_app.spot_checks.draw import DrawError, Selection

ALGORITHM = "dsr-2"
CLASSES = ("A", "B", "C", "D")
SCALE = 10_000  # ratios are given in basis points: 500 is 5 %
TWO_64 = 2**64


# -- canonical JSON and the hashes --------------------------------------------------------


def canonical(value: object) -> bytes:
    """Keys sorted by code point, no whitespace, non-ASCII as UTF-8 (spec §1)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _first(row: list) -> Any:
    return row[0]


def _pairs(rows: Iterable[Sequence[Any]]) -> list[list[int]]:
    return [list(p) for p in sorted({(int(a), int(b)) for a, b in rows})]


def normalise(inputs: dict) -> dict:
    """The inputs in canonical order (spec §2). Refuses what the algorithm cannot take."""
    problems: list[str] = []
    sample, team = inputs["sample"], inputs["team"]
    ratios = {str(k): v for k, v in sample["class_ratios"].items()}
    if sorted(ratios) != list(CLASSES):
        problems.append("class_ratios 须恰为 A、B、C、D / class_ratios must name A, B, C and D")
    for key, value in ratios.items():
        if type(value) is not int or not 1 <= value <= SCALE:
            problems.append(f"class_ratios.{key} 须为 1–10000 的整数 / must be 1 to 10000")
    institutions: list[list] = sorted(
        ([int(i), str(s), str(c)] for i, s, c in sample["institutions"]), key=_first
    )
    unknown = sorted({str(row[2]) for row in institutions} - set(CLASSES))
    if unknown:
        problems.append(f"未知风险等级 / Unknown risk levels: {', '.join(unknown)}")
    if len({row[0] for row in institutions}) != len(institutions):
        problems.append("机构编号重复 / An institution appears twice")
    inspectors = sorted(([int(i), str(d)] for i, d in team["inspectors"]), key=_first)
    if len({row[0] for row in inspectors}) != len(inspectors):
        problems.append("检查人员编号重复 / An inspector appears twice")
    departments = sorted(set(team["departments"]))
    if type(team["team_size"]) is not int or team["team_size"] < max(1, len(departments)):
        problems.append("每组人数无效 / team_size must cover the departments")
    if problems:
        raise DrawError(problems)
    return {
        "algorithm": ALGORITHM,
        "sample": {"class_ratios": ratios, "institutions": institutions},
        "team": {
            "team_size": team["team_size"],
            "departments": departments,
            "inspectors": inspectors,
            "conflicts": _pairs(team["conflicts"]),
            "previous": _pairs(team["previous"]),
        },
    }


def hashes(inputs: dict) -> dict[str, str]:
    """``sample_hash`` (what the public can check), ``team_hash`` and ``input_hash``."""
    sample_hash = sha256_hex(canonical(inputs["sample"]))
    team_hash = sha256_hex(canonical(inputs["team"]))
    combined = {"algorithm": ALGORITHM, "sample": sample_hash, "team": team_hash}
    return {
        "sample_hash": sample_hash,
        "team_hash": team_hash,
        "input_hash": sha256_hex(canonical(combined)),
    }


# -- the seed and the generator ------------------------------------------------------------


def seed_of(source: str, public_value: str, secret: str | None) -> str:
    """The seed: the named source, the public value entered for it and the server secret
    (empty when the plan has none), as a canonical JSON array (spec §3)."""
    return canonical([source, public_value, secret or ""]).decode()


class Stream:
    """SHA-256 in counter mode (spec §3): block k is SHA-256(key ‖ k as 8 bytes, big
    endian), key = SHA-256("dsr-2" ‖ 0x0A ‖ seed); one 64-bit number per block."""

    def __init__(self, seed: str):
        self.key = hashlib.sha256(f"{ALGORITHM}\n{seed}".encode()).digest()
        self.counter = 0

    def next_u64(self) -> int:
        block = hashlib.sha256(self.key + self.counter.to_bytes(8, "big")).digest()
        self.counter += 1
        return int.from_bytes(block[:8], "big")

    def below(self, n: int) -> int:
        """Uniform in [0, n) by rejection: never biased."""
        limit = TWO_64 - TWO_64 % n
        while True:
            value = self.next_u64()
            if value < limit:
                return value % n


# -- the institutions -------------------------------------------------------------------------


@dataclass(frozen=True)
class Design:
    """The sample design: ``n`` institutions; the classes taken whole; ``m`` of the rest
    drawn by systematic sampling over a total measure ``total``."""

    n: int
    certain: frozenset[str]
    m: int
    total: int
    sizes: dict[str, int]
    ratios: dict[str, int]

    def probability(self, risk_class: str) -> tuple[int, int]:
        """An institution's inclusion probability, as a reduced fraction."""
        if risk_class in self.certain:
            return (1, 1)
        if self.total == 0:  # every institution is certain: this class has none
            return (0, 1)
        numerator, denominator = self.m * self.ratios[risk_class], self.total
        divisor = math.gcd(numerator, denominator)
        return (numerator // divisor, denominator // divisor)

    def as_record(self) -> dict:
        """What the draw's record states: per class its size, ratio and probability."""
        return {
            "sample_size": self.n,
            "classes": {
                c: {
                    "size": self.sizes[c],
                    "ratio": self.ratios[c],
                    "probability": "{}/{}".format(*self.probability(c)),
                }
                for c in CLASSES
            },
        }


def design(sample: dict) -> Design:
    """Sample size and inclusion probabilities from the class ratios (spec §4)."""
    ratios = sample["class_ratios"]
    counted = Counter(row[2] for row in sample["institutions"])
    sizes = {c: counted.get(c, 0) for c in CLASSES}
    measure = sum(ratios[c] * sizes[c] for c in CLASSES)
    n = (measure + SCALE - 1) // SCALE
    certain: set[str] = set()
    while True:
        m = n - sum(sizes[c] for c in certain)
        total = sum(ratios[c] * sizes[c] for c in CLASSES if c not in certain)
        newly = {c for c in CLASSES if c not in certain and sizes[c] and m * ratios[c] >= total}
        if not newly:
            break
        certain |= newly
    return Design(n, frozenset(certain), m, total, sizes, dict(ratios))


def street_order(institutions: list[list]) -> list[list]:
    """The list ordered by street (code points), then id (spec §4)."""
    return sorted(institutions, key=lambda row: (row[1], row[0]))


def sample(stream: Stream, inputs: dict) -> list[int]:
    """The institutions drawn, ascending by id (spec §4). Consumes the first numbers."""
    rows = inputs["sample"]["institutions"]
    if not rows:
        raise DrawError(["没有可抽取的在营机构 / No operating institution to draw"])
    plan = design(inputs["sample"])
    chosen = [row[0] for row in rows if row[2] in plan.certain]
    if plan.m > 0:
        start = stream.below(plan.total)
        cumulative = 0
        k = 0
        for row in street_order([r for r in rows if r[2] not in plan.certain]):
            low = cumulative * plan.m
            cumulative += plan.ratios[row[2]]
            point = start + k * plan.total
            if low <= point < cumulative * plan.m:
                chosen.append(row[0])
                k += 1
    return sorted(chosen)


# -- the teams --------------------------------------------------------------------------------


class _Pool:
    """Inspectors by (load, rank, id), current loads only: lazy heaps, one for everyone and
    one per department; an entry whose load is no longer the inspector's is dropped."""

    def __init__(self, inspectors: list[list], rank: dict[int, int]):
        self.rank = rank
        self.department = {i: d for i, d in inspectors}
        self.load = dict.fromkeys(self.department, 0)
        self.everyone = [(0, rank[i], i) for i in self.department]
        self.by_department: dict[str, list] = defaultdict(list)
        for i, d in self.department.items():
            self.by_department[d].append((0, rank[i], i))
        heapq.heapify(self.everyone)
        for heap in self.by_department.values():
            heapq.heapify(heap)

    def change(self, inspector: int, delta: int) -> None:
        self.load[inspector] += delta
        entry = (self.load[inspector], self.rank[inspector], inspector)
        heapq.heappush(self.everyone, entry)
        heapq.heappush(self.by_department[self.department[inspector]], entry)

    def best(
        self, heap: list, allowed: Callable[[int], bool], most: int | None = None
    ) -> int | None:
        """The first allowed inspector by (load, rank, id) with load at most ``most``."""
        aside = []
        found = None
        while heap:
            load, rank, inspector = heap[0]
            if load != self.load[inspector]:
                heapq.heappop(heap)
                continue
            if most is not None and load > most:
                break
            heapq.heappop(heap)
            aside.append((load, rank, inspector))
            if allowed(inspector):
                found = inspector
                break
        for entry in aside:
            heapq.heappush(heap, entry)
        return found


def teams(stream: Stream, inputs: dict, drawn: list[int]) -> list[Selection]:
    """A team for each institution drawn (spec §5–§6). Raises ``DrawError``."""
    team_inputs = inputs["team"]
    departments = team_inputs["departments"]
    team_size = team_inputs["team_size"]
    rank = {row[0]: stream.next_u64() for row in team_inputs["inspectors"]}
    keys = {institution: stream.next_u64() for institution in drawn}
    order = sorted(drawn, key=lambda institution: (keys[institution], institution))
    barred: dict[int, set[int]] = defaultdict(set)
    for inspector, institution in team_inputs["conflicts"] + team_inputs["previous"]:
        barred[institution].add(inspector)
    pool = _Pool(team_inputs["inspectors"], rank)
    assigned: dict[int, list[int]] = {}
    shortages: list[str] = []
    for institution in order:
        team: list[int] = []

        def allowed(inspector: int, institution: int = institution, team: list[int] = team) -> bool:
            return inspector not in barred[institution] and inspector not in team

        for department in departments:
            chosen = pool.best(pool.by_department.get(department, []), allowed)
            if chosen is None:
                shortages.append(
                    f"机构{institution}缺少可派的{department}检查人员"
                    f" / Institution {institution}: no {department} inspector available"
                )
                continue
            team.append(chosen)
            pool.change(chosen, +1)
        while len(team) < team_size:
            chosen = pool.best(pool.everyone, allowed)
            if chosen is None:
                shortages.append(
                    f"机构{institution}可派检查人员不足{team_size}人"
                    f" / Institution {institution}: fewer than {team_size} inspectors available"
                )
                break
            team.append(chosen)
            pool.change(chosen, +1)
        assigned[institution] = team
    if shortages:
        raise DrawError(shortages)
    _rebalance(pool, order, assigned, barred, departments)
    return [Selection(i, tuple(sorted(assigned[i]))) for i in sorted(assigned)]


def _rebalance(
    pool: _Pool,
    order: list[int],
    assigned: dict[int, list[int]],
    barred: dict[int, set[int]],
    departments: list[str],
) -> None:
    """Passes over every place of every team, in visit order, until one moves nothing: a
    place moves to the least-loaded inspector with two visits fewer who may take it
    (spec §6). Each move lowers the sum of squared loads, so the passes end."""
    while True:
        moved = False
        for institution in order:
            team = assigned[institution]
            for position in range(len(team)):
                member = team[position]
                own = pool.department[member]
                sole = own in departments and all(
                    pool.department[other] != own for other in team if other != member
                )
                heap = pool.by_department[own] if sole else pool.everyone

                def allowed(
                    inspector: int, institution: int = institution, team: list[int] = team
                ) -> bool:
                    return inspector not in barred[institution] and inspector not in team

                chosen = pool.best(heap, allowed, most=pool.load[member] - 2)
                if chosen is None:
                    continue
                team[position] = chosen
                pool.change(member, -1)
                pool.change(chosen, +1)
                moved = True
        if not moved:
            return


# -- the draw -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Draw:
    selections: list[Selection]
    design: dict


def run(seed: str, inputs: dict) -> Draw:
    """The whole draw: the institutions, then their teams (spec §7)."""
    return run_normalised(seed, normalise(inputs))


def run_normalised(seed: str, inputs: dict) -> Draw:
    """``run`` on inputs ``normalise`` has given (so that a caller that has normalised
    and hashed them does not pay for it twice)."""
    stream = Stream(seed)
    drawn = sample(stream, inputs)
    return Draw(teams(stream, inputs, drawn), design(inputs["sample"]).as_record())


def verify_sample(
    seed: str, sample_inputs: dict, sample_hash: str, institutions: list[int]
) -> bool:
    """What the public can check: the published sample inputs hash to ``sample_hash`` and
    the seed draws exactly ``institutions`` from them (the first step needs nothing else)."""
    if sha256_hex(canonical(sample_inputs)) != sample_hash:
        return False
    inputs = {"algorithm": ALGORITHM, "sample": sample_inputs}
    try:
        return sample(Stream(seed), inputs) == sorted(institutions)
    except DrawError:
        return False


def verify(seed: str, inputs: dict, input_hash: str, selections: list[dict]) -> dict:
    """Re-run a draw and compare: ``{ok, hash_ok, selections_ok}``."""
    try:
        normal = normalise(inputs)
        hash_ok = hashes(normal)["input_hash"] == input_hash
        again = [s.as_dict() for s in run_normalised(seed, normal).selections]
    except (DrawError, KeyError, TypeError, ValueError):
        return {"ok": False, "hash_ok": False, "selections_ok": False}
    recorded = sorted(
        (
            {"institution_id": s["institution_id"], "inspector_ids": sorted(s["inspector_ids"])}
            for s in selections
        ),
        key=lambda s: s["institution_id"],
    )
    selections_ok = again == recorded
    return {"ok": hash_ok and selections_ok, "hash_ok": hash_ok, "selections_ok": selections_ok}


def verify_public(published: dict) -> dict:
    """Check a published plan (``GET /api/v1/public/spot-checks/<id>``) as an outsider can:
    the sample inputs hash to the announced hashes; every draw's seed is the announced
    source, the value entered and the secret whose hash was announced; and every draw,
    the discarded ones too, drew exactly the institutions published. (The teams need the
    inputs that name people's relationships: the auditor checks those.)"""
    announced = published["announcement"]
    sample_hash = sha256_hex(canonical(published["sample_inputs"]))
    combined = {"algorithm": ALGORITHM, "sample": sample_hash, "team": announced["team_hash"]}
    hash_ok = (
        sample_hash == announced["sample_hash"] == published["sample_hash"]
        and sha256_hex(canonical(combined)) == announced["input_hash"] == published["input_hash"]
    )
    sources = [s["label"] for s in announced["random_sources"]]
    draws = []
    for record in published["draws"]:
        secret = record.get("secret")
        secret_ok = (
            hashlib.sha256(secret.encode()).hexdigest() if secret else None
        ) == announced.get("secret_sha256")
        seed_ok = (
            secret_ok
            and len(sources) >= record["number"]
            and sources[record["number"] - 1] == record["source"]
            and seed_of(record["source"], record["public_value"], secret) == record["seed"]
        )
        sample_ok = verify_sample(
            record["seed"], published["sample_inputs"], sample_hash, record["institution_ids"]
        )
        draws.append({"number": record["number"], "seed_ok": seed_ok, "sample_ok": sample_ok})
    ok = hash_ok and all(d["seed_ok"] and d["sample_ok"] for d in draws)
    return {"ok": ok, "hash_ok": hash_ok, "draws": draws}
