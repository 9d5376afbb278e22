"""Who may publish checklist versions: the bureau. Everyone signed in may read them."""

from __future__ import annotations

from inspect_app.errors import Forbidden
from inspect_app.principal import Principal


def require_publisher(principal: Principal) -> None:
    if not principal.is_bureau:
        raise Forbidden()
