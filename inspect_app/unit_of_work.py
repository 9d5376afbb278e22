"""One unit of work everywhere: a request and a CLI command each commit whole when they
succeed and roll back whole when they fail. Below every package: packages' CLI commands
use it without importing the registrar (``inspect_app/cli.py``).

One exception, and one mechanism for it: a domain error marked ``commit_anyway`` (a
failed login, recorded so that guessing is throttled although the answer is 401) keeps
what the request wrote. Nothing commits by itself in a view or a service."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import NoReturn, ParamSpec

import click
from flask import Response, g

from inspect_app.errors import DomainError
from inspect_app.extensions import db

P = ParamSpec("P")

_COMMIT_ANYWAY = "commit_anyway"


def answered_with(error: DomainError) -> None:
    """The request answers with ``error`` (called by the API's error handler): one marked
    ``commit_anyway`` keeps the request's writes."""
    if error.commit_anyway:
        setattr(g, _COMMIT_ANYWAY, True)


def end_request(response: Response) -> Response:
    """Commit below 400 (or for an error marked ``commit_anyway``); roll back otherwise."""
    if response.status_code < 400 or g.pop(_COMMIT_ANYWAY, False):
        db.session.commit()
    else:
        db.session.rollback()
    return response


def fail(error: DomainError) -> NoReturn:
    """End a command with the domain error's message and each field at fault (exit 1)."""
    details = "".join(
        f"\n  {where}: {'; '.join(messages)}" for where, messages in (error.errors or {}).items()
    )
    raise click.ClickException(f"{error.message}{details}")


def as_unit_of_work(command: Callable[P, str | None]) -> Callable[P, None]:
    """A CLI command as one unit of work: committed when it returns, and only then is what
    it returned (a line to say, or None) said; rolled back on any error, a domain error
    ending the command with its message. Put it below ``@click.command`` and the options."""

    @functools.wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> None:
        try:
            said = command(*args, **kwargs)
            db.session.commit()
        except DomainError as error:
            db.session.rollback()
            fail(error)
        except BaseException:
            db.session.rollback()
            raise
        if said:
            click.echo(said)

    return run
