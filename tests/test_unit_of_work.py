"""One unit of work everywhere: a CLI command, like a request, commits whole when it
succeeds and rolls back whole when it fails; a failed login is the one failing request
whose writes are kept (the error is marked commit_anyway)."""

from __future__ import annotations

import click
from flask.cli import with_appcontext
from sqlalchemy import func, select

from inspect_app.errors import InvalidInput
from inspect_app.extensions import db
from inspect_app.models import Institution, LoginFailure
from inspect_app.unit_of_work import as_unit_of_work
from tests.conftest import valid_credit_code


def _add_institution(name: str) -> None:
    db.session.add(
        Institution(
            name=name,
            credit_code=valid_credit_code(900_000 + len(name)),
            street="岳阳街道",
            address="松江区测试路1号",
            beds=10,
            ownership="private",
            features={},
        )
    )
    db.session.flush()  # written, not yet committed


def _stored(name: str) -> bool:
    db.session.rollback()  # only what a command committed is left
    return db.session.scalar(select(Institution.id).where(Institution.name == name)) is not None


@click.command("add-home")
@click.argument("name")
@click.option("--then", type=click.Choice(["succeed", "refuse", "break"]), default="succeed")
@with_appcontext
@as_unit_of_work
def add_home(name, then):
    _add_institution(name)
    if then == "refuse":
        raise InvalidInput("名称不可用 / Unusable name", {"name": ["taken on paper"]})
    if then == "break":
        raise click.ClickException("stopped halfway")
    return f"added {name}"


def test_a_command_commits_when_it_returns_and_then_says_its_line(app):
    result = app.test_cli_runner().invoke(add_home, ["松江第一福利院"])
    assert result.exit_code == 0, result.output
    assert result.output == "added 松江第一福利院\n"
    assert _stored("松江第一福利院")


def test_a_domain_error_rolls_the_command_back_and_names_the_field(app):
    result = app.test_cli_runner().invoke(add_home, ["松江第二福利院", "--then", "refuse"])
    assert result.exit_code == 1
    assert "名称不可用 / Unusable name" in result.output
    assert "name: taken on paper" in result.output
    assert "added" not in result.output
    assert not _stored("松江第二福利院")


def test_any_other_error_rolls_the_command_back_too(app):
    result = app.test_cli_runner().invoke(add_home, ["松江第三福利院", "--then", "break"])
    assert result.exit_code == 1
    assert "stopped halfway" in result.output
    assert not _stored("松江第三福利院")


def _failures() -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(LoginFailure)) or 0


def test_a_failed_login_is_kept_although_the_answer_is_401(client, inspector):
    wrong = {"username": "inspector", "password": "not the password"}
    assert client.post("/api/v1/auth/login", json=wrong).status_code == 401
    assert _failures() == 1


def test_a_refused_login_writes_nothing(app, client, inspector):
    wrong = {"username": "inspector", "password": "not the password"}
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        assert client.post("/api/v1/auth/login", json=wrong).status_code == 401
    assert client.post("/api/v1/auth/login", json=wrong).status_code == 429
    assert _failures() == app.config["LOGIN_MAX_FAILURES"]
