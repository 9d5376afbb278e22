"""Scheduled jobs: what a job is. Each package declares its own jobs (``<package>/jobs.py``);
``registry`` gathers them, ``lock`` runs one under its lock, ``scheduler`` hosts them all."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Job:
    """A plain function of "now", when it runs (APScheduler trigger arguments), and why."""

    func: Callable[[datetime], object]
    trigger: dict = field(default_factory=dict)
    description: str = ""
