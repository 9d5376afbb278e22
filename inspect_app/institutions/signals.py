"""What the directory tells the packages above it, which it does not know: blinker
signals, connected to their receivers in ``create_app``."""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

street_changed = _signals.signal(
    "street-changed",
    doc="An institution moves to another street, in the same unit of work: sent with the "
    "institution (its row not yet changed), ``actor`` (the principal) and the new ``street``.",
)
