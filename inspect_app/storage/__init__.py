"""Object storage for photos behind one small interface, chosen by ``STORAGE_URL``.

- a folder (the default; a path or ``file:///path``): content-addressed files, each written
  to a temporary file, fsynced and renamed, so no half-written file ever has a final name;
- ``s3://bucket/prefix``: S3-compatible object storage through boto3 (MinIO, domestic
  clouds: set ``S3_ENDPOINT_URL``).

Keys are relative paths such as ``originals/ab/cd/<sha256>``; a backend maps them to its
own namespace. Objects are immutable: a key is written once with the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO, Protocol
from urllib.parse import urlparse

from flask import current_app

CHUNK = 256 * 1024


class ObjectMissing(Exception):
    """The key has no object."""


@dataclass(frozen=True)
class StoredObject:
    """One object as listed: its key, when it was last written (UTC) and its size."""

    key: str
    modified: datetime
    size: int


class Storage(Protocol):
    def put(self, key: str, source: BinaryIO, *, size: int, content_type: str) -> None:
        """Store ``size`` bytes read from ``source`` (positioned at its start) under ``key``,
        atomically: readers see the whole object or none."""

    def put_bytes(self, key: str, data: bytes, *, content_type: str) -> None: ...

    def open(self, key: str) -> BinaryIO:
        """A readable stream of the object; ``ObjectMissing`` if there is none."""

    def exists(self, key: str) -> bool: ...

    def delete(self, key: str) -> None:
        """Remove the object; no error if it is already gone."""

    def iter_objects(self, prefix: str = "") -> Iterator[StoredObject]:
        """Every object whose key starts with ``prefix``, streamed (never the whole listing
        at once), in no promised order. Objects written or deleted meanwhile may or may
        not appear."""

    def delete_if_older(self, key: str, cutoff: datetime) -> bool:
        """Remove the object only if it was last written before ``cutoff``; True if it
        was removed. A write of the same key racing this one is never lost where the
        backend allows (the folder); on S3 the check and the delete are two requests."""

    @property
    def local_root(self) -> Path | None:
        """The folder for a local backend, else None."""

    def check(self) -> None:
        """Raise if the storage cannot be reached or written (the health check)."""


def iter_chunks(stream: BinaryIO, chunk_size: int = CHUNK) -> Iterator[bytes]:
    """Read a stream to its end in chunks and close it."""
    try:
        while chunk := stream.read(chunk_size):
            yield chunk
    finally:
        stream.close()


def from_url(url: str, config: dict | None = None) -> Storage:
    config = config or {}
    parsed = urlparse(url)
    if parsed.scheme == "s3":
        from inspect_app.storage.s3 import S3Storage

        if not parsed.netloc:
            raise ValueError(f"STORAGE_URL has no bucket: {url!r}")
        return S3Storage(
            bucket=parsed.netloc,
            prefix=parsed.path.strip("/"),
            endpoint_url=config.get("S3_ENDPOINT_URL"),
            region=config.get("S3_REGION"),
            access_key_id=config.get("S3_ACCESS_KEY_ID"),
            secret_access_key=config.get("S3_SECRET_ACCESS_KEY"),
            addressing_style=config.get("S3_ADDRESSING_STYLE") or "auto",
        )
    from inspect_app.storage.local import LocalStorage

    if parsed.scheme == "file":
        return LocalStorage(parsed.path)
    if parsed.scheme and len(parsed.scheme) > 1:  # not a Windows drive letter
        raise ValueError(f"unsupported STORAGE_URL scheme: {parsed.scheme!r}")
    return LocalStorage(url)


def get_storage() -> Storage:
    """The app's storage, made once per app from its configuration."""
    cache = current_app.extensions.setdefault("photo_storage", {})
    url = current_app.config["STORAGE_URL"]
    if url not in cache:
        cache[url] = from_url(url, current_app.config)
    return cache[url]
