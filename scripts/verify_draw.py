"""Verify a published spot-check draw (双随机, algorithm dsr-2) from its public data alone.

    curl -s https://<host>/api/v1/public/spot-checks/<id> > draw.json
    python3 verify_draw.py draw.json

Needs only Python 3.11+ and ``inspect_app/spot_checks/dsr2.py`` (one standard-library
file from the published source) beside it or on ``PYTHONPATH``. It checks that the
published sample inputs hash to the announced hashes, that each draw's seed is made of the
value named in the announcement, the value entered and the revealed secret, and that each
draw (the discarded ones too) drew exactly the institutions published. Exit status 0 when
all hold. ``docs/dsr-2.md`` specifies the algorithm for a checker in another language.
"""

from __future__ import annotations

import json
import sys

try:
    import dsr2  # the file copied beside this script
except ImportError:
    from inspect_app.spot_checks import dsr2


def main(path: str) -> int:
    with open(path, encoding="utf-8") as f:
        published = json.load(f)
    if published["algorithm"] != dsr2.ALGORITHM:
        print(f"this dsr2.py implements {dsr2.ALGORITHM}, not {published['algorithm']}")
        return 2
    outcome = dsr2.verify_public(published)
    print(f"input hash {'matches' if outcome['hash_ok'] else 'DOES NOT MATCH'}")
    for record in outcome["draws"]:
        print(
            f"draw {record['number']}: seed {'matches' if record['seed_ok'] else 'DOES NOT MATCH'},"
            f" institutions {'match' if record['sample_ok'] else 'DO NOT MATCH'}"
        )
    return 0 if outcome["ok"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
