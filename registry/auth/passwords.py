"""Password hashing with Argon2id and the rules a new password must meet."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn import zxcvbn

MIN_LENGTH = 12
MAX_LENGTH = 128
MIN_SCORE = 3  # zxcvbn's "safely unguessable": about 10^8 guesses or more
_WORDS = re.compile(r"[^\W_]{3,}")  # the words of an email or a name
_ESTIMATED_LENGTH = 72  # zxcvbn refuses longer input; the first 72 characters decide
# Words a guesser tries early that zxcvbn's frequency lists lack: passwords published
# as examples, and this site's own name. They are fed to it as known words.
_GUESSER_WORDS = ("correcthorsebatterystaple", "tr0ub4dor&3", "registry", "tracktwo")

# Argon2id with 19 MiB and 2 passes: the OWASP baseline the specification asks for.
_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1, type=Type.ID)


@cache
def _dummy_hash() -> str:
    """Return a hash to verify against when an account has none, so timing tells nothing."""
    return _hasher.hash("not a real password, only for timing")


def password_problem(password: str, user_inputs: Iterable[str] = ()) -> str | None:
    """Return why a password is refused, or None when it is acceptable.

    zxcvbn estimates how many guesses the password takes from frequency lists
    (passwords, names, words), keyboard patterns, dates and repeats; `user_inputs`
    (the user's email and name) count as words a guesser would try first.
    """
    if len(password) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters; a short sentence is easy to remember."
    if len(password) > MAX_LENGTH:
        return f"Use at most {MAX_LENGTH} characters."
    words = {word for text in user_inputs for word in _WORDS.findall(text.lower())}
    words |= {text.lower() for text in user_inputs if text}
    result = zxcvbn(password[:_ESTIMATED_LENGTH], user_inputs=[*sorted(words), *_GUESSER_WORDS])
    if result["score"] < MIN_SCORE:
        hint = result["feedback"].get("warning") or "It would be guessed too soon."
        return (
            f"This password is too easy to guess: {hint.rstrip('.')}. "
            "Add a few uncommon words; a short sentence of your own works well."
        )
    return None


def hash_password(password: str) -> str:
    """Return the Argon2id hash of a password."""
    return _hasher.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """Tell whether the password matches, spending the same time when there is no hash."""
    try:
        return _hasher.verify(stored_hash or _dummy_hash(), password) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False
