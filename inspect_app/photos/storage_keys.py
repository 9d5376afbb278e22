"""Where a photo's files live in the object store: content-addressed by the original's hash."""

from __future__ import annotations

VARIANTS = ("display", "thumbnail", "original")


def storage_key(sha256: str, variant: str) -> str:
    """Content-addressed: the original under its own hash, derivatives beside it."""
    folder = {"original": "originals", "display": "display", "thumbnail": "thumbs"}[variant]
    suffix = "" if variant == "original" else ".jpg"
    return f"{folder}/{sha256[:2]}/{sha256[2:4]}/{sha256}{suffix}"
