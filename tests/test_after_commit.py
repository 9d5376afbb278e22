"""Irreversible side effects run after the commit, from a queue, and never after a rollback."""

from __future__ import annotations

from sqlalchemy import select

from inspect_app.db import after_commit
from inspect_app.extensions import db
from inspect_app.models import Upload
from inspect_app.photos import resumable
from inspect_app.principal import Principal
from tests.test_photos import jpeg
from tests.test_uploads import create, patch


def test_queued_action_runs_after_commit_only(app):
    ran = []
    after_commit(db.session, lambda: ran.append("first"))
    assert ran == []
    db.session.commit()
    assert ran == ["first"]
    db.session.commit()
    assert ran == ["first"]  # once


def test_queued_action_is_dropped_on_rollback(app):
    ran = []
    after_commit(db.session, lambda: ran.append("x"))
    db.session.rollback()
    db.session.commit()
    assert ran == []


def test_a_rolled_back_savepoint_keeps_what_the_outer_transaction_queued(app):
    ran = []
    after_commit(db.session, lambda: ran.append("outer"))
    savepoint = db.session.begin_nested()
    after_commit(db.session, lambda: ran.append("inner"))
    savepoint.rollback()
    assert ran == []
    db.session.commit()
    assert ran[0] == "outer"


def test_a_failing_action_does_not_undo_the_commit_or_stop_the_others(app, caplog):
    ran = []

    def broken():
        raise OSError("disk gone")

    after_commit(db.session, broken)
    after_commit(db.session, lambda: ran.append("second"))
    db.session.commit()
    assert ran == ["second"]
    assert "after-commit action" in caplog.text


def test_finished_upload_keeps_its_part_file_until_the_finish_commits(
    app, client, inspector, inspector_h
):
    """A crash (here: a rollback) after the last byte but before the commit must leave the
    upload resumable: the part file stays, HEAD reports every byte, and a retried final
    PATCH makes the photo."""
    data = jpeg(seed=77)
    location = create(client, inspector_h, len(data))
    assert patch(client, inspector_h, location, 0, data[:1000]).status_code == 204
    upload_id = location.rsplit("/", 1)[1]
    part = resumable.upload_dir() / f"{upload_id}.part"

    import io
    import uuid

    result = resumable.append(
        Principal.of(inspector),
        uuid.UUID(upload_id),
        offset=1000,
        body=io.BytesIO(data[1000:]),
        body_length=len(data) - 1000,
        checksum=None,
    )
    assert result.photo_id is not None
    assert part.exists()  # not before the commit
    db.session.rollback()  # the worker died before committing
    assert part.exists() and part.stat().st_size == len(data)

    head = client.head(location, headers={**inspector_h, "Tus-Resumable": "1.0.0"})
    assert head.status_code == 200 and head.headers["Upload-Offset"] == str(len(data))
    again = patch(client, inspector_h, location, len(data), b"")
    assert again.status_code == 204 and again.headers["Photo-Id"]
    assert not part.exists()  # gone once the finish committed
    upload = db.session.scalar(select(Upload).where(Upload.id == uuid.UUID(upload_id)))
    assert str(upload.photo_id) == again.headers["Photo-Id"]
