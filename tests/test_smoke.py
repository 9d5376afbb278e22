def test_healthz_answers_without_token(client):
    response = client.get("/api/v1/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "db": "ok"}
