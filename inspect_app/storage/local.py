"""A folder on the local disk: write to a temporary file, fsync, rename."""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import tempfile
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from inspect_app.storage import CHUNK, ObjectMissing, StoredObject


class LocalStorage:
    def __init__(self, root: str | os.PathLike):
        self.root = Path(root).resolve()
        self._tmp = self.root / "tmp"

    @property
    def local_root(self) -> Path:
        return self.root

    def check(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        if not os.access(self.root, os.W_OK | os.X_OK):
            raise PermissionError(f"storage folder not writable: {self.root}")

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

    def _atomic_write(self, key: str, write: Callable[[BinaryIO], object]) -> None:
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

    def iter_objects(self, prefix: str = "") -> Iterator[StoredObject]:
        folder = prefix.rpartition("/")[0]
        start = self.path_for(folder) if folder else self.root
        yield from self._walk(start, prefix)

    def _walk(self, directory: Path, prefix: str) -> Iterator[StoredObject]:
        try:
            entries = os.scandir(directory)
        except (FileNotFoundError, NotADirectoryError):
            return
        with entries:
            for entry in entries:
                key = Path(entry.path).relative_to(self.root).as_posix()
                try:
                    if entry.is_dir(follow_symlinks=False):
                        if f"{key}/".startswith(prefix) or prefix.startswith(f"{key}/"):
                            yield from self._walk(Path(entry.path), prefix)
                        continue
                    if not key.startswith(prefix) or not entry.is_file(follow_symlinks=False):
                        continue
                    stat = entry.stat(follow_symlinks=False)
                except FileNotFoundError:
                    continue  # deleted while we looked
                yield StoredObject(key, _modified(stat.st_mtime), stat.st_size)

    def delete_if_older(self, key: str, cutoff: datetime) -> bool:
        """Move the file aside, then look at what was moved: a file written again just
        before the move (same key, same bytes) is fresh and goes straight back; a write
        after the move lands under the key untouched."""
        path = self.path_for(key)
        try:
            if _modified(path.stat().st_mtime) >= cutoff:
                return False
        except (FileNotFoundError, NotADirectoryError):
            return False
        self._tmp.mkdir(parents=True, exist_ok=True)
        aside = self._tmp / f".gone-{secrets.token_hex(8)}"
        try:
            os.rename(path, aside)
        except (FileNotFoundError, NotADirectoryError):
            return False
        if _modified(aside.stat().st_mtime) >= cutoff:
            os.replace(aside, path)
            return False
        aside.unlink()
        return True

    def clear(self) -> None:
        """Remove everything (tests only)."""
        shutil.rmtree(self.root, ignore_errors=True)


def _modified(mtime: float) -> datetime:
    return datetime.fromtimestamp(mtime, UTC)


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
