"""Bench: the spot-check draw (algorithm dsr-2) at 4,000, 10,000 and 40,000 institutions,
with an inspector pool of one per eight institutions (5,000 at 40,000), declared conflicts
and a previous plan's visits, class ratios that draw about 10 %. Times the whole pure
draw: normalising the inputs, hashing them and drawing. Target: under 2 s at 40,000,
growing about linearly.

    python bench/draw.py
"""

from __future__ import annotations

import random
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from inspect_app.spot_checks import dsr2

DEPARTMENTS = ["civil_affairs", "fire", "market_regulation", "health"]
TARGET_SECONDS = 2.0


def inputs_for(n_institutions: int, rng: random.Random) -> dict:
    n_inspectors = n_institutions // 8
    return {
        "sample": {
            # 5 %, 8 %, 12 % and 15 % of classes A to D: about 10 % in all
            "class_ratios": {"A": 500, "B": 800, "C": 1200, "D": 1500},
            "institutions": [
                [i, f"街道{i % 23}", rng.choice("ABCD")] for i in range(1, n_institutions + 1)
            ],
        },
        "team": {
            "team_size": 3,
            "departments": ["civil_affairs", "fire"],
            "inspectors": [[10**6 + k, DEPARTMENTS[k % 4]] for k in range(n_inspectors)],
            # two declared conflicts per inspector, and last plan's visits (10 %, teams of 3)
            "conflicts": [
                [10**6 + rng.randrange(n_inspectors), rng.randrange(1, n_institutions + 1)]
                for _ in range(2 * n_inspectors)
            ],
            "previous": [
                [10**6 + rng.randrange(n_inspectors), i]
                for i in rng.sample(range(1, n_institutions + 1), n_institutions // 10)
                for _ in range(3)
            ],
        },
    }


def main() -> int:
    rng = random.Random(2026)
    results = []
    for n in (4_000, 10_000, 40_000):
        inputs = inputs_for(n, rng)
        best = float("inf")
        for attempt in range(3):
            started = time.perf_counter()
            snapshot = dsr2.normalise(inputs)
            digest = dsr2.hashes(snapshot)["input_hash"]
            selections = dsr2.run_normalised(f"bench-{attempt}", snapshot).selections
            best = min(best, time.perf_counter() - started)
        loads = Counter(i for s in selections for i in s.inspector_ids)
        results.append((n, best))
        print(
            f"{n:>6} institutions, {len(inputs['team']['inspectors']):>5} inspectors:"
            f" {best:6.3f} s  ({len(selections)} drawn, visits per inspector"
            f" {min(loads.values())}-{max(loads.values())}, hash {digest[:12]})"
        )
    print(f"per 1,000 institutions: {[f'{t / (n / 1000) * 1000:.1f} ms' for n, t in results]}")
    largest = results[-1][1]
    if largest > TARGET_SECONDS:
        print(f"FAIL: {largest:.2f} s at 40,000 institutions (target {TARGET_SECONDS} s)")
        return 1
    print(f"ok: under {TARGET_SECONDS} s at 40,000 institutions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
