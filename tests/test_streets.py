"""The district's streets (街镇) are configured (``STREETS``): every street the API takes is
one of them, and the OpenAPI document lists them as the field's ``enum``."""

from __future__ import annotations

from pathlib import Path

import pytest

from inspect_app import config, create_app
from inspect_app.demo.district import STREETS as DEMO_STREETS

API = "/api/v1"

# (method, path, where the street goes): every operation that takes a street.
TAKES_A_STREET = [
    ("get", "/api/v1/institutions", "query"),
    ("post", "/api/v1/institutions", "body"),
    ("patch", "/api/v1/institutions/{institution_id}", "body"),
    ("get", "/api/v1/hazards", "query"),
    ("get", "/api/v1/clearance", "query"),
    ("post", "/api/v1/reports/monthly", "body"),
    ("get", "/api/v1/reports/monthly/{month}.pdf", "query"),
]


def street_schema(document: dict, method: str, path: str, where: str) -> dict:
    operation = document["paths"][path][method]
    if where == "query":
        return next(p["schema"] for p in operation["parameters"] if p["name"] == "street")
    body = operation["requestBody"]["content"]["application/json"]["schema"]
    name = body["$ref"].rsplit("/", 1)[-1]
    return document["components"]["schemas"][name]["properties"]["street"]


def test_the_default_streets_are_the_demo_districts():
    assert tuple(DEMO_STREETS) == config.DEFAULT_STREETS


def test_streets_come_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("STREETS", " 甲街道, 乙镇 ,,")
    assert config.from_environment(Path(tmp_path))["STREETS"] == ["甲街道", "乙镇"]
    monkeypatch.setenv("STREETS", "")
    assert config.from_environment(Path(tmp_path))["STREETS"] == list(config.DEFAULT_STREETS)


@pytest.mark.parametrize("method, path, where", TAKES_A_STREET)
def test_every_street_the_api_takes_is_an_enum_of_the_configured_streets(
    client, method, path, where
):
    document = client.get("/api/openapi.json").json
    assert street_schema(document, method, path, where)["enum"] == list(DEMO_STREETS)


def test_the_enum_is_built_from_the_configuration(monkeypatch, tmp_path):
    monkeypatch.setenv("STREETS", "甲街道,乙镇")
    app = create_app(
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"},
        instance_path=str(tmp_path / "instance"),
    )
    document = app.test_client().get("/api/openapi.json").json
    for method, path, where in TAKES_A_STREET:
        assert street_schema(document, method, path, where)["enum"] == ["甲街道", "乙镇"]


def test_a_street_not_of_the_district_is_refused(client, bureau_h, institution):
    for url in ("/institutions", "/hazards", "/clearance"):
        response = client.get(f"{API}{url}?street=不存在街道", headers=bureau_h)
        assert response.status_code == 422, url
        assert "street" in response.json["errors"]["query"], url
    patched = client.patch(
        f"{API}/institutions/{institution.id}", json={"street": "不存在街道"}, headers=bureau_h
    )
    assert patched.status_code == 422 and "street" in patched.json["errors"]["json"]
    report = client.post(
        f"{API}/reports/monthly", json={"month": "2026-10", "street": "岳阳"}, headers=bureau_h
    )
    assert report.status_code == 422 and "street" in report.json["errors"]["json"]


def test_a_street_of_the_district_is_taken(client, bureau_h, institution):
    listed = client.get(f"{API}/institutions?street={institution.street}", headers=bureau_h)
    assert [i["id"] for i in listed.json] == [institution.id]
    moved = client.patch(
        f"{API}/institutions/{institution.id}", json={"street": "泗泾镇"}, headers=bureau_h
    )
    assert moved.status_code == 200 and moved.json["street"] == "泗泾镇"
