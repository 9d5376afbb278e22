"""GET /officers: the inspectors an inspector may name as fellow officers on a visit."""

from __future__ import annotations


def test_inspector_lists_active_inspectors_with_certificate_flag(
    client, make_user, inspector, inspector_h
):
    certified = make_user(
        "inspector", display_name="王执法", department="fire", enforcement_cert_no="31000001"
    )
    uncertified = make_user("inspector", display_name="李协管", department="civil_affairs")
    make_user("inspector", display_name="离职人员", is_active=False)
    make_user("bureau", display_name="局里的人")

    response = client.get("/api/v1/officers", headers=inspector_h)

    assert response.status_code == 200
    by_id = {officer["id"]: officer for officer in response.json}
    assert set(by_id) == {inspector.id, certified.id, uncertified.id}
    assert by_id[certified.id] == {
        "id": certified.id,
        "display_name": "王执法",
        "department": "fire",
        "certified": True,
    }
    assert by_id[uncertified.id]["certified"] is False
    assert "username" not in by_id[certified.id]  # a colleague sees no login name


def test_manager_may_not_list_officers(client, manager_h):
    response = client.get("/api/v1/officers", headers=manager_h)
    assert response.status_code == 403
    assert response.json["message"]
