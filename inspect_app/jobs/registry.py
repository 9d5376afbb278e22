"""Every scheduled job of every package, by name: the one list the CLI, the lock and the
scheduler read. Each package declares its own (``<package>/jobs.py``) and ``create_app``
registers them here; this package imports none of them, since they sit above it."""

from __future__ import annotations

from collections.abc import Mapping

from inspect_app.jobs import Job

JOBS: dict[str, Job] = {}


def register(*groups: Mapping[str, Job]) -> None:
    """Register each package's jobs, in the order given; one name in two groups is a
    mistake (the second would silently replace the first)."""
    merged: dict[str, Job] = {}
    for group in groups:
        for name, job in group.items():
            if name in merged:
                raise ValueError(f"two packages declare a job named {name!r}")
            merged[name] = job
    JOBS.update(merged)
