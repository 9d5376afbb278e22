"""Checklist versions: publish (a new version only when the content changed), read, ETags."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cachetools import TTLCache
from sqlalchemy import bindparam, func, select
from sqlalchemy.exc import IntegrityError

from inspect_app.checklists import policy
from inspect_app.checklists.content import content_hash, find_faults, iter_items, load_file
from inspect_app.checklists.models import ChecklistVersion
from inspect_app.errors import Conflict, InvalidInput, NotFound
from inspect_app.extensions import db
from inspect_app.principal import Principal

_ITEMS_BY_HASH: dict[str, dict[str, dict]] = {}


def items_by_code(version: ChecklistVersion) -> dict[str, dict]:
    """Items of one version by code, cached by content hash (content-addressed, so never stale)."""
    items = _ITEMS_BY_HASH.get(version.content_hash)
    if items is None:
        items = {item["code"]: item for item in iter_items(version.content)}
        _ITEMS_BY_HASH[version.content_hash] = items
    return items


def etag_for(key: str, version: int, digest: str) -> str:
    return f"{key}-v{version}-{digest[:20]}"


@dataclass(frozen=True)
class PublishResult:
    version: ChecklistVersion
    created: bool


def publish_as(principal: Principal, document: dict) -> PublishResult:
    """A version published through the API, by a bureau officer."""
    policy.require_publisher(principal)
    return publish(document, author_id=principal.id)


def publish(document: dict, author_id: int | None = None) -> PublishResult:
    """Store ``document`` as the next version of its key, unless it equals the latest."""
    faults = find_faults(document)
    if faults:
        raise InvalidInput("检查表格式有误 / The checklist is invalid", faults)
    digest = content_hash(document)
    latest = latest_version(document["key"])
    if latest is not None and latest.content_hash == digest:
        return PublishResult(latest, False)
    items = list(iter_items(document))
    version = ChecklistVersion(
        key=document["key"],
        version=(latest.version if latest else 0) + 1,
        category=document["category"],
        title_zh=document["title"]["zh"],
        title_en=document["title"]["en"],
        item_count=len(items),
        content=document,
        content_hash=digest,
        created_by_id=author_id,
    )
    try:
        with db.session.begin_nested():
            db.session.add(version)
    except IntegrityError:
        raise Conflict("检查表正在被同时修改，请重试 / Concurrent update, retry") from None
    if _etags is not None:
        _etags.pop(version.key, None)
    return PublishResult(version, True)


def sync_directory(directory: Path) -> list[tuple[str, int, bool]]:
    """Load every ``*.yaml`` under ``directory``; idempotent. Returns (key, version, created)."""
    documents = [load_file(path) for path in sorted(directory.glob("*.yaml"))]
    results = []
    for document in documents:
        result = publish(document)
        results.append((result.version.key, result.version.version, result.created))
    return results


def latest_version(key: str) -> ChecklistVersion | None:
    return db.session.scalar(
        select(ChecklistVersion)
        .where(ChecklistVersion.key == key)
        .order_by(ChecklistVersion.version.desc())
        .limit(1)
    )


_LATEST_ETAG = (
    select(ChecklistVersion.version, ChecklistVersion.content_hash)
    .where(ChecklistVersion.key == bindparam("key"))
    .order_by(ChecklistVersion.version.desc())
    .limit(1)
)


# Phones revalidate checklists constantly; a new version is rare. Each process may answer
# from an ETag seen a few seconds ago (CHECKLIST_ETAG_CACHE_SECONDS); publishing clears it.
_etags: TTLCache | None = None


def configure_etag_cache(seconds: int) -> None:
    global _etags
    _etags = TTLCache(maxsize=1024, ttl=seconds) if seconds > 0 else None


def latest_etag(key: str) -> str | None:
    """The ETag of the latest version, without loading its content (for cheap 304s)."""
    if _etags is not None and key in _etags:
        return _etags[key]
    row = db.session.execute(_LATEST_ETAG, {"key": key}).first()
    etag = etag_for(key, row.version, row.content_hash) if row else None
    if _etags is not None and etag is not None:
        _etags[key] = etag
    return etag


def get_latest(key: str) -> ChecklistVersion:
    version = latest_version(key)
    if version is None:
        raise NotFound(f"检查表不存在 / No checklist '{key}'")
    return version


def get_version(key: str, number: int) -> ChecklistVersion:
    version = db.session.scalar(
        select(ChecklistVersion).where(
            ChecklistVersion.key == key, ChecklistVersion.version == number
        )
    )
    if version is None:
        raise NotFound(f"检查表版本不存在 / No version {number} of checklist '{key}'")
    return version


def latest_of_each() -> list[ChecklistVersion]:
    newest = (
        select(ChecklistVersion.key, func.max(ChecklistVersion.version).label("version"))
        .group_by(ChecklistVersion.key)
        .subquery()
    )
    return list(
        db.session.scalars(
            select(ChecklistVersion)
            .join(
                newest,
                (newest.c.key == ChecklistVersion.key)
                & (newest.c.version == ChecklistVersion.version),
            )
            .order_by(ChecklistVersion.key)
        )
    )
