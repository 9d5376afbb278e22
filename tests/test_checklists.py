"""Checklists: the shipped files, versions, ETags, bureau uploads and `flask checklists sync`."""

from __future__ import annotations

import shutil

import pytest
import yaml

from inspect_app.checklists import content as checklist_content
from inspect_app.config import PROJECT_ROOT

API = "/api/v1"
FILES = sorted((PROJECT_ROOT / "checklists").glob("*.yaml"))


def document_of(client, headers, key="fire") -> dict:
    document = client.get(f"{API}/checklists/{key}", headers=headers).json
    for extra in ("version", "content_hash", "published_at"):
        document.pop(extra)
    return document


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_shipped_checklist_is_valid_bilingual_and_complete(path):
    document = checklist_content.load_file(path)
    items = list(checklist_content.iter_items(document))
    assert len(items) >= 15
    for item in items:
        assert item["prompt"]["zh"] and item["prompt"]["en"]
        assert item["basis"]
        assert item["severity"] in ("general", "major")


def test_six_categories_are_shipped():
    assert [p.stem for p in FILES] == ["facilities", "fire", "food", "gas", "management", "service"]


def test_list_shows_latest_version_of_each(client, inspector_h):
    response = client.get(f"{API}/checklists", headers=inspector_h)
    assert response.status_code == 200
    summary = {c["key"]: (c["category"], c["version"], c["item_count"]) for c in response.json}
    assert summary == {
        "facilities": ("facilities", 1, 16),
        "fire": ("fire", 1, 17),
        "food": ("food", 1, 20),
        "gas": ("gas", 1, 16),
        "management": ("management", 1, 16),
        "service": ("service", 1, 20),
    }
    assert response.json[0]["title"]["zh"]


def test_full_checklist_has_sections_items_and_etag(client, manager_h):
    response = client.get(f"{API}/checklists/gas", headers=manager_h)
    assert response.status_code == 200
    body = response.json
    assert body["version"] == 1
    assert body["title"]["zh"] and body["title"]["en"]
    item = body["sections"][0]["items"][0]
    assert item["code"] == "G-01"
    assert item["applies_if"] == {"any_of": [{"gas": True}, {"lpg": True}]}
    assert set(item) >= {
        "code",
        "prompt",
        "guidance",
        "basis",
        "answer_type",
        "severity",
        "photo_required_on_fail",
        "applies_if",
    }
    assert response.headers["ETag"]


def test_conditional_get_answers_304_until_a_new_version(client, bureau_h):
    first = client.get(f"{API}/checklists/fire", headers=bureau_h)
    etag = first.headers["ETag"]
    again = client.get(f"{API}/checklists/fire", headers={**bureau_h, "If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""
    assert again.headers["ETag"] == etag

    document = document_of(client, bureau_h)
    document["sections"][0]["items"][1]["guidance"]["zh"] += "另查闭门器。"
    assert client.post(f"{API}/checklists", json=document, headers=bureau_h).status_code == 201
    after = client.get(f"{API}/checklists/fire", headers={**bureau_h, "If-None-Match": etag})
    assert after.status_code == 200
    assert after.json["version"] == 2
    assert after.headers["ETag"] != etag


def test_old_versions_never_change(client, bureau_h):
    original = client.get(f"{API}/checklists/fire/versions/1", headers=bureau_h)
    assert "immutable" in original.headers["Cache-Control"]
    document = document_of(client, bureau_h)
    document["title"]["zh"] = "养老机构消防安全检查表（2027版）"
    assert client.post(f"{API}/checklists", json=document, headers=bureau_h).json["version"] == 2
    later = client.get(f"{API}/checklists/fire/versions/1", headers=bureau_h)
    assert later.json == original.json
    assert later.headers["ETag"] == original.headers["ETag"]
    assert client.get(f"{API}/checklists/fire/versions/2", headers=bureau_h).status_code == 200
    assert client.get(f"{API}/checklists/fire/versions/3", headers=bureau_h).status_code == 404
    assert client.get(f"{API}/checklists/fire/versions/0", headers=bureau_h).status_code == 404
    assert client.get(f"{API}/checklists/nope", headers=bureau_h).status_code == 404


def test_same_content_again_makes_no_new_version(client, bureau_h):
    document = document_of(client, bureau_h, "food")
    response = client.post(f"{API}/checklists", json=document, headers=bureau_h)
    assert response.status_code == 200
    assert response.json["version"] == 1
    assert response.json["created"] is False


def test_bureau_can_publish_a_new_checklist_key(client, bureau_h):
    document = document_of(client, bureau_h, "service")
    document["key"] = "winter"
    response = client.post(f"{API}/checklists", json=document, headers=bureau_h)
    assert (response.status_code, response.json["version"]) == (201, 1)
    keys = [c["key"] for c in client.get(f"{API}/checklists", headers=bureau_h).json]
    assert "winter" in keys


def test_invalid_upload_names_every_fault_and_writes_nothing(client, bureau_h):
    document = document_of(client, bureau_h)
    document["sections"][0]["items"][2]["severity"] = "catastrophic"
    del document["sections"][1]["items"][0]["prompt"]["en"]
    response = client.post(f"{API}/checklists", json=document, headers=bureau_h)
    assert response.status_code == 422
    faults = str(response.json["errors"])
    assert "severity" in faults and "items" in faults and "en" in faults
    assert client.get(f"{API}/checklists/fire", headers=bureau_h).json["version"] == 1


def test_duplicate_item_codes_are_refused(client, bureau_h):
    document = document_of(client, bureau_h)
    document["sections"][0]["items"][1]["code"] = document["sections"][0]["items"][0]["code"]
    response = client.post(f"{API}/checklists", json=document, headers=bureau_h)
    assert response.status_code == 422
    assert "Duplicate item code" in str(response.json["errors"])


def test_choice_item_without_choices_is_refused(client, bureau_h):
    document = document_of(client, bureau_h)
    assert document["sections"][0]["items"][1]["answer_type"] == "yes_no"
    document["sections"][0]["items"][1]["answer_type"] = "choice"
    response = client.post(f"{API}/checklists", json=document, headers=bureau_h)
    assert response.status_code == 422


@pytest.mark.parametrize("role", ["inspector", "manager"])
def test_only_the_bureau_publishes(client, role, inspector_h, manager_h, bureau_h):
    document = document_of(client, bureau_h)
    document["title"]["zh"] = "改"
    headers = {"inspector": inspector_h, "manager": manager_h}[role]
    assert client.post(f"{API}/checklists", json=document, headers=headers).status_code == 403
    assert client.post(f"{API}/checklists", json=document).status_code == 401


def test_sync_is_idempotent_and_adds_a_version_only_for_changed_files(runner, tmp_path):
    result = runner.invoke(args=["checklists", "sync"])
    assert result.exit_code == 0, result.output
    assert "fire: v1 unchanged" in result.output

    directory = tmp_path / "checklists"
    shutil.copytree(PROJECT_ROOT / "checklists", directory)
    path = directory / "gas.yaml"
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    document["sections"][0]["items"][0]["guidance"]["zh"] += "每季度试验一次。"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    result = runner.invoke(args=["checklists", "sync", "--directory", str(directory)])
    assert result.exit_code == 0, result.output
    assert "gas: v2 new" in result.output
    assert "fire: v1 unchanged" in result.output
    again = runner.invoke(args=["checklists", "sync", "--directory", str(directory)])
    assert "gas: v2 unchanged" in again.output


def test_sync_reports_file_item_and_fault(runner, tmp_path):
    directory = tmp_path / "checklists"
    shutil.copytree(PROJECT_ROOT / "checklists", directory)
    path = directory / "food.yaml"
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    document["sections"][1]["items"][0]["answer_type"] = "slider"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    result = runner.invoke(args=["checklists", "sync", "--directory", str(directory)])
    assert result.exit_code != 0
    assert "food.yaml: sections[1].items[0].answer_type" in result.output
    assert "slider" in result.output


def test_sync_refuses_a_key_that_differs_from_the_file_name(runner, tmp_path):
    directory = tmp_path / "checklists"
    directory.mkdir()
    source = (PROJECT_ROOT / "checklists" / "fire.yaml").read_text(encoding="utf-8")
    (directory / "fire2.yaml").write_text(source, encoding="utf-8")
    result = runner.invoke(args=["checklists", "sync", "--directory", str(directory)])
    assert result.exit_code != 0
    assert "file name" in result.output
