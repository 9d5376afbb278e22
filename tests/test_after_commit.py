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


def test_finished_upload_keeps_its_parts_until_the_finish_commits(
    app, client, inspector, inspector_h
):
    """A crash (here: a rollback) after the last byte but before the commit must leave the
    upload resumable: the parts stay in the object store, HEAD reports the bytes the last
    committed PATCH left, and the final PATCH sent again makes the photo."""
    from inspect_app.storage import get_storage

    def parts() -> list[str]:
        return [item.key for item in get_storage().iter_objects(resumable.PARTS)]

    data = jpeg(seed=77)
    location = create(client, inspector_h, len(data))
    assert patch(client, inspector_h, location, 0, data[:1000]).status_code == 204
    upload_id = location.rsplit("/", 1)[1]

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
    assert len(parts()) == 2  # not deleted before the commit
    db.session.rollback()  # the worker died before committing
    before = parts()
    assert len(before) == 2

    head = client.head(location, headers={**inspector_h, "Tus-Resumable": "1.0.0"})
    assert head.status_code == 200 and head.headers["Upload-Offset"] == "1000"
    again = patch(client, inspector_h, location, 1000, data[1000:])
    assert again.status_code == 204 and again.headers["Photo-Id"]
    # the upload's parts gone once the finish committed; the rolled-back attempt's part,
    # which no upload lists, is a crash leftover for sweep_leftover_files
    assert parts() == [key for key in before if key.rsplit("/", 1)[1].startswith("000000001000")]
    upload = db.session.scalar(select(Upload).where(Upload.id == uuid.UUID(upload_id)))
    assert str(upload.photo_id) == again.headers["Photo-Id"]
