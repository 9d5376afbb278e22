"""A folder on the local disk: write to a temporary file, fsync, rename."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path
from typing import BinaryIO

from inspect_app.storage import CHUNK, ObjectMissing


class LocalStorage:
    def __init__(self, root: str | os.PathLike):
        self.root = Path(root).resolve()
        self._tmp = self.root / "tmp"

    @property
    def local_root(self) -> Path:
        return self.root

    def path_for(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if self.root not in path.parents:
            raise ValueError(f"key escapes the storage folder: {key!r}")
        return path

    def put(self, key: str, source: BinaryIO, *, size: int, content_type: str) -> None:
        def write(out: BinaryIO) -> None:
            remaining = size
            while remaining > 0:
                chunk = source.read(min(CHUNK, remaining))
                if not chunk:
                    raise OSError(f"source ended {remaining} bytes early")
                out.write(chunk)
                remaining -= len(chunk)

        self._atomic_write(key, write)

    def put_bytes(self, key: str, data: bytes, *, content_type: str) -> None:
        self._atomic_write(key, lambda out: out.write(data))

    def _atomic_write(self, key: str, write) -> None:
        final = self.path_for(key)
        final.parent.mkdir(parents=True, exist_ok=True)
        self._tmp.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=self._tmp, prefix=".put-")
        try:
            with os.fdopen(fd, "wb") as out:
                write(out)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp_name, final)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp_name)
            raise
        _fsync_dir(final.parent)

    def open(self, key: str) -> BinaryIO:
        try:
            return open(self.path_for(key), "rb")
        except (FileNotFoundError, NotADirectoryError):
            raise ObjectMissing(key) from None

    def exists(self, key: str) -> bool:
        return self.path_for(key).is_file()

    def delete(self, key: str) -> None:
        with contextlib.suppress(FileNotFoundError, NotADirectoryError):
            os.unlink(self.path_for(key))

    def clear(self) -> None:
        """Remove everything (tests only)."""
        shutil.rmtree(self.root, ignore_errors=True)


def _fsync_dir(path: Path) -> None:
    """Make the rename itself durable."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
