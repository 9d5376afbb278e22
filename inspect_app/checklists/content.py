"""Checklist documents: JSON-schema validation with faults named by place, content hashes, files."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator

from inspect_app.checklists.models import Severity
from inspect_app.errors import InvalidInput

SCHEMA_FILE = "schema.json"


@cache
def _validator(schema_path: str) -> Draft202012Validator:
    schema = json.loads(Path(schema_path).read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def default_schema_path() -> str:
    return str(Path(__file__).resolve().parents[2] / "checklists" / SCHEMA_FILE)


def _where(path: Iterable[object]) -> str:
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
            for place, fault in _item_faults(item):
                faults.setdefault(f"sections[{s}].items[{i}].{place}", []).append(fault)
            where = f"sections[{s}].items[{i}].code"
            if item["code"] in seen:
                first = seen[item["code"]]
                faults.setdefault(where, []).append(
                    f"条目编号重复 / Duplicate item code {item['code']} (first at {first})"
                )
            else:
                seen[item["code"]] = where
    return faults


def _item_faults(item: dict) -> Iterator[tuple[str, str]]:
    """What the schema cannot say: a failing choice's terms as it inherits them, ranges."""
    for c, choice in enumerate(item.get("choices") or ()):
        if choice.get("severity_confirmed") is False and (
            choice.get("severity", item["severity"]) != Severity.MAJOR
        ):
            yield (
                f"choices[{c}].severity_confirmed",
                "拟判重大仅适用于重大隐患 / severity_confirmed false needs severity major",
            )
    if item.get("choices") and item["answer_type"] != "choice":
        yield "choices", "仅选择题可设选项 / choices only on a choice item"
    if "pass_range" in item:
        bounds = item["pass_range"]
        if item["answer_type"] != "number":
            yield "pass_range", "仅数值题可设合格范围 / pass_range only on a number item"
        elif bounds.get("min", float("-inf")) > bounds.get("max", float("inf")):
            yield "pass_range", "下限大于上限 / min is greater than max"


def _normalised(value: Any) -> Any:
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
