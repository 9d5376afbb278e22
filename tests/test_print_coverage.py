"""Every character a document can hold prints: the main CJK font, then the fallback
chain (Hanazono A and B for CJK Extensions A/B and ℃, Symbola for emoji), then a visible
placeholder. Every character a checklist, a unit, a label or a stored name can print is
checked against the chain's coverage; names of each kind are rendered and read back."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import yaml

from inspect_app.pdf import fonts
from tests.test_documents import font_files, inspect, pdf_text, team  # noqa: F401

ROOT = Path(__file__).resolve().parents[1]
API = "/api/v1"

# Stored names a district really has: rare-character surnames and place names (Extension
# A and B), a temperature, and emoji that phones put into names and notes.
RARE_NAMES = {
    "extension_a": "䶮家养老院",
    "extension_b": "𠮷野𪚥敬老院",
    "symbol": "冷库温度 30℃",
    "emoji": "阳光之家😀🏠",
}


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _literals(path: Path):
    """Every string literal of a module: its labels, titles and fixed sentences."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.value


def printable_texts() -> list[str]:
    texts: list[str] = []
    for path in sorted((ROOT / "checklists").glob("*.yaml")):  # items, units, choices
        texts += _strings(yaml.safe_load(path.read_text(encoding="utf-8")))
    for module in (
        "inspect_app/inspections/document_layout.py",
        "inspect_app/reports/monthly_layout.py",
        "inspect_app/reports/charts.py",
        "inspect_app/names.py",
        "inspect_app/reports/labels.py",
    ):
        if (ROOT / module).is_file():
            texts += _literals(ROOT / module)
    from inspect_app import names

    for value in vars(names).values():  # every LabelledEnum's Chinese labels
        for member in getattr(value, "__members__", {}).values():
            label = getattr(member, "label", None)
            if isinstance(label, str):
                texts.append(label)
    return texts + list(RARE_NAMES.values())


def test_every_character_that_can_print_is_covered_by_the_chain(app):
    assert fonts.is_embedded(fonts.cjk_font())
    assert len(fonts.fallback_fonts()) == len(fonts.FALLBACKS), "fallback fonts installed"
    missing = sorted(
        {
            ch
            for text in printable_texts()
            for ch in text
            if ch.isprintable() and fonts.font_for(ch) is None
        }
    )
    assert missing == [], f"characters no font of the chain draws: {missing}"


def test_the_main_fonts_empty_glyphs_go_to_the_chain(app):
    """WQY Micro Hei maps ℃ to an empty glyph: it must not be set in it."""
    assert fonts.font_for("℃") != fonts.cjk_font()
    assert fonts.font_for("䶮") != fonts.cjk_font()
    assert fonts.font_for("福") == fonts.cjk_font()


def test_what_no_font_draws_prints_as_a_visible_placeholder(app):
    unassigned = "\U000e01f0"  # a variation selector no font of the chain has
    assert fonts.font_for(unassigned) is None
    assert fonts.PLACEHOLDER in fonts.markup(f"名{unassigned}")
    assert fonts.font_for(fonts.PLACEHOLDER) == fonts.cjk_font()


@pytest.mark.parametrize("kind", sorted(RARE_NAMES))
def test_names_of_each_kind_are_rendered_and_read_back(
    client,
    team,  # noqa: F811  (the fixture of tests/test_documents.py)
    make_institution,
    kind,
):
    _, _, headers = team
    name = RARE_NAMES[kind]
    home = make_institution(name=name, address=f"{name}路1号", street="中山街道")
    inspection_id = inspect(client, headers, home.id, fail=("F-02",))
    for document in ("record", "notice"):
        response = client.get(f"{API}/inspections/{inspection_id}/{document}.pdf", headers=headers)
        assert response.status_code == 200
        text = pdf_text(response.data).replace("\n", "")
        assert name in text, f"{kind}: {name!r} not read back from the {document}"
        used = font_files(response.data)
        assert all(embedded for _, embedded in used), used
        assert len({base.split("+")[-1] for base, _ in used}) >= 2, "a fallback font is used"
