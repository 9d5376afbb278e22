"""``GET /api/v1/healthz`` checks the database and the object store, without a token."""

from __future__ import annotations

from inspect_app import create_app


def test_healthz_answers_without_token(client):
    response = client.get("/api/v1/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "db": "ok", "storage": "ok"}


def test_healthz_answers_503_naming_an_unreachable_object_store(app, client, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the photo folder should be")
    app.config["STORAGE_URL"] = str(blocker / "photos")
    response = client.get("/api/v1/healthz")
    assert response.status_code == 503
    assert response.json == {"status": "unavailable", "db": "ok", "storage": "error"}


def test_healthz_answers_503_when_the_database_is_unreachable(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            # nothing listens on port 9: the connection is refused
            "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://nobody@127.0.0.1:9/none",
            "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"connect_timeout": 2}},
            "STORAGE_URL": str(tmp_path / "photos"),
        },
        instance_path=str(tmp_path / "instance"),
    )
    response = app.test_client().get("/api/v1/healthz")
    assert response.status_code == 503
    assert response.json == {"status": "unavailable", "db": "error", "storage": "ok"}
