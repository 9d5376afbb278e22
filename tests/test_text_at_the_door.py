"""Text fields refuse control, bidi and invisible characters at the door; line breaks
only where a field is multi-line (notes, reasons, descriptions). So nothing of the kind
reaches a PDF, an export or a header."""

from __future__ import annotations

import sys
import unicodedata

import pytest
from sqlalchemy import func, select

from inspect_app.extensions import db
from inspect_app.models import HazardEvent, Institution, User
from inspect_app.text import INVISIBLE, refused_character
from inspect_app.text import LINE_BREAKS as TEXT_LINE_BREAKS
from tests.conftest import valid_credit_code
from tests.test_hazards import GENERAL, MAJOR, act, photo_ids, raised  # noqa: F401  # noqa: F401  (fixtures)

API = "/api/v1"

# Refused in every text field.
HIDDEN = [
    "\x01=1+1",
    "松江\x1b[31m",
    "名\x7f字",
    "福寿\u202e院老养",
    "a\u2066b\u2069",
    "\u200f名字",
    "\ufeff名字",
    "零\u200b宽",
    "段落\u2028分隔",
    "\x85next line",
]
# Refused in one-line fields, kept in multi-line ones.
LINE_BREAKS = ["第一行\n第二行", "第一行\r\n第二行", "缩\t进"]


def _institution_body(n: int, **overrides) -> dict:
    return {
        "name": "松江区福寿养老院",
        "credit_code": valid_credit_code(n),
        "street": "方松街道",
        "address": "松江区文诚路88号",
        "beds": 150,
        "ownership": "private",
        **overrides,
    }


@pytest.mark.parametrize("field", ["name", "address", "street"])
def test_one_line_institution_fields_refuse_hidden_characters_and_line_breaks(
    client, bureau_h, field
):
    before = db.session.scalar(select(func.count()).select_from(Institution))
    for n, value in enumerate(HIDDEN + LINE_BREAKS):
        body = _institution_body(7000 + n, **{field: value})
        response = client.post(f"{API}/institutions", json=body, headers=bureau_h)
        assert response.status_code == 422, (field, value)
        assert field in str(response.json["errors"])
    assert db.session.scalar(select(func.count()).select_from(Institution)) == before


def test_a_patch_refuses_them_too(client, bureau_h, institution):
    for value in HIDDEN + LINE_BREAKS:
        response = client.patch(
            f"{API}/institutions/{institution.id}", json={"name": value}, headers=bureau_h
        )
        assert response.status_code == 422, value
    db.session.expire_all()
    assert refused_character(db.session.get(Institution, institution.id).name) is None


def test_display_names_refuse_them(client, bureau_h, inspector):
    for value in HIDDEN + LINE_BREAKS:
        response = client.patch(
            f"{API}/users/{inspector.id}", json={"display_name": value}, headers=bureau_h
        )
        assert response.status_code == 422, value
    db.session.expire_all()
    assert db.session.get(User, inspector.id).display_name == inspector.display_name


def test_query_parameters_refuse_them(client, bureau_h):
    response = client.get(f"{API}/institutions", query_string={"q": "\u202e"}, headers=bureau_h)
    assert response.status_code == 422


def test_multi_line_notes_keep_line_breaks_and_refuse_the_rest(
    client,
    manager_h,
    raised,  # noqa: F811
):
    for value in HIDDEN:
        response = act(client, manager_h, raised["general"], "acknowledge", [], plan=value)
        assert response.status_code == 422, value
    assert (
        db.session.scalar(
            select(func.count()).select_from(HazardEvent).where(HazardEvent.type == "acknowledged")
        )
        == 0
    )
    plan = LINE_BREAKS[1] + "\t完成"
    response = act(client, manager_h, raised["general"], "acknowledge", [], plan=plan)
    assert response.status_code == 200, response.json
    note = db.session.scalar(select(HazardEvent.note).where(HazardEvent.type == "acknowledged"))
    assert note == plan


def test_an_emoji_a_rare_character_and_a_joiner_are_not_refused(client, bureau_h):
    body = _institution_body(7999, name="𠮷祥䶮👨‍👩‍👧养老院")
    response = client.post(f"{API}/institutions", json=body, headers=bureau_h)
    assert response.status_code == 201, response.json


def test_the_refused_characters_are_exactly_the_control_surrogate_and_invisible_ones():
    """The check is one regex class per kind of field; it must name what the rule names,
    by Unicode's categories, for every code point of the BMP and the planes' edges."""
    points = [*range(0x10000), *range(0x10000, sys.maxunicode + 1, 0x7FF), sys.maxunicode]
    for point in points:
        ch = chr(point)
        refused = ch in INVISIBLE or unicodedata.category(ch) in ("Cc", "Cs")
        assert refused_character(f"名{ch}字") == (ch if refused else None), hex(point)
        kept_in_notes = ch in TEXT_LINE_BREAKS
        assert refused_character(f"名{ch}字", multiline=True) == (
            ch if refused and not kept_in_notes else None
        ), hex(point)
