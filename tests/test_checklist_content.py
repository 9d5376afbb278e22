"""The shipped checklists as a bureau officer signs them: schema, splits, bases, terms, versions."""

from __future__ import annotations

import copy
import json
import uuid

import pytest
import yaml
from jsonschema import Draft202012Validator
from sqlalchemy import delete

from api.schemas.checklists import AppliesIfSchema
from inspect_app.checklists import applicability
from inspect_app.checklists import content as checklist_content
from inspect_app.checklists import versions as checklist_versions
from inspect_app.checklists.applicability import FEATURES
from inspect_app.checklists.items import finding_terms
from inspect_app.config import PROJECT_ROOT
from inspect_app.extensions import db
from inspect_app.models import ChecklistVersion
from tests.helpers import answers_for, assert_envelope, draft_body, evidence_photo_id

API = "/api/v1"
DIRECTORY = PROJECT_ROOT / "checklists"
FILES = sorted(DIRECTORY.glob("*.yaml"))
SCHEMA = json.loads((DIRECTORY / "schema.json").read_text(encoding="utf-8"))
MHS = "《养老机构重大事故隐患判定标准》"


def shipped(key: str) -> dict:
    return checklist_content.load_file(DIRECTORY / f"{key}.yaml")


def item(key: str, code: str) -> dict:
    found = [i for i in checklist_content.iter_items(shipped(key)) if i["code"] == code]
    assert len(found) == 1, f"{key}:{code}"
    return found[0]


def codes(key: str) -> set[str]:
    return {i["code"] for i in checklist_content.iter_items(shipped(key))}


# ---------------------------------------------------------------- files


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_every_shipped_file_validates_against_the_schema_and_the_loader(path):
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(SCHEMA)
    assert list(Draft202012Validator(SCHEMA).iter_errors(document)) == []
    loaded = checklist_content.load_file(path)
    assert loaded["key"] == path.stem
    items = list(checklist_content.iter_items(loaded))
    assert len(items) >= 15
    for each in items:
        assert each["prompt"]["zh"] and each["prompt"]["en"]
        assert each["guidance"]["zh"] and each["guidance"]["en"]
        # Formal text says 老年人; the 2023 rules are cited by title, not by a doubtful number.
        for text in (each["prompt"]["zh"], each["guidance"]["zh"]):
            assert "老人" not in text.replace("老年人", ""), each["code"]
        assert "民发〔2023〕37号" not in each["basis"], each["code"]
        for choice in each.get("choices", ()):
            if {"severity", "severity_confirmed", "due_days"} & set(choice):
                assert choice["passes"] is False
        if each.get("severity_confirmed") is False:
            assert each["severity"] == "major"
            assert "待区民政局确认" in each["guidance"]["zh"], each["code"]


def test_the_new_categories_are_shipped_under_their_keys():
    assert shipped("facilities")["category"] == "facilities"
    assert shipped("management")["category"] == "management"
    assert SCHEMA["properties"]["category"]["enum"][-2:] == ["facilities", "management"]


def test_the_schema_and_the_api_name_exactly_the_features_of_applicability():
    assert tuple(SCHEMA["$defs"]["features"]["properties"]) == FEATURES
    assert FEATURES == ("kitchen", "gas", "lpg", "medical", "meals_delivered")
    assert set(AppliesIfSchema().fields) == {*FEATURES, "any_of"}


def test_moved_items_leave_fire_and_service_for_facilities():
    assert "F-14" not in codes("fire")
    assert "S-16" not in codes("service")
    building = item("facilities", "FA-01")
    assert "C级、D级" in building["prompt"]["zh"] and building["severity"] == "major"
    lifts = item("facilities", "FA-06")
    assert "电梯" in lifts["prompt"]["zh"] and lifts["severity"] == "major"
    electrical = item("facilities", "FA-09")
    assert electrical["severity"] == "major" and MHS in electrical["basis"]
    assert "第二十八条" in item("facilities", "FA-03")["basis"]  # window bars
    # Codes the other tests and the demo use stay where they were.
    assert {"F-01", "F-02", "F-13"} <= codes("fire")
    assert {"FD-01", "FD-04"} <= codes("food")
    assert {"S-13", "S-15"} <= codes("service")


def test_management_covers_responsibility_ledger_training_plans_and_reporting():
    prompts = " ".join(
        i["prompt"]["zh"] for i in checklist_content.iter_items(shipped("management"))
    )
    for needle in (
        "全员安全生产责任制",
        "消防安全责任人",
        "隐患排查治理台账",
        "一懂三会",
        "噎食",
        "走失",
    ):
        assert needle in prompts
    assert "第四十一条" in item("management", "MG-08")["basis"]


# ---------------------------------------------------------------- severity splits


def terms(severity, confirmed=True, due=None) -> dict:
    return {"severity": severity, "severity_confirmed": confirmed, "due_days": due}


@pytest.mark.parametrize(
    ("key", "code", "value", "expected"),
    [
        ("fire", "F-01", "few_items", terms("general", due=0)),
        ("fire", "F-01", "locked", terms("major", due=0)),
        ("fire", "F-01", "blocked", terms("major")),
        ("fire", "F-05", "partly_faulty", terms("general")),
        ("fire", "F-05", "not_installed", terms("major")),
        ("fire", "F-05", "shut_off", terms("major", due=1)),
        ("fire", "F-06", "partly_faulty", terms("general")),
        ("fire", "F-06", "not_installed", terms("major")),
        ("fire", "F-07", "one_person", terms("general")),
        ("fire", "F-07", "nobody", terms("major", due=0)),
        ("fire", "F-13", "combustible_decoration", terms("general")),
        ("fire", "F-13", "panels_below_a", terms("major")),
        ("fire", "F-15", "disabled_above_third_floor", terms("major", confirmed=False)),
        ("fire", "F-15", "bedroom_below_ground", terms("major")),
        ("fire", "F-15", "activity_room_disallowed_floor", terms("major")),
        ("facilities", "FA-01", "class_c", terms("major")),
        ("facilities", "FA-01", "class_d", terms("major", due=0)),
        ("facilities", "FA-01", "housing_major_hazard", terms("major")),
        ("service", "S-15", "unlicensed", terms("major")),
        ("gas", "G-04", "rubber_hose", terms("general", due=7)),
    ],
)
def test_split_items_give_each_failing_choice_its_own_terms(key, code, value, expected):
    assert finding_terms(item(key, code), value) == expected


def test_split_items_rest_on_the_corrected_bases():
    assert "GB 35181-2017" in item("fire", "F-01")["basis"]
    assert "第二十八条" in item("fire", "F-01")["basis"]
    for code in ("F-05", "F-06"):
        assert "GB 55037-2022" in item("fire", code)["basis"]
        assert "GB 50016" in item("fire", code)["basis"]
    assert "GB 25506-2010《消防控制室通用技术要求》第4.2.1条" in item("fire", "F-07")["basis"]
    assert MHS in item("fire", "F-13")["basis"]
    assert "芯材燃烧性能低于A级的彩钢夹芯板" in item("fire", "F-13")["prompt"]["zh"]
    assert "第二十六条" in item("fire", "F-10")["basis"]
    assert "第四十条" in item("fire", "F-16")["basis"]
    assert MHS in item("service", "S-15")["basis"]


def test_proposed_major_items_are_marked_unconfirmed():
    for key, code in (("fire", "F-11"), ("fire", "F-15"), ("gas", "G-01"), ("gas", "G-05")):
        assert finding_terms(item(key, code), None)["severity_confirmed"] is False, code
    # Named by the criteria: confirmed.
    for key, code in (("fire", "F-01"), ("facilities", "FA-01"), ("food", "FD-01")):
        assert finding_terms(item(key, code), None) == terms("major"), code


# ---------------------------------------------------------------- corrections of issue 24


def test_e_bikes_charging_indoors_are_due_within_a_day():
    f11 = item("fire", "F-11")
    assert finding_terms(f11, False)["due_days"] == 1
    assert "0至1天" in f11["guidance"]["zh"]


@pytest.mark.parametrize(
    ("key", "code", "value", "words", "department"),
    [
        ("facilities", "FA-06", None, "停止使用", "market_regulation"),
        ("facilities", "FA-01", "class_d", "撤离", "housing"),
        ("service", "S-15", "unlicensed", "停止内设医疗机构", "health"),
        ("food", "FD-01", None, "停止食堂经营", "market_regulation"),
    ],
)
def test_the_gravest_items_carry_their_immediate_measures_and_referral(
    key, code, value, words, department
):
    found = item(key, code)
    where = next(c for c in found["choices"] if c["value"] == value) if value else found
    assert words in where["immediate_measures"]["zh"] and where["immediate_measures"]["en"]
    assert where["refer_to"] == department


def test_a_choice_carrying_measures_must_be_a_fail():
    document = shipped("fire")
    changed = copy.deepcopy(document)
    first = changed["sections"][0]["items"][0]["choices"][0]  # F-01 clear: a pass
    first["refer_to"] = "fire"
    assert "sections[0].items[0].choices[0]" in checklist_content.find_faults(changed)


def test_wording_of_f05_and_f15():
    labels = {c["value"]: c["label"]["zh"] for c in item("fire", "F-05")["choices"]}
    assert labels["not_installed"] == "按规范应设而未设"
    labels = {c["value"]: c["label"]["zh"] for c in item("fire", "F-15")["choices"]}
    assert (
        "居室" in labels["bedroom_below_ground"]
        and "活动场所" not in labels["bedroom_below_ground"]
    )
    assert "活动场所" in labels["activity_room_disallowed_floor"]
    assert "disallowed_floor" not in labels


def test_a_missing_sample_is_its_own_item_apart_from_the_weight():
    weight, samples = item("food", "FD-03"), item("food", "FD-20")
    assert weight["answer_type"] == "number" and weight["pass_range"] == {"min": 125}
    assert "48小时" not in weight["prompt"]["zh"]
    assert samples["answer_type"] == "yes_no" and "每餐每品种均留样" in samples["prompt"]["zh"]
    assert samples["applies_if"] == weight["applies_if"]


def test_drills_follow_the_homes_size_and_training_is_not_tested_twice():
    drills = item("fire", "F-16")["guidance"]["zh"]
    assert "每半年" in drills and "每年" in drills and "50张" in drills
    assert "本项只查资料" in item("management", "MG-10")["guidance"]["zh"]
    assert "F-18" in item("management", "MG-10")["guidance"]["zh"]
    assert "抽问" not in item("management", "MG-10")["prompt"]["zh"]


def test_every_yes_no_item_names_the_defect_a_failure_means():
    for path in FILES:
        for each in checklist_content.iter_items(shipped(path.stem)):
            if each["answer_type"] == "yes_no":
                assert each.get("defect"), each["code"]
                assert each["defect"] != each["prompt"]["zh"], each["code"]


def test_gas_bases_cite_the_regulations_not_local_practice():
    for each in checklist_content.iter_items(shipped("gas")):
        assert "本地实践" not in each["basis"], each["code"]
    assert "本地实践" not in shipped("gas")["description"]["zh"]
    cited = " ".join(i["basis"] for i in checklist_content.iter_items(shipped("gas")))
    assert "《城镇燃气管理条例》" in cited and "GB 55009-2021" in cited


def test_restraint_is_general_and_rests_on_the_law_on_the_elderly():
    restraint = item("service", "S-14")
    assert restraint["severity"] == "general"
    assert "《中华人民共和国老年人权益保障法》" in restraint["basis"]


def test_food_bases_and_wording_follow_the_corrections():
    assert "第五十三条" in item("food", "FD-08")["basis"]
    assert "第五十五条" in item("food", "FD-08")["basis"]
    assert "《餐饮服务食品安全操作规范》" in item("food", "FD-03")["basis"]
    assert "0℃～8℃" in item("food", "FD-04")["prompt"]["zh"]
    assert item("food", "FD-04")["pass_range"] == {"min": 0, "max": 8}
    for code in ("FD-17", "FD-18"):
        assert "第五十七条" in item("food", code)["basis"]
    everywhere = json.dumps(shipped("food"), ensure_ascii=False)
    assert "第五十条" not in everywhere


# ---------------------------------------------------------------- applicability


def test_applicability_of_the_shipped_items():
    def applies(key, code, **features):
        return applicability.applies(item(key, code), features)

    assert applies("service", "S-15")  # every institution answers it
    # Gas safety items apply to any gas use, piped or LPG cylinders (2026-12, second round).
    for code in ("G-01", "G-02", "G-03", "G-04", *(f"G-{n}" for n in range(10, 17))):
        assert applies("gas", code, gas=True) and applies("gas", code, lpg=True), code
        assert not applies("gas", code, kitchen=True), code
    for code in ("G-05", "G-06", "G-07", "G-08"):
        assert applies("gas", code, lpg=True) and not applies("gas", code, gas=True)
    assert applies("gas", "G-09", kitchen=True) and not applies("gas", "G-09", gas=True)
    assert applies("food", "FD-01", kitchen=True) and not applies(
        "food", "FD-01", meals_delivered=True
    )
    assert applies("food", "FD-18", meals_delivered=True) and not applies(
        "food", "FD-18", kitchen=True
    )
    for code in ("FD-02", "FD-13"):
        assert applies("food", code, kitchen=True)
        assert applies("food", code, meals_delivered=True)
        assert not applies("food", code)


@pytest.mark.parametrize(
    ("condition", "features", "expected"),
    [
        (None, {}, True),
        ({"kitchen": True}, {"kitchen": True}, True),
        ({"kitchen": True, "gas": True}, {"kitchen": True}, False),
        ({"gas": False}, {}, True),
        (
            {"any_of": [{"kitchen": True}, {"meals_delivered": True}]},
            {"meals_delivered": True},
            True,
        ),
        ({"any_of": [{"kitchen": True}, {"meals_delivered": True}]}, {"gas": True}, False),
        ({"any_of": [{"kitchen": True, "gas": True}, {"lpg": True}]}, {"kitchen": True}, False),
        (
            {"any_of": [{"kitchen": True, "gas": True}, {"lpg": True}]},
            {"kitchen": 1, "gas": 1},
            True,
        ),
    ],
)
def test_applies_if_all_of_a_mapping_or_any_of_several(condition, features, expected):
    assert applicability.applies({"applies_if": condition}, features) is expected
    assert applicability.applies({"applies_if": condition}, None) is applicability.applies(
        {"applies_if": condition}, {}
    )


# ---------------------------------------------------------------- finding_terms


YES_NO = {"code": "X-01", "answer_type": "yes_no", "severity": "general"}
CHOICE = {
    "code": "X-02",
    "answer_type": "choice",
    "severity": "major",
    "severity_confirmed": False,
    "due_days": 20,
    "choices": [
        {"value": "ok"},
        {"value": "minor", "passes": False, "severity": "general"},
        {"value": "proposed", "passes": False},
        {"value": "grave", "passes": False, "severity_confirmed": True, "due_days": 0},
    ],
}


@pytest.mark.parametrize(
    ("entry", "value", "expected"),
    [
        (YES_NO, False, terms("general")),
        ({**YES_NO, "due_days": 0}, None, terms("general", due=0)),
        ({**YES_NO, "severity": "major"}, False, terms("major")),
        ({**YES_NO, "severity": "major", "severity_confirmed": False}, None, terms("major", False)),
        (CHOICE, None, terms("major", False, 20)),  # failed with no value: the item's terms
        (CHOICE, "ok", terms("major", False, 20)),  # a passing choice overrides nothing
        (CHOICE, "unknown", terms("major", False, 20)),
        (CHOICE, ["minor"], terms("major", False, 20)),
        (CHOICE, "minor", terms("general", True, 20)),  # a general hazard is never "proposed"
        (CHOICE, "proposed", terms("major", False, 20)),
        (CHOICE, "grave", terms("major", True, 0)),
    ],
)
def test_finding_terms(entry, value, expected):
    before = copy.deepcopy(entry)
    assert finding_terms(entry, value) == expected
    assert entry == before


# ---------------------------------------------------------------- loader faults


def first_item(document: dict) -> dict:
    return document["sections"][0]["items"][0]


def faults_of(change) -> str:
    document = copy.deepcopy(shipped("fire"))
    change(document)
    return json.dumps(checklist_content.find_faults(document), ensure_ascii=False)


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda d: first_item(d).update(severity="general", severity_confirmed=False), "items[0]"),
        (lambda d: first_item(d).update(due_days=366), "due_days"),
        (lambda d: first_item(d).update(due_days=-1), "due_days"),
        (lambda d: first_item(d).update(due_days=1.5), "due_days"),
        (lambda d: first_item(d).update(severity_confirmed="no"), "severity_confirmed"),
        (lambda d: first_item(d)["choices"][0].update(severity="major"), "choices[0]"),
        (lambda d: first_item(d)["choices"][1].update(passes=True), "choices[1]"),
        (lambda d: first_item(d)["choices"][1].update(severity_confirmed=False), "choices[1]"),
        (lambda d: first_item(d)["choices"][2].update(severity="grave"), "choices[2]"),
        (lambda d: first_item(d).update(applies_if={"pool": True}), "applies_if"),
        (lambda d: first_item(d).update(applies_if={"any_of": []}), "applies_if"),
        (lambda d: first_item(d).update(applies_if={"any_of": [{"pool": True}]}), "applies_if"),
        (lambda d: first_item(d).update(applies_if={"any_of": [{}], "gas": True}), "applies_if"),
        (lambda d: d.update(category="buildings"), "category"),
        (lambda d: first_item(d).update(pass_range={"min": 1}), "pass_range"),
    ],
)
def test_the_loader_names_each_bad_term(change, where):
    faults = faults_of(change)
    assert where in faults, faults


def test_a_choice_proposing_major_on_a_general_item_is_refused():
    def change(document):
        entry = document["sections"][0]["items"][1]  # F-02, general
        entry.update(
            answer_type="choice",
            choices=[
                {"value": "ok", "label": {"zh": "是", "en": "Yes"}},
                {"value": "no", "label": {"zh": "否", "en": "No"}, "passes": False,
                 "severity_confirmed": False},
            ],
        )  # fmt: skip

    assert "choices[1].severity_confirmed" in faults_of(change)


def test_new_terms_round_trip_through_the_api(client, bureau_h):
    body = client.get(f"{API}/checklists/fire", headers=bureau_h).json
    locked = body["sections"][0]["items"][0]["choices"][2]
    assert locked == {**locked, "passes": False, "severity": "major", "due_days": 0}
    f11 = next(i for s in body["sections"] for i in s["items"] if i["code"] == "F-11")
    assert f11["severity_confirmed"] is False
    food = client.get(f"{API}/checklists/food", headers=bureau_h).json
    fd02 = next(i for s in food["sections"] for i in s["items"] if i["code"] == "FD-02")
    assert fd02["applies_if"] == {"any_of": [{"kitchen": True}, {"meals_delivered": True}]}
    for extra in ("version", "content_hash", "published_at"):
        food.pop(extra)
    same = client.post(f"{API}/checklists", json=food, headers=bureau_h)
    assert (same.status_code, same.json["created"]) == (200, False)


# ---------------------------------------------------------------- answers


def test_a_number_outside_pass_range_is_not_a_pass(client, inspector_h, institution):
    url = f"{API}/inspections/{uuid.uuid4()}"
    assert (
        client.put(url, json=draft_body(institution.id, ["food"]), headers=inspector_h).status_code
        == 201
    )
    answer = {"checklist": "food", "item_code": "FD-04", "result": "pass", "value": 30}
    body = assert_envelope(client.put(f"{url}/answers", json=[answer], headers=inspector_h), 422)
    assert "FD-04" in str(body["errors"])
    for value in (-1, 8.5):
        answer["value"] = value
        assert client.put(f"{url}/answers", json=[answer], headers=inspector_h).status_code == 422
    for value in (0, 8, 4.5):
        answer["value"] = value
        assert client.put(f"{url}/answers", json=[answer], headers=inspector_h).status_code == 200
    answer.update(result="fail", value=30)
    assert client.put(f"{url}/answers", json=[answer], headers=inspector_h).status_code == 200


def test_a_failing_choice_of_a_split_item_is_not_a_pass(client, inspector_h, institution):
    url = f"{API}/inspections/{uuid.uuid4()}"
    assert client.put(url, json=draft_body(institution.id), headers=inspector_h).status_code == 201
    answer = {"checklist": "fire", "item_code": "F-01", "result": "pass", "value": "few_items"}
    assert_envelope(client.put(f"{url}/answers", json=[answer], headers=inspector_h), 422)
    answer["value"] = "clear"
    assert client.put(f"{url}/answers", json=[answer], headers=inspector_h).status_code == 200


def test_an_lpg_only_home_is_asked_every_gas_item(client, inspector_h, bureau_h, make_institution):
    """A home on LPG cylinders, without piped gas: every gas item applies to it, alarms,
    flame-out protection, hoses and the installation among them, and a failure raises
    its hazard."""
    home = make_institution(features={"kitchen": True, "lpg": True})
    url = f"{API}/inspections/{uuid.uuid4()}"
    created = client.put(url, json=draft_body(home.id, ["gas"]), headers=inspector_h)
    assert created.status_code == 201
    every_item = [
        f"gas:{i['code']}" for section in shipped("gas")["sections"] for i in section["items"]
    ]
    assert sorted(created.json["missing"]) == sorted(every_item)
    assert created.json["features"]["gas"] is False and created.json["features"]["lpg"] is True
    answers = answers_for(home.id, ["gas"], fail={"G-01", "G-03"})
    assert sorted(f"gas:{a['item_code']}" for a in answers) == sorted(every_item)
    saved = client.put(f"{url}/answers", json=answers, headers=inspector_h)
    assert saved.status_code == 200 and saved.json["missing"] == []
    submitted = client.post(f"{url}/submit", headers=inspector_h)
    assert submitted.status_code == 200, submitted.json
    found = {
        client.get(f"{API}/hazards/{h}", headers=bureau_h).json["item_code"]
        for h in submitted.json["hazard_ids"]
    }
    assert found == {"G-01", "G-03"}


# ---------------------------------------------------------------- versions


def test_a_draft_pinned_to_fire_v1_still_answers_and_submits_after_v2(
    client, runner, inspector_h, bureau_h, institution
):
    # The database as it was before the 2026-12 corrections: fire v1 only.
    db.session.execute(delete(ChecklistVersion).where(ChecklistVersion.key == "fire"))
    db.session.commit()
    old = yaml.safe_load((PROJECT_ROOT / "tests" / "data" / "fire_v1.yaml").read_text("utf-8"))
    assert checklist_versions.publish(old).version.version == 1
    db.session.commit()

    url = f"{API}/inspections/{uuid.uuid4()}"
    assert client.put(url, json=draft_body(institution.id), headers=inspector_h).status_code == 201
    v1_answers = answers_for(institution.id)  # answered against v1, the latest now
    assert {"F-14"} <= {a["item_code"] for a in v1_answers}
    first, rest = v1_answers[:5], v1_answers[5:]
    assert client.put(f"{url}/answers", json=first, headers=inspector_h).status_code == 200

    result = runner.invoke(args=["checklists", "sync"])
    assert result.exit_code == 0, result.output
    assert "fire: v2 new" in result.output
    assert "food: v1 unchanged" in result.output
    v1 = client.get(f"{API}/checklists/fire/versions/1", headers=bureau_h).json
    assert v1["content_hash"] == checklist_content.content_hash(old)

    # v1's items, F-14 among them, failing as v1 had it (a yes/no), still answer the draft.
    f14 = next(a for a in rest if a["item_code"] == "F-14")
    f14.update(result="fail", value=False, note="鉴定为C级", photo_ids=[evidence_photo_id()])
    assert client.put(f"{url}/answers", json=rest, headers=inspector_h).status_code == 200
    submitted = client.post(f"{url}/submit", headers=inspector_h)
    assert submitted.status_code == 200, submitted.json
    (hazard_id,) = submitted.json["hazard_ids"]
    hazard = client.get(f"{API}/hazards/{hazard_id}", headers=bureau_h).json
    assert (hazard["item_code"], hazard["severity"]) == ("F-14", "major")

    # A new draft is pinned to v2, where F-14 has moved to facilities.
    later = f"{API}/inspections/{uuid.uuid4()}"
    assert (
        client.put(later, json=draft_body(institution.id), headers=inspector_h).status_code == 201
    )
    moved = [{"checklist": "fire", "item_code": "F-14", "result": "pass", "value": True}]
    assert "Unknown item" in str(
        assert_envelope(client.put(f"{later}/answers", json=moved, headers=inspector_h), 422)
    )
