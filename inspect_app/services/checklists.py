"""Checklists: schema validation, content-hashed versions, applicability to an institution."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from cachetools import TTLCache
from jsonschema import Draft202012Validator
from sqlalchemy import bindparam, func, select
from sqlalchemy.exc import IntegrityError

from inspect_app.extensions import db
from inspect_app.models import ChecklistVersion, User
from inspect_app.services.errors import Conflict, InvalidInput, NotFound

SCHEMA_FILE = "schema.json"


@cache
def _validator(schema_path: str) -> Draft202012Validator:
    schema = json.loads(Path(schema_path).read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def default_schema_path() -> str:
    return str(Path(__file__).resolve().parents[2] / "checklists" / SCHEMA_FILE)


def _where(path) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(document)"


def find_faults(document: object, schema_path: str | None = None) -> dict[str, list[str]]:
    """Every fault in a checklist document, keyed by where it is (``sections[0].items[2].code``)."""
    validator = _validator(schema_path or default_schema_path())
    faults: dict[str, list[str]] = {}
    for error in sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path)):
        faults.setdefault(_where(error.absolute_path), []).append(error.message)
    if faults or not isinstance(document, dict):
        return faults
    seen: dict[str, str] = {}
    for s, section in enumerate(document["sections"]):
        for i, item in enumerate(section["items"]):
            where = f"sections[{s}].items[{i}].code"
            if item["code"] in seen:
                first = seen[item["code"]]
                faults.setdefault(where, []).append(
                    f"条目编号重复 / Duplicate item code {item['code']} (first at {first})"
                )
            else:
                seen[item["code"]] = where
    return faults


def _normalised(value):
    """125 and 125.0 are the same content, whether it came from YAML or a JSON client."""
    if isinstance(value, dict):
        return {k: _normalised(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_normalised(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def content_hash(document: dict) -> str:
    canonical = json.dumps(
        _normalised(document), sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def iter_items(content: dict) -> Iterator[dict]:
    for section in content["sections"]:
        yield from section["items"]


def applies(item: dict, features: dict | None) -> bool:
    """An item applies when every feature it names has the required value."""
    condition = item.get("applies_if")
    if not condition:
        return True
    features = features or {}
    return all(bool(features.get(name, False)) == wanted for name, wanted in condition.items())


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


def publish(document: dict, author: User | None = None) -> PublishResult:
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
        created_by_id=author.id if author else None,
    )
    try:
        with db.session.begin_nested():
            db.session.add(version)
    except IntegrityError:
        raise Conflict("检查表正在被同时修改，请重试 / Concurrent update, retry") from None
    if _etags is not None:
        _etags.pop(version.key, None)
    return PublishResult(version, True)


def load_file(path: Path) -> dict:
    """Parse and validate one checklist file; faults name the file and the place in it."""
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise InvalidInput(errors={path.name: [f"无法解析 / Cannot parse: {exc}"]}) from None
    faults = find_faults(document)
    if not faults and document["key"] != path.stem:
        faults["key"] = [f"键必须与文件名一致 / key must equal the file name '{path.stem}'"]
    if faults:
        raise InvalidInput(
            f"检查表文件有误 / Invalid checklist file {path.name}",
            {f"{path.name}: {where}": msgs for where, msgs in faults.items()},
        )
    return document


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
