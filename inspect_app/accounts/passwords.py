"""Passwords: argon2 hashes, checked in constant time whether or not the user exists."""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()


# Verified against when the username is unknown, so both failures take the same time.
_DUMMY_HASH = _hasher.hash("not-a-real-password")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def password_matches(stored_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


# NIST SP 800-63B 5.1.1.2: at least 8 characters (we ask 12, as the bureau's phones
# keep them), checked against common and breached passwords, no composition rules.
MIN_LENGTH = 12


@cache
def _common_passwords() -> frozenset[str]:
    """The 30,000 commonest passwords of zxcvbn's list (from breach corpora)."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"])


# Keyboard walks and runs ("123456789012", "qwertyuiopas", "abcdefghijkl"), either way.
_RUNS = ("1234567890" * 3, "qwertyuiopasdfghjklzxcvbnm" * 2, "abcdefghijklmnopqrstuvwxyz" * 2)


def _is_run(text: str) -> bool:
    return any(text in run or text[::-1] in run for run in _RUNS)


def password_faults(password: str, username: str | None = None) -> list[str]:
    """Why a new password is refused (empty when it is acceptable)."""
    faults = []
    if len(password) < MIN_LENGTH:
        faults.append(f"密码至少 {MIN_LENGTH} 个字符 / Use at least {MIN_LENGTH} characters")
    squeezed = "".join(password.split()).casefold()
    if (
        squeezed in _common_passwords()
        or password.casefold() in _common_passwords()
        or len(set(password)) <= 2
        or _is_run(squeezed)
        or (username and username.casefold() in password.casefold())
    ):
        faults.append("密码过于常见或易猜，请换一个 / Too common or easy to guess: choose another")
    return faults
