"""Registering, listing, reading and changing institutions, and who sees which, via HTTP."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import func, select

from inspect_app.extensions import db
from inspect_app.models import Institution
from tests.conftest import valid_credit_code
from tests.helpers import assert_envelope

INSTITUTIONS = "/api/v1/institutions"
# Features added since these tests were written: false unless given.
NO_NEW = {"lpg": False, "meals_delivered": False}


def body_for(n: int = 9001, **overrides) -> dict:
    body = {
        "name": "松江区福寿养老院",
        "credit_code": valid_credit_code(n),
        "street": "方松街道",
        "address": "松江区文诚路88号",
        "beds": 150,
        "ownership": "public_private",
        "features": {"kitchen": True, "gas": False, "medical": True},
    }
    body.update(overrides)
    return {k: v for k, v in body.items() if v is not ...}


def wrong_check_digit(code: str) -> str:
    replacement = "0" if code[-1] != "0" else "1"
    return code[:-1] + replacement


def institution_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Institution))


def field_errors(response) -> dict:
    """Field errors, whether from schema validation (under ``json``) or from the service."""
    errors = assert_envelope(response, 422)["errors"]
    return errors.get("json", errors)


# --- POST /institutions -----------------------------------------------------------------


def test_bureau_registers_institution_201(client, bureau_h):
    body = body_for()
    response = client.post(INSTITUTIONS, headers=bureau_h, json=body)
    assert response.status_code == 201
    answer = response.json
    assert isinstance(answer["id"], int)
    for field, value in body.items():
        assert answer[field] == ({**value, **NO_NEW} if field == "features" else value)
    assert datetime.fromisoformat(answer["created_at"]).utcoffset() is not None
    stored = db.session.get(Institution, answer["id"])
    assert stored.credit_code == body["credit_code"]
    assert stored.features == {"kitchen": True, "gas": False, "medical": True, **NO_NEW}


def test_registered_institution_is_readable(client, bureau_h):
    created = client.post(INSTITUTIONS, headers=bureau_h, json=body_for()).json
    response = client.get(f"{INSTITUTIONS}/{created['id']}", headers=bureau_h)
    assert response.status_code == 200
    assert response.json == created


def test_features_default_to_all_false(client, bureau_h):
    response = client.post(INSTITUTIONS, headers=bureau_h, json=body_for(features=...))
    assert response.status_code == 201
    assert response.json["features"] == {"kitchen": False, "gas": False, "medical": False, **NO_NEW}


def test_features_given_in_part_default_the_rest_to_false(client, bureau_h):
    response = client.post(INSTITUTIONS, headers=bureau_h, json=body_for(features={"gas": True}))
    assert response.status_code == 201
    assert response.json["features"] == {"kitchen": False, "gas": True, "medical": False, **NO_NEW}


def test_valid_credit_code_with_check_digit_is_accepted(client, bureau_h):
    code = valid_credit_code(4242)
    response = client.post(INSTITUTIONS, headers=bureau_h, json=body_for(credit_code=code))
    assert response.status_code == 201
    assert response.json["credit_code"] == code


def test_credit_code_with_wrong_check_digit_is_422_naming_credit_code(client, bureau_h):
    bad = wrong_check_digit(valid_credit_code(4242))
    response = client.post(INSTITUTIONS, headers=bureau_h, json=body_for(credit_code=bad))
    errors = field_errors(response)
    assert "credit_code" in errors
    assert institution_count() == 0


@pytest.mark.parametrize(
    "code",
    [
        "12345",
        "52310117MJ00000011X",
        "52310117MJ000000!1",
        "5231011 MJ00000011",
        "",
    ],
    ids=["too-short", "too-long", "bad-character", "space", "empty"],
)
def test_malformed_credit_code_is_422(client, bureau_h, code):
    response = client.post(INSTITUTIONS, headers=bureau_h, json=body_for(credit_code=code))
    assert "credit_code" in field_errors(response)
    assert institution_count() == 0


def test_lowercase_credit_code_is_normalised_to_upper_case(client, bureau_h):
    code = valid_credit_code(777)
    assert code != code.lower()
    response = client.post(INSTITUTIONS, headers=bureau_h, json=body_for(credit_code=code.lower()))
    assert response.status_code == 201
    assert response.json["credit_code"] == code
    assert db.session.scalar(select(Institution.credit_code)) == code


def test_duplicate_credit_code_is_409_with_json_message(client, bureau_h, institution):
    response = client.post(
        INSTITUTIONS,
        headers=bureau_h,
        json=body_for(name="另一家", credit_code=institution.credit_code),
    )
    body = assert_envelope(response, 409)
    assert "credit_code" in body["errors"]
    assert institution_count() == 1


def test_duplicate_credit_code_in_lower_case_is_still_409(client, bureau_h, institution):
    response = client.post(
        INSTITUTIONS, headers=bureau_h, json=body_for(credit_code=institution.credit_code.lower())
    )
    assert_envelope(response, 409)
    assert institution_count() == 1


def test_replayed_post_gives_409_and_one_row(client, bureau_h):
    body = body_for()
    first = client.post(INSTITUTIONS, headers=bureau_h, json=body)
    second = client.post(INSTITUTIONS, headers=bureau_h, json=body)
    assert first.status_code == 201
    assert_envelope(second, 409)
    assert institution_count() == 1
    listed = client.get(INSTITUTIONS, headers=bureau_h).json
    assert [i["id"] for i in listed] == [first.json["id"]]


@pytest.mark.parametrize(
    "beds",
    [-1, "120", 12.5, True, None, 10**12],
    ids=["negative", "string", "float", "bool", "null", "huge"],
)
def test_invalid_beds_is_422(client, bureau_h, beds):
    response = client.post(INSTITUTIONS, headers=bureau_h, json=body_for(beds=beds))
    assert "beds" in field_errors(response)
    assert institution_count() == 0


def test_zero_beds_is_accepted(client, bureau_h):
    assert client.post(INSTITUTIONS, headers=bureau_h, json=body_for(beds=0)).status_code == 201


@pytest.mark.parametrize("ownership", ["state", "", "PUBLIC", None])
def test_unknown_ownership_is_422(client, bureau_h, ownership):
    response = client.post(INSTITUTIONS, headers=bureau_h, json=body_for(ownership=ownership))
    assert "ownership" in field_errors(response)


@pytest.mark.parametrize("ownership", ["public", "private", "public_private"])
def test_each_ownership_is_accepted(client, bureau_h, ownership):
    response = client.post(INSTITUTIONS, headers=bureau_h, json=body_for(ownership=ownership))
    assert response.status_code == 201
    assert response.json["ownership"] == ownership


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"name": ...}, "name"),
        ({"name": ""}, "name"),
        ({"name": "院" * 201}, "name"),
        ({"name": "福寿\u0000养老院"}, "name"),
        ({"street": ...}, "street"),
        ({"street": "街" * 51}, "street"),
        ({"address": ...}, "address"),
        ({"address": 88}, "address"),
        ({"credit_code": ...}, "credit_code"),
        ({"features": {"pool": True}}, "features"),
        ({"features": None}, "features"),
        ({"features": ["kitchen"]}, "features"),
        ({"lat": 91}, "lat"),
        ({"lon": -181}, "lon"),
        ({"id": 5}, "id"),
        ({"created_at": "2026-01-01T00:00:00+08:00"}, "created_at"),
        ({"rating": 5}, "rating"),
    ],
    ids=[
        "no-name",
        "empty-name",
        "long-name",
        "nul-in-name",
        "no-street",
        "long-street",
        "no-address",
        "address-int",
        "no-credit-code",
        "unknown-feature",
        "null-features",
        "features-list",
        "lat-range",
        "lon-range",
        "id-given",
        "created-at-given",
        "unknown-field",
    ],
)
def test_invalid_institution_fields_are_422_naming_the_field(client, bureau_h, overrides, field):
    response = client.post(INSTITUTIONS, headers=bureau_h, json=body_for(**overrides))
    assert field in field_errors(response)
    assert institution_count() == 0


@pytest.mark.parametrize("field", ["name", "street", "address"])
def test_lone_surrogate_in_institution_text_is_422_not_500(client, bureau_h, field):
    body = json.dumps(body_for(**{field: "surrogate-here"}))
    body = body.replace("surrogate-here", "bad\\ud800text")
    response = client.post(
        INSTITUTIONS, headers=bureau_h, data=body, content_type="application/json"
    )
    assert field in field_errors(response)
    assert institution_count() == 0


def test_coordinates_are_stored_when_given(client, bureau_h):
    response = client.post(INSTITUTIONS, headers=bureau_h, json=body_for(lat=31.03, lon=121.22))
    assert response.status_code == 201
    assert (response.json["lat"], response.json["lon"]) == (31.03, 121.22)


def test_register_with_malformed_json_is_400(client, bureau_h):
    response = client.post(
        INSTITUTIONS, headers=bureau_h, data="{'name': 1}", content_type="application/json"
    )
    assert_envelope(response, 400)


@pytest.mark.parametrize("role", ["inspector", "manager"])
def test_non_bureau_cannot_register_institutions(client, role, inspector_h, manager_h):
    headers = inspector_h if role == "inspector" else manager_h
    response = client.post(INSTITUTIONS, headers=headers, json=body_for())
    assert_envelope(response, 403)
    assert institution_count() == 1  # only the manager's own


def test_register_without_token_is_401(client):
    assert_envelope(client.post(INSTITUTIONS, json=body_for()), 401)
    assert_envelope(client.post(INSTITUTIONS, json={"beds": "x"}), 401)
    assert institution_count() == 0


# --- GET /institutions ------------------------------------------------------------------


@pytest.fixture
def district(make_institution):
    return {
        "a": make_institution(name="岳阳敬老院", street="岳阳街道", address="松江区人民路1号"),
        "b": make_institution(name="方松颐养院", street="方松街道", address="松江区文诚路2号"),
        "c": make_institution(
            name="Sunshine 100% 护理院", street="方松街道", address="Block_A 松江区3号"
        ),
        "d": make_institution(name="中山养老院", street="中山街道", address="松江区中山路4号"),
    }


def ids_of(response) -> list[int]:
    assert response.status_code == 200, response.get_data(as_text=True)
    return [item["id"] for item in response.json]


def test_bureau_lists_all_institutions_with_total(client, bureau_h, district):
    response = client.get(INSTITUTIONS, headers=bureau_h)
    assert ids_of(response) == sorted(i.id for i in district.values())
    assert json.loads(response.headers["X-Pagination"])["total"] == 4


def test_inspector_sees_all_institutions(client, inspector_h, district):
    assert ids_of(client.get(INSTITUTIONS, headers=inspector_h)) == sorted(
        i.id for i in district.values()
    )


def test_list_filters_by_street(client, bureau_h, district):
    response = client.get(INSTITUTIONS, headers=bureau_h, query_string={"street": "方松街道"})
    assert ids_of(response) == [district["b"].id, district["c"].id]
    assert json.loads(response.headers["X-Pagination"])["total"] == 2


def test_list_filter_by_a_street_not_of_the_district_is_refused(client, bureau_h, district):
    response = client.get(INSTITUTIONS, headers=bureau_h, query_string={"street": "不存在街道"})
    assert response.status_code == 422 and "street" in response.json["errors"]["query"]


def test_list_q_matches_name_or_address(client, bureau_h, district):
    by_name = client.get(INSTITUTIONS, headers=bureau_h, query_string={"q": "颐养"})
    assert ids_of(by_name) == [district["b"].id]
    by_address = client.get(INSTITUTIONS, headers=bureau_h, query_string={"q": "中山路"})
    assert ids_of(by_address) == [district["d"].id]


def test_list_q_is_case_insensitive_on_every_database(client, bureau_h, district):
    response = client.get(INSTITUTIONS, headers=bureau_h, query_string={"q": "sunshine"})
    assert ids_of(response) == [district["c"].id]


def test_list_q_with_percent_does_not_match_everything(client, bureau_h, district):
    assert ids_of(client.get(INSTITUTIONS, headers=bureau_h, query_string={"q": "%"})) == [
        district["c"].id
    ]
    assert ids_of(client.get(INSTITUTIONS, headers=bureau_h, query_string={"q": "0%"})) == [
        district["c"].id
    ]
    assert ids_of(client.get(INSTITUTIONS, headers=bureau_h, query_string={"q": "%%"})) == []


def test_list_q_with_underscore_matches_only_underscore(client, bureau_h, district):
    assert ids_of(client.get(INSTITUTIONS, headers=bureau_h, query_string={"q": "_"})) == [
        district["c"].id
    ]
    assert ids_of(client.get(INSTITUTIONS, headers=bureau_h, query_string={"q": "松江区_号"})) == []


def test_list_q_with_backslash_does_not_fail(client, bureau_h, district):
    assert ids_of(client.get(INSTITUTIONS, headers=bureau_h, query_string={"q": "\\"})) == []


def test_list_street_and_q_combine(client, bureau_h, district):
    response = client.get(
        INSTITUTIONS, headers=bureau_h, query_string={"street": "方松街道", "q": "文诚路"}
    )
    assert ids_of(response) == [district["b"].id]


@pytest.mark.parametrize("param", ["q", "street"])
def test_list_filter_with_nul_character_is_422_not_500(client, bureau_h, district, param):
    response = client.get(INSTITUTIONS, headers=bureau_h, query_string={param: "a\u0000b"})
    assert param in assert_envelope(response, 422)["errors"]["query"]


def test_list_is_paginated(client, bureau_h, district):
    first = client.get(INSTITUTIONS, headers=bureau_h, query_string={"page_size": 3})
    second = client.get(INSTITUTIONS, headers=bureau_h, query_string={"page_size": 3, "page": 2})
    assert len(first.json) == 3
    assert ids_of(first) + ids_of(second) == sorted(i.id for i in district.values())
    assert json.loads(second.headers["X-Pagination"])["total"] == 4


def test_list_page_size_over_200_is_422(client, bureau_h):
    response = client.get(INSTITUTIONS, headers=bureau_h, query_string={"page_size": 201})
    assert "page_size" in assert_envelope(response, 422)["errors"]["query"]


def test_list_with_absurd_page_number_is_not_500(client, bureau_h):
    response = client.get(INSTITUTIONS, headers=bureau_h, query_string={"page": 10**20})
    assert response.status_code in (200, 422)
    if response.status_code == 200:
        assert response.json == []


def test_manager_sees_only_own_institution_in_list(client, manager, manager_h, district):
    response = client.get(INSTITUTIONS, headers=manager_h)
    assert ids_of(response) == [manager.institution_id]
    assert json.loads(response.headers["X-Pagination"])["total"] == 1


def test_manager_filter_cannot_reach_other_institutions(client, manager_h, district):
    response = client.get(INSTITUTIONS, headers=manager_h, query_string={"street": "方松街道"})
    assert ids_of(response) == []
    response = client.get(INSTITUTIONS, headers=manager_h, query_string={"q": "颐养"})
    assert ids_of(response) == []


def test_list_without_token_is_401(client):
    assert_envelope(client.get(INSTITUTIONS), 401)


# --- GET /institutions/{id} -------------------------------------------------------------


def test_get_one_institution(client, inspector_h, district):
    b = district["b"]
    response = client.get(f"{INSTITUTIONS}/{b.id}", headers=inspector_h)
    assert response.status_code == 200
    assert response.json["id"] == b.id
    assert response.json["name"] == "方松颐养院"
    assert response.json["credit_code"] == b.credit_code
    assert response.json["features"] == {"kitchen": True, "gas": True, "medical": True, **NO_NEW}


def test_manager_reads_own_institution(client, manager, manager_h):
    response = client.get(f"{INSTITUTIONS}/{manager.institution_id}", headers=manager_h)
    assert response.status_code == 200
    assert response.json["id"] == manager.institution_id


def test_manager_cannot_read_other_institution(client, manager_h, district):
    other = district["a"]
    response = client.get(f"{INSTITUTIONS}/{other.id}", headers=manager_h)
    body = assert_envelope(response, 404)
    assert other.name not in response.get_data(as_text=True)
    # Indistinguishable from an id that does not exist.
    missing = client.get(f"{INSTITUTIONS}/{other.id + 1000}", headers=manager_h)
    assert missing.status_code == 404
    assert missing.json == body


def test_unknown_institution_is_404(client, bureau_h):
    assert_envelope(client.get(f"{INSTITUTIONS}/4242", headers=bureau_h), 404)


@pytest.mark.parametrize("bad_id", ["99999999999999", "2147483648", "0", "-1", "abc", "1.5"])
def test_out_of_range_or_malformed_id_is_404_not_500(client, bureau_h, bad_id):
    assert_envelope(client.get(f"{INSTITUTIONS}/{bad_id}", headers=bureau_h), 404)
    assert_envelope(
        client.patch(f"{INSTITUTIONS}/{bad_id}", headers=bureau_h, json={"beds": 1}), 404
    )


def test_get_one_without_token_is_401(client, institution):
    assert_envelope(client.get(f"{INSTITUTIONS}/{institution.id}"), 401)


# --- PATCH /institutions/{id} -----------------------------------------------------------


def test_patch_changes_only_the_fields_given(client, bureau_h, institution):
    before = client.get(f"{INSTITUTIONS}/{institution.id}", headers=bureau_h).json
    response = client.patch(f"{INSTITUTIONS}/{institution.id}", headers=bureau_h, json={"beds": 80})
    assert response.status_code == 200, response.get_data(as_text=True)
    after = response.json
    assert after["beds"] == 80
    for field in ("name", "credit_code", "street", "address", "ownership", "features", "lat"):
        assert after[field] == before[field]
    assert client.get(f"{INSTITUTIONS}/{institution.id}", headers=bureau_h).json["beds"] == 80


def test_patch_several_fields(client, bureau_h, institution):
    changes = {"name": "更名养老院", "street": "中山街道", "ownership": "public", "lat": 31.0}
    response = client.patch(f"{INSTITUTIONS}/{institution.id}", headers=bureau_h, json=changes)
    assert response.status_code == 200
    for field, value in changes.items():
        assert response.json[field] == value
    db.session.expire_all()
    stored = db.session.get(Institution, institution.id)
    assert (stored.name, stored.street, stored.ownership) == ("更名养老院", "中山街道", "public")


def test_patch_features_merges_with_stored_ones(client, bureau_h, institution):
    assert institution.features == {"kitchen": True, "gas": True, "medical": True}
    response = client.patch(
        f"{INSTITUTIONS}/{institution.id}", headers=bureau_h, json={"features": {"gas": False}}
    )
    assert response.status_code == 200
    assert response.json["features"] == {"kitchen": True, "gas": False, "medical": True, **NO_NEW}
    reread = client.get(f"{INSTITUTIONS}/{institution.id}", headers=bureau_h).json
    assert reread["features"] == {"kitchen": True, "gas": False, "medical": True, **NO_NEW}


def test_patch_with_empty_body_is_refused_and_changes_nothing(client, bureau_h, institution):
    before = client.get(f"{INSTITUTIONS}/{institution.id}", headers=bureau_h).json
    response = client.patch(f"{INSTITUTIONS}/{institution.id}", headers=bureau_h, json={})
    assert response.status_code == 422  # issue 20: an empty PATCH is a mistake, not a 200
    after = client.get(f"{INSTITUTIONS}/{institution.id}", headers=bureau_h).json
    assert after == before


def test_patch_moves_updated_at(client, bureau_h, institution):
    created_at = client.get(f"{INSTITUTIONS}/{institution.id}", headers=bureau_h).json["created_at"]
    with time_machine.travel(datetime.now(UTC) + timedelta(minutes=30), tick=False):
        response = client.patch(
            f"{INSTITUTIONS}/{institution.id}", headers=bureau_h, json={"beds": 99}
        )
    assert response.json["created_at"] == created_at
    assert datetime.fromisoformat(response.json["updated_at"]) > datetime.fromisoformat(
        created_at
    ) + timedelta(minutes=29)


def test_patch_credit_code_is_validated_and_normalised(client, bureau_h, institution):
    bad = wrong_check_digit(valid_credit_code(5150))
    response = client.patch(
        f"{INSTITUTIONS}/{institution.id}", headers=bureau_h, json={"credit_code": bad}
    )
    assert "credit_code" in field_errors(response)
    good = valid_credit_code(5150)
    response = client.patch(
        f"{INSTITUTIONS}/{institution.id}", headers=bureau_h, json={"credit_code": good.lower()}
    )
    assert response.status_code == 200
    assert response.json["credit_code"] == good


def test_patch_credit_code_to_its_own_value_is_fine(client, bureau_h, institution):
    response = client.patch(
        f"{INSTITUTIONS}/{institution.id}",
        headers=bureau_h,
        json={"credit_code": institution.credit_code},
    )
    assert response.status_code == 200


def test_patch_credit_code_to_another_institutions_is_409(client, bureau_h, make_institution):
    first, second = make_institution(), make_institution()
    response = client.patch(
        f"{INSTITUTIONS}/{second.id}", headers=bureau_h, json={"credit_code": first.credit_code}
    )
    assert_envelope(response, 409)
    db.session.expire_all()
    assert db.session.get(Institution, second.id).credit_code != first.credit_code


def test_replayed_patch_gives_the_same_answer(client, bureau_h, institution):
    url = f"{INSTITUTIONS}/{institution.id}"
    changes = {"beds": 60, "features": {"kitchen": False}}
    first = client.patch(url, headers=bureau_h, json=changes)
    second = client.patch(url, headers=bureau_h, json=changes)
    assert first.status_code == second.status_code == 200
    assert {k: v for k, v in first.json.items() if k != "updated_at"} == {
        k: v for k, v in second.json.items() if k != "updated_at"
    }
    assert institution_count() == 1


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"beds": -5}, "beds"),
        ({"beds": "ten"}, "beds"),
        ({"ownership": "collective"}, "ownership"),
        ({"name": None}, "name"),
        ({"name": ""}, "name"),
        ({"features": {"pool": True}}, "features"),
        ({"features": {"gas": "maybe"}}, "features"),
        ({"id": 99}, "id"),
        ({"colour": "red"}, "colour"),
    ],
    ids=[
        "negative-beds",
        "string-beds",
        "ownership",
        "null-name",
        "empty-name",
        "unknown-feature",
        "feature-not-bool",
        "id",
        "unknown-field",
    ],
)
def test_patch_with_invalid_field_is_422_and_changes_nothing(
    client, bureau_h, institution, changes, field
):
    before = client.get(f"{INSTITUTIONS}/{institution.id}", headers=bureau_h).json
    response = client.patch(f"{INSTITUTIONS}/{institution.id}", headers=bureau_h, json=changes)
    assert field in field_errors(response)
    assert client.get(f"{INSTITUTIONS}/{institution.id}", headers=bureau_h).json == before


@pytest.mark.parametrize("role", ["inspector", "manager"])
def test_non_bureau_cannot_patch_institutions(client, role, manager, inspector_h, manager_h):
    headers = inspector_h if role == "inspector" else manager_h
    response = client.patch(
        f"{INSTITUTIONS}/{manager.institution_id}", headers=headers, json={"beds": 1}
    )
    assert_envelope(response, 403)
    db.session.expire_all()
    assert db.session.get(Institution, manager.institution_id).beds == 120


def test_patch_unknown_institution_is_404(client, bureau_h):
    response = client.patch(f"{INSTITUTIONS}/4242", headers=bureau_h, json={"beds": 1})
    assert_envelope(response, 404)


def test_patch_without_token_is_401(client, institution):
    assert_envelope(client.patch(f"{INSTITUTIONS}/{institution.id}", json={"beds": 1}), 401)


def test_put_and_delete_are_405_json(client, bureau_h, institution):
    for method in (client.put, client.delete):
        response = method(f"{INSTITUTIONS}/{institution.id}", headers=bureau_h, json=body_for())
        assert_envelope(response, 405)
        assert "PATCH" in response.headers["Allow"]


def test_openapi_patch_body_requires_no_field(client):
    spec = client.get("/api/openapi.json").json
    operation = spec["paths"]["/api/v1/institutions/{institution_id}"]["patch"]
    ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    patch_schema = spec["components"]["schemas"][ref.rsplit("/", 1)[1]]
    assert "required" not in patch_schema
    assert set(spec["paths"]["/api/v1/institutions/{institution_id}"]) >= {"get", "patch"}


def test_openapi_documents_that_text_fields_refuse_nul(client):
    schemas = client.get("/api/openapi.json").json["components"]["schemas"]
    assert "pattern" in schemas["Institution"]["properties"]["name"]
    assert "pattern" in schemas["Login"]["properties"]["username"]
