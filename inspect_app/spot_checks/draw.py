"""The draw (双随机): a pure, versioned, deterministic function of a seed and its inputs.

This module imports nothing but the standard library and nothing of the database, so that
anyone holding a published draw (its seed, its inputs and their hash) can re-run it with
this one file and compare (docs/spot-checks.md shows how).

Algorithm ``dsr-1`` (never change it in place: a new behaviour is a new version):

1. The random stream is ``random.Random(int(SHA-256("dsr-1:" + seed)))``; only
   ``Random.random()`` is used, whose Mersenne Twister output is stable across Python
   versions (``sample``/``shuffle`` are not promised to be).
2. Institutions (operating ones, sorted by id) get a weight: 1 without risk weighting;
   with it ``RISK_WEIGHTS[risk_level]`` (A 1, B 2, C 4, D 8), times 2 with an open major
   hazard, times 1.5 after a recent failure.
3. The sample size ``n`` is given, or ``ceil(ratio × pool)`` (rounded up, so that the
   ratio is a floor; at least 1 when the pool is not empty), at most the pool.
4. Stratified by street: ``n`` is shared among streets in proportion to their total
   weight by the largest-remainder method (ties by street name), no street getting more
   than it has. Within a street each institution's inclusion probability is
   ``n_street × weight / street weight`` (capped at 1, the excess shared among the rest);
   the units are put in random order and drawn by systematic sampling with one random
   start, which gives exactly these probabilities (``inclusion_probabilities``).
5. Teams, institution by institution in random order: one inspector of each required
   department, then any department up to ``team_size``; always the least-loaded inspector
   allowed there (not conflicted, not there in the previous plan, not already on the
   team), ties broken by a random rank. A last pass swaps visits from an inspector with 2
   more than another who could take one, until no such swap is left.

If a required department or the team size cannot be met at some institution, the draw
fails with ``DrawError`` naming the institution and what is short.
"""

from __future__ import annotations

import hashlib
import heapq
import json
import math
import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

ALGORITHM = "dsr-1"
RISK_WEIGHTS = {"A": 1.0, "B": 2.0, "C": 4.0, "D": 8.0}
OPEN_MAJOR_FACTOR = 2.0
RECENT_FAILURE_FACTOR = 1.5


class DrawError(Exception):
    """The pool cannot give what the plan asks; ``shortages`` names each shortfall."""

    def __init__(self, shortages: list[str]):
        self.shortages = shortages
        more = f" (+{len(shortages) - 10})" if len(shortages) > 10 else ""
        super().__init__("; ".join(shortages[:10]) + more)


@dataclass(frozen=True)
class Selection:
    institution_id: int
    inspector_ids: tuple[int, ...]

    def as_dict(self) -> dict:
        return {"institution_id": self.institution_id, "inspector_ids": list(self.inspector_ids)}


def canonical(inputs: dict) -> bytes:
    """The canonical JSON the input hash covers: sorted keys, no spaces, UTF-8."""
    return json.dumps(inputs, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def input_hash(inputs: dict) -> str:
    return hashlib.sha256(canonical(inputs)).hexdigest()


def normalise(inputs: dict) -> dict:
    """The inputs in canonical order (institutions and inspectors by id, pairs sorted)."""
    return {
        "algorithm": inputs["algorithm"],
        "sample_size": inputs.get("sample_size"),
        "sample_ratio": inputs.get("sample_ratio"),
        "team_size": inputs["team_size"],
        "departments": sorted(inputs["departments"]),
        "risk_weighted": bool(inputs["risk_weighted"]),
        # [id, street, risk_level, open_major, recent_failure]
        "institutions": sorted([list(i) for i in inputs["institutions"]], key=lambda r: r[0]),
        # [id, department]
        "inspectors": sorted([list(i) for i in inputs["inspectors"]], key=lambda r: r[0]),
        # [inspector_id, institution_id]
        "conflicts": sorted({tuple(p) for p in inputs["conflicts"]}),
        "previous": sorted({tuple(p) for p in inputs["previous"]}),
    }


def _rng(seed: str) -> random.Random:
    digest = hashlib.sha256(f"{ALGORITHM}:{seed}".encode()).digest()
    return random.Random(int.from_bytes(digest, "big"))


def weight_of(row: list, risk_weighted: bool) -> float:
    if not risk_weighted:
        return 1.0
    _, _, risk, open_major, recent_failure = row
    weight = RISK_WEIGHTS.get(risk, RISK_WEIGHTS["B"])
    if open_major:
        weight *= OPEN_MAJOR_FACTOR
    if recent_failure:
        weight *= RECENT_FAILURE_FACTOR
    return weight


def sample_size(inputs: dict) -> int:
    pool = len(inputs["institutions"])
    if inputs.get("sample_size") is not None:
        return min(int(inputs["sample_size"]), pool)
    ratio = float(inputs["sample_ratio"])
    # Rounded up, so the ratio is a floor; the tiny epsilon keeps 0.1 × 50 at 5, not 6.
    return min(pool, max(1 if pool else 0, math.ceil(ratio * pool - 1e-9)))


def _capped(n: int, weights: list[float]) -> list[float]:
    """Inclusion probabilities ∝ weight summing to ``n``, none above 1 (excess shared)."""
    probabilities = [0.0] * len(weights)
    fixed: set[int] = set()
    remaining = n
    while True:
        free = [k for k in range(len(weights)) if k not in fixed]
        total = sum(weights[k] for k in free)
        over = [k for k in free if remaining * weights[k] >= total]
        if not over or not free:
            for k in free:
                probabilities[k] = remaining * weights[k] / total if total else 0.0
            return probabilities
        for k in over:
            probabilities[k] = 1.0
            fixed.add(k)
            remaining -= 1


def _allocation(inputs: dict) -> dict[str, tuple[int, list[list], list[float]]]:
    """Per street (sorted): its sample size, its rows by id and their probabilities."""
    n = sample_size(inputs)
    weighted = inputs["risk_weighted"]
    streets: dict[str, list[list]] = defaultdict(list)
    for row in inputs["institutions"]:
        streets[row[1]].append(row)
    names = sorted(streets)
    weights = {s: [weight_of(r, weighted) for r in streets[s]] for s in names}
    totals = {s: sum(weights[s]) for s in names}
    grand = sum(totals.values())
    shares = {s: 0 for s in names}
    left = n
    open_streets = list(names)
    # Largest remainder, capped at each street's size, repeated while some are capped.
    while left > 0 and open_streets:
        weight_left = sum(totals[s] for s in open_streets) or 1.0
        exact = {s: left * totals[s] / weight_left for s in open_streets}
        floors = {s: min(int(exact[s]), len(streets[s]) - shares[s]) for s in open_streets}
        given = sum(floors.values())
        for s in open_streets:
            shares[s] += floors[s]
        rest = left - given
        order = sorted(open_streets, key=lambda s: (-(exact[s] - int(exact[s])), s))
        for s in order:
            if rest == 0:
                break
            if shares[s] < len(streets[s]):
                shares[s] += 1
                rest -= 1
        left = rest
        open_streets = [s for s in open_streets if shares[s] < len(streets[s])]
        if given == 0 and rest == left and left > 0 and not open_streets:
            break
    del grand
    return {s: (shares[s], streets[s], _capped(shares[s], weights[s])) for s in names}


def inclusion_probabilities(inputs: dict) -> dict[int, float]:
    """Each institution's designed probability of being drawn (what the tests check)."""
    inputs = normalise(inputs)
    return {
        row[0]: p
        for _, rows, probabilities in _allocation(inputs).values()
        for row, p in zip(rows, probabilities, strict=True)
    }


def _systematic(rng: random.Random, rows: list[list], probabilities: list[float]) -> list[int]:
    keys = [rng.random() for _ in rows]
    order = sorted(range(len(rows)), key=lambda k: (keys[k], rows[k][0]))
    start = rng.random()
    chosen = []
    cumulative = 0.0
    point = start
    for k in order:
        cumulative += probabilities[k]
        # Select the unit whose interval holds the next point start, start+1, ...
        if cumulative > point + 1e-12:
            chosen.append(rows[k][0])
            point += 1.0
    return chosen


def _pick(heap: list, loads: dict[int, int], allowed: Callable[[int], bool]) -> int | None:
    """The least-loaded allowed inspector in ``heap`` (entries (load, rank, id), lazy)."""
    skipped = []
    found = None
    while heap:
        load, rank, inspector = heapq.heappop(heap)
        if load != loads[inspector]:
            heapq.heappush(heap, (loads[inspector], rank, inspector))
            continue
        if allowed(inspector):
            found = (rank, inspector)
            # back in with the visit it is about to get (the caller adds it to ``loads``)
            heapq.heappush(heap, (load + 1, rank, inspector))
            break
        skipped.append((load, rank, inspector))
    for entry in skipped:
        heapq.heappush(heap, entry)
    if found is None:
        return None
    return found[1]


def run(seed: str, inputs: dict) -> list[Selection]:
    """The draw: selections sorted by institution id. Raises ``DrawError``."""
    inputs = normalise(inputs)
    if inputs["algorithm"] != ALGORITHM:
        raise DrawError([f"未知算法 / Unknown algorithm {inputs['algorithm']}"])
    rng = _rng(seed)
    drawn: list[int] = []
    for _, (_, rows, probabilities) in sorted(_allocation(inputs).items()):
        drawn.extend(_systematic(rng, rows, probabilities))

    departments = inputs["departments"]
    team_size = inputs["team_size"]
    department_of = {row[0]: row[1] for row in inputs["inspectors"]}
    rank = {row[0]: rng.random() for row in inputs["inspectors"]}
    barred: dict[int, set[int]] = defaultdict(set)
    for inspector, institution in inputs["conflicts"]:
        barred[institution].add(inspector)
    for inspector, institution in inputs["previous"]:
        barred[institution].add(inspector)
    loads = dict.fromkeys(department_of, 0)
    everyone = [(0, rank[i], i) for i in department_of]
    by_department: dict[str, list] = defaultdict(list)
    for i in department_of:
        by_department[department_of[i]].append((0, rank[i], i))
    heapq.heapify(everyone)
    for heap in by_department.values():
        heapq.heapify(heap)

    visit_order = sorted(drawn, key=lambda i: (rng.random(), i)) if drawn else []
    teams: dict[int, list[int]] = {}
    shortages: list[str] = []
    for institution in visit_order:
        team: list[int] = []

        def allowed(inspector: int, institution: int = institution, team: list[int] = team) -> bool:
            return inspector not in barred[institution] and inspector not in team

        for department in departments:
            chosen = _pick(by_department.get(department, []), loads, allowed)
            if chosen is None:
                shortages.append(
                    f"机构{institution}缺少可派的{department}检查人员"
                    f" / Institution {institution}: no {department} inspector available"
                )
                continue
            team.append(chosen)
            loads[chosen] += 1
        while len(team) < team_size:
            chosen = _pick(everyone, loads, allowed)
            if chosen is None:
                shortages.append(
                    f"机构{institution}可派检查人员不足{team_size}人"
                    f" / Institution {institution}: fewer than {team_size} inspectors available"
                )
                break
            team.append(chosen)
            loads[chosen] += 1
        teams[institution] = team
    if shortages:
        raise DrawError(shortages)
    _balance(teams, loads, barred, department_of, departments)
    return [Selection(i, tuple(sorted(teams[i]))) for i in sorted(teams)]


def swappable(
    institution: int,
    team: list[int],
    member: int,
    candidate: int,
    barred: dict[int, set[int]],
    department_of: dict[int, str],
    departments: list[str],
) -> bool:
    """Could ``candidate`` take ``member``'s place at ``institution``: allowed there, not
    on the team already, and every required department still covered after the swap?"""
    if candidate in team or candidate in barred[institution]:
        return False
    if department_of[candidate] == department_of[member]:
        return True
    after = [department_of[i] for i in team if i != member] + [department_of[candidate]]
    return all(d in after for d in departments)


def _balance(
    teams: dict[int, list[int]],
    loads: dict[int, int],
    barred: dict[int, set[int]],
    department_of: dict[int, str],
    departments: list[str],
) -> None:
    """Move visits from an inspector with 2 more than another who could take one, in
    rounds (each from the loads as they stand), until a round moves nothing."""
    visits: dict[int, list[int]] = defaultdict(list)
    for institution in sorted(teams):
        for member in teams[institution]:
            visits[member].append(institution)
    while True:
        low = min(loads.values(), default=0)
        heavy = sorted((i for i in loads if loads[i] >= low + 2), key=lambda i: (-loads[i], i))
        if not heavy:
            return
        start = dict(loads)
        ascending = sorted(loads, key=lambda i: (loads[i], i))
        by_department: dict[str, list[int]] = defaultdict(list)
        for inspector in ascending:
            by_department[department_of[inspector]].append(inspector)
        moved = False
        for inspector in heavy:
            own = department_of[inspector]
            for institution in list(visits[inspector]):
                team = teams[institution]
                # Only a colleague of the same department can take a place that alone
                # covers a required department; any other place, anyone.
                sole = own in departments and all(
                    department_of[i] != own for i in team if i != inspector
                )
                for candidate in by_department[own] if sole else ascending:
                    if start[candidate] > loads[inspector] - 2:
                        break  # sorted by the round's loads: nobody light enough further on
                    if loads[candidate] > loads[inspector] - 2:
                        continue
                    if swappable(
                        institution, team, inspector, candidate, barred, department_of, departments
                    ):
                        team[team.index(inspector)] = candidate
                        visits[inspector].remove(institution)
                        visits[candidate].append(institution)
                        loads[inspector] -= 1
                        loads[candidate] += 1
                        moved = True
                        break
        if not moved:
            return


def verify(seed: str, inputs: dict, recorded_hash: str, selections: list[dict]) -> dict:
    """Re-run a draw and compare: ``{ok, hash_ok, selections_ok}``."""
    hash_ok = input_hash(normalise(inputs)) == recorded_hash
    try:
        again = [s.as_dict() for s in run(seed, inputs)]
    except DrawError:
        again = None
    recorded = sorted(
        (
            {"institution_id": s["institution_id"], "inspector_ids": sorted(s["inspector_ids"])}
            for s in selections
        ),
        key=lambda s: s["institution_id"],
    )
    selections_ok = again == recorded
    return {"ok": hash_ok and selections_ok, "hash_ok": hash_ok, "selections_ok": selections_ok}
