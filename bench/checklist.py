"""Bench: a phone revalidating a checklist (conditional GET -> 304) against a bare floor.

What is measured (Flask test client, so WSGI + Flask + our code + database, no network):
  app 304   GET /api/v1/checklists/fire with Authorization and If-None-Match set to the ETag
            of a first GET: token lookup, latest-version ETag query, 304.
  floor     a separate tiny Flask app answering a small JSON dict, no auth, no database.
  app 200   the full GET (for information; not part of the verdict).
Phones revalidate every checklist each time they start an inspection, so the 304 is the
hot path. Target: 304 <= 2x the floor.
"""

from __future__ import annotations

from common import alternate, bench_env, report, timed
from flask import Flask

BLOCKS, PER_BLOCK, WARMUP = 5, 500, 100  # 2,500 timed requests of each, alternating blocks


def main() -> None:
    with bench_env() as env:
        client = env.app.test_client()
        first = client.get("/api/v1/checklists/fire", headers=env.headers)
        assert first.status_code == 200 and first.headers["ETag"]
        conditional = {**env.headers, "If-None-Match": first.headers["ETag"]}
        assert client.get("/api/v1/checklists/fire", headers=conditional).status_code == 304

        bare = Flask("floor")
        bare.get("/hello")(lambda: {"ok": True, "service": "floor", "version": 1})
        floor = bare.test_client()

        def case(c, path, headers, status):
            def run() -> tuple[float, float]:
                responses = []
                elapsed = timed(lambda: responses.append(c.get(path, headers=headers)))
                assert responses[0].status_code == status
                return elapsed

            return run

        results = alternate(
            {
                "app: GET fire, If-None-Match -> 304": case(
                    client, "/api/v1/checklists/fire", conditional, 304
                ),
                "floor: bare JSON hello": case(floor, "/hello", {}, 200),
                "info: GET fire, full 200": case(
                    client, "/api/v1/checklists/fire", env.headers, 200
                ),
            },
            blocks=BLOCKS,
            per_block=PER_BLOCK,
            warmup=WARMUP,
        )
        report("checklist", results, *list(results)[:2], target=2)


if __name__ == "__main__":
    main()
