"""Usernames that cannot impersonate one another: NFKC, case-folded, no invisible characters.

"BUREAU", "Bureau" and full-width "ｂｕｒｅａｕ" are the same user; a space, a control
character or a bidi override (which can make "nimda" display as "admin") is refused.
"""

from __future__ import annotations

import unicodedata

REFUSED_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zs", "Zl", "Zp"}


def normalise(username: str) -> str:
    """The form usernames are stored, compared and looked up in."""
    return unicodedata.normalize("NFKC", username).casefold()


def username_faults(username: str) -> list[str]:
    if any(unicodedata.category(ch) in REFUSED_CATEGORIES for ch in username):
        return [
            "用户名不能包含空格、控制字符或方向控制字符 / "
            "No spaces, control or direction-override characters"
        ]
    if not normalise(username):
        return ["用户名不能为空 / Must not be empty"]
    return []
