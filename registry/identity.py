"""Participant identity: name skeletons, keyed fingerprints and encryption of names at rest."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import unicodedata

from anyascii import anyascii
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from flask import current_app

from .keyring import KeyRing

# Marks that change nothing a reader sees: tatweel, direction and zero-width marks.
_INVISIBLE = dict.fromkeys(
    map(
        ord,
        "\u0640\u061c\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
        "\u2066\u2067\u2068\u2069\ufeff",
    )
)

# Spellings that different transliteration traditions use for one sound, folded
# longest first so that "shch" is not read as "sh" + "ch".
_DIGRAPHS = (
    ("shch", "s"),
    ("dzh", "j"),
    ("kh", "h"),
    ("gh", "g"),
    ("sh", "s"),
    ("ch", "s"),
    ("zh", "j"),
    ("dj", "j"),
    ("th", "t"),
    ("dh", "d"),
    ("ph", "f"),
    ("ck", "k"),
    ("ou", "u"),
    ("oo", "u"),
    ("ee", "i"),
    ("q", "k"),
    ("c", "k"),
    ("x", "ks"),
    ("z", "s"),
)
_DIGRAPH_PATTERN = re.compile("|".join(re.escape(spelling) for spelling, _ in _DIGRAPHS))
_DIGRAPH_MAP = dict(_DIGRAPHS)
_VOWELS = frozenset("aeiou")
# "w" and "y" are vowels inside an Arabic-script spelling (يوسف -> ywsf), consonants first.
_SEMIVOWELS = frozenset("wy")


def name_skeleton(name: str) -> str:
    """Reduce a personal or entity name to a spelling-independent consonant skeleton.

    The steps are those of the specification: Unicode NFKC, case folding, removal of
    diacritics, tatweel and direction marks, transliteration to ASCII, folding of
    common transliteration digraphs, then per word a consonant skeleton (vowels
    dropped, "w" and "y" kept only at the start, doubled letters collapsed). Words
    keep their order and are joined by single spaces, so "Mohammed Ali",
    "Muhammad Aly" and "محمد علي" all give "mhmd l".
    """
    text = unicodedata.normalize("NFKC", name).casefold().translate(_INVISIBLE)
    text = "".join(
        char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char)
    )
    text = anyascii(text).lower()
    words = re.findall(r"[a-z0-9]+", re.sub(r"['`ʿʾ’]", "", text))
    return " ".join(_word_skeleton(word) for word in words)


def _word_skeleton(word: str) -> str:
    folded = _DIGRAPH_PATTERN.sub(lambda match: _DIGRAPH_MAP[match.group(0)], word)
    kept = [
        char
        for index, char in enumerate(folded)
        if char not in _VOWELS and (char not in _SEMIVOWELS or index == 0)
    ]
    collapsed = [char for index, char in enumerate(kept) if index == 0 or char != kept[index - 1]]
    # A word made only of vowels ("Aia") keeps its first letter rather than vanish.
    return "".join(collapsed) or folded[:1]


def fingerprint(ring: KeyRing, name: str) -> str:
    """Return the keyed fingerprint of a name's skeleton, as "<key id>:<hex HMAC-SHA-256>"."""
    key = ring.current
    digest = hmac.new(key.material, name_skeleton(name).encode(), hashlib.sha256).hexdigest()
    return f"{key.id}:{digest}"


def opaque_ref(ring: KeyRing, kind: str, value: int | str) -> str:
    """Return a stable opaque reference (never a name) for an internal identifier."""
    message = f"{kind}:{value}".encode()
    return hmac.new(ring.current.material, message, hashlib.sha256).hexdigest()[:24]


def encrypt(ring: KeyRing, plaintext: str, purpose: str) -> str:
    """Encrypt text with AES-256-GCM under the current key, bound to its purpose.

    The result reads "v1:<key id>:<base64 nonce+ciphertext>"; the purpose (for
    example "person.full_name") is authenticated, so a ciphertext cannot be moved
    to another column.
    """
    key = ring.current
    nonce = os.urandom(12)
    sealed = AESGCM(key.material).encrypt(nonce, plaintext.encode(), purpose.encode())
    return f"v1:{key.id}:{base64.b64encode(nonce + sealed).decode()}"


_NONCE_BYTES, _TAG_BYTES = 12, 16


class UndecryptableError(ValueError):
    """A ciphertext is malformed, names a key the ring does not hold, or fails authentication."""


def decrypt(ring: KeyRing, token: str, purpose: str) -> str:
    """Decrypt a value written by encrypt() with any key of the ring."""
    try:
        version, key_id, payload = token.split(":", 2)
    except ValueError:
        raise UndecryptableError("not a registry ciphertext") from None
    key = ring.get(key_id)
    if version != "v1" or key is None:
        raise UndecryptableError(f"no key with id {key_id} is configured")
    try:
        raw = base64.b64decode(payload, validate=True)
    except ValueError:  # binascii.Error is a ValueError
        raise UndecryptableError("ciphertext is not valid base64") from None
    if len(raw) < _NONCE_BYTES + _TAG_BYTES:
        raise UndecryptableError("ciphertext is truncated")
    try:
        return AESGCM(key.material).decrypt(raw[:12], raw[12:], purpose.encode()).decode()
    except InvalidTag:
        raise UndecryptableError("ciphertext failed authentication") from None


def data_ring() -> KeyRing:
    """Return the application's ring of name-encryption keys."""
    return current_app.config["DATA_KEYRING"]


def match_ring() -> KeyRing:
    """Return the application's ring of blind-matching keys."""
    return current_app.config["MATCH_KEYRING"]
