"""The limits an upload's picture is checked against (set from the configuration)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    max_pixels: int
    max_metadata_bytes: int
    display_px: int
    thumb_px: int
    # The per-process decode budget (bytes): no single decode may need more.
    decode_memory: int = 1024 * 1024 * 1024
    # PNG, WebP, HEIC (and progressive JPEG) up to this many pixels are decoded in the
    # request; larger ones only checked there, and decoded by the job.
    inline_max_pixels: int = 1_000_000
    # How long a request waits for room in the decode budget before answering 503.
    decode_wait_seconds: float = 10.0
