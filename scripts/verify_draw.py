"""Verify a published spot-check draw (双随机) from its public data alone.

    curl -s https://<host>/api/v1/public/spot-checks/<id> > draw.json
    python3 verify_draw.py draw.json

Needs only Python 3.11+ and ``inspect_app/spot_checks/draw.py`` (one standard-library
file from the published source) beside it or on ``PYTHONPATH``. It checks that the
published inputs hash to the published input hash, and that re-running the published
algorithm with the published seed on them gives exactly the institutions and teams
published. Exit status 0 when both hold.
"""

from __future__ import annotations

import json
import sys

try:
    import draw  # the file copied beside this script
except ImportError:
    from inspect_app.spot_checks import draw


def main(path: str) -> int:
    with open(path, encoding="utf-8") as f:
        published = json.load(f)
    if published["algorithm"] != draw.ALGORITHM:
        print(f"this draw.py implements {draw.ALGORITHM}, not {published['algorithm']}")
        return 2
    outcome = draw.verify(
        published["seed"], published["inputs"], published["input_hash"], published["draw"]
    )
    print(f"input hash {'matches' if outcome['hash_ok'] else 'DOES NOT MATCH'}")
    print(f"selections {'match' if outcome['selections_ok'] else 'DO NOT MATCH'}")
    return 0 if outcome["ok"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
