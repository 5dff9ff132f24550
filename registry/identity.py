"""Participant identity: name skeletons, keyed fingerprints and encryption of names at rest."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import unicodedata
from typing import NamedTuple

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
# Apostrophes of transliteration (ayn and hamza: ' ` ‘ ’ ʻ ʼ ʾ ʿ) are dropped inside a
# word rather than splitting it: "Sa'id" is one word.
_APOSTROPHES = re.compile("['`\u2018\u2019\u02bb\u02bc\u02be\u02bf]")
_WORD = re.compile(r"[^\W_]+")
_ARABIC = re.compile("[\u0600-\u06ff]")

# Spellings that different transliteration traditions use for one sound, folded
# longest first so that "shch" is not read as "sh" + "ch". A "c" before e, i or y is
# soft in French and English spellings ("Youcef", "Yacine"), hard elsewhere. A lone "g"
# is the Egyptian spelling of ج ("Gamal" = "Jamal"), while "gh" (غ) stays "g".
_DIGRAPHS = (
    ("shch", "s"),
    ("dzh", "j"),
    ("kh", "h"),
    ("gh", "g"),
    ("g", "j"),
    ("sh", "s"),
    ("ch", "s"),
    ("zh", "j"),
    ("dj", "j"),
    ("th", "t"),
    ("dh", "d"),
    ("ph", "f"),
    ("ck", "k"),
    ("ce", "se"),
    ("ci", "si"),
    ("cy", "sy"),
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
# A word-initial vowel is kept (as "a") once two consonants follow it, so that "Ahmed"
# (ahmd) and "Hamid" (hmd) differ; a one-consonant word such as "Ali" stays bare ("l").
_INITIAL_VOWEL_MIN_CONSONANTS = 2

# The Arabic article, as a word of its own ("al-Rahman", "El Masri", "ul-Haq") or
# assimilated to a sun letter ("ar-Rahman", "as-Sayed", "ash-Shami", "ad-Din").
_ARTICLES = frozenset({"al", "el", "ul", "il", "ol"})
_ASSIMILATED_ARTICLE = re.compile(r"[aeiu](sh|th|dh|[dnrstz])")
# "Abd" ("servant of") and "Abu" ("father of") begin compound names written as one word
# or several: "Abdelrahman", "Abd al-Rahman", "Abdul Rahman", "Abdur Rahman", "عبد الرحمن".
_ABD = re.compile(r"abd(?:[aeiou]{1,2}l)?")
_ABD_ASSIMILATED = re.compile(r"abd[aeiou]{1,2}(sh|[rsntdz])")
_ABD_ONE_WORD = re.compile(r"abd[aeiou]{1,2}(?:l|(?=(?P<sun>[dnrstz])(?P=sun)))(?P<rest>.+)")
_ABU = frozenset({"abu", "abou", "abo", "abw"})
# "-al-Din" and "-Allah" end compound names: "Nour al-Din", "Nour Eddine", "Noureddine".
_DIN = frozenset({"din", "deen", "dine", "dyn"})
_DIN_ASSIMILATED = re.compile(r"[aeiou]dd(?:i|ee|y)ne?")
_ALLAH = frozenset({"allah", "ullah", "ollah", "ellah", "lah", "lh", "llah"})
# Particles of filiation and their skeletons: "bin"/"ben"/"ibn"/"بن"/"ابن" -> "bn", and
# "Ould"/"Uld"/"ولد" -> "ould", a form no name can take ("Walid" is "wld").
_PARTICLES = {
    "bin": "bn",
    "ben": "bn",
    "ibn": "bn",
    "abn": "bn",
    "bn": "bn",
    "ould": "ould",
    "uld": "ould",
    "wuld": "ould",
    "wld": "ould",
}

# Frequent given names whose consonant skeleton is that of another frequent name, and
# whose spellings (in every script) are unambiguous: each keeps the long vowel or
# semivowel its Arabic spelling writes, which the general rule drops. "Hussein" is not
# "Hassan", "Mahmoud" is not "Muhammad", "Amr" is not "Omar", "Sayyid" is not "Said".
_DISTINCT_NAMES = {
    "hsyn": (
        "Hussein", "Husein", "Hussain", "Husain", "Husayn", "Hussayn", "Hossein", "Hosein",
        "Hossain", "Hosain", "Houssein", "Houssain", "Houcine", "Hocine", "Huseyin",
        "Huseyn", "Husseyn", "Hussien", "Husien", "حسين", "Хусейн", "Хусайн", "Гусейн",
    ),
    "mhmwd": (
        "Mahmoud", "Mahmud", "Mahmood", "Mahmod", "Mehmood", "Mahmut", "Mahamoud",
        "Mohamud", "Mohamoud", "محمود", "Махмуд",
    ),
    "amrw": ("Amr", "Amro", "Amru", "Amrou", "عمرو", "Амр"),
    "syd": (
        "Sayed", "Sayyed", "Sayyid", "Sayid", "Seyed", "Seyyed", "Syed", "Saiyid", "سيد",
        "Сайед", "Сейид",
    ),
}  # fmt: skip


def name_skeleton(name: str) -> str:
    """Reduce a personal or entity name to a spelling-independent consonant skeleton.

    The steps are those of the specification: Unicode NFKC, case folding, removal of
    diacritics, tatweel and direction marks, transliteration to ASCII, folding of
    common transliteration digraphs, then per word a consonant skeleton. In detail:

    1. Arabic-script words keep what the script writes: the article "ال" becomes a word
       of its own, a leading alif or ayn is a vowel, and a final ta marbuta, alif or
       alif maqsura is a final "a" ("فاطمة" -> "ftma", as "Fatima").
    2. Words are transliterated to ASCII (anyascii); apostrophes of transliteration
       are dropped ("Sa'id" = "Said").
    3. Particles take one form ("bin"/"ben"/"ibn" -> "bn"; "Ould"/"Uld"/"ولد" -> "ould");
       the article is dropped ("al-Masri" = "Masri" = "المصري"); compound names become
       one word however they are written: "Abd al-Rahman" = "Abdulrahman" =
       "Abderrahmane" = "عبد الرحمن", "Nour Eddine" = "Noureddine" = "نور الدين",
       "Abu Bakr" = "Abubakar".
    4. A few frequent names whose consonants are those of another frequent name keep a
       skeleton of their own: "Hussein" -> "hsyn" (not Hassan's "hsn"), "Mahmoud",
       "Amr" and "Sayyid" likewise.
    5. Per word: transliteration digraphs are folded ("kh" -> "h", "ou" -> "u", a soft
       "c" -> "s", "g" -> "j"); vowels are dropped, "w" and "y" kept only at the start,
       doubled letters collapsed; a word-initial vowel is kept as "a" when at least two
       consonants follow ("Ahmed" -> "ahmd", "Hamid" -> "hmd") and a final "a" is kept
       ("Ivana" -> "avna", "Ivan" -> "avn").

    Words keep their order and are joined by single spaces, so "Mohammed Ali",
    "Muhammad Aly", "محمد علي" and "Мухаммад Али" all give "mhmd l". docs/matching.md
    has examples, the measured recall and the known limits.
    """
    text = unicodedata.normalize("NFKC", name).casefold().translate(_INVISIBLE)
    text = "".join(
        char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char)
    )
    words: list[_Word] = []
    for word in _WORD.findall(_APOSTROPHES.sub("", text)):
        words.extend(_arabic_words(word) if _ARABIC.search(word) else _latin_words(word))
    return " ".join(
        word.fixed or _word_skeleton(word.text)
        for word in _compounds([word for word in words if word.text])
    )


class _Word(NamedTuple):
    """A word in ASCII, with the skeleton it keeps whatever the rules say, if any."""

    text: str
    fixed: str | None = None


def _ascii(word: str) -> str:
    return re.sub(r"[^a-z0-9]", "", anyascii(word).lower())


def _latin_words(word: str) -> list[_Word]:
    """Transliterate one word of any script but Arabic."""
    text = _ascii(word)
    return [_Word(text, _DISTINCT_LATIN.get(text))]


def _arabic_words(word: str) -> list[_Word]:
    """Transliterate one Arabic-script word, splitting off the article and "عبد"."""
    if word.startswith("عبدال") and len(word) > 5:
        return [_Word("abd"), _Word("al"), *_arabic_words(word[5:])]
    if word.startswith("ال") and len(word) > 3:
        return [_Word("al"), *_arabic_words(word[2:])]
    return [_Word(_arabic_ascii(word), _DISTINCT_ARABIC.get(word))]


def _arabic_ascii(word: str) -> str:
    """Spell an Arabic-script word (hamza seats already bare) with its written vowels."""
    word = word.rstrip("\u0621")  # a final hamza: "أسماء" ends in its alif
    start = ""
    if word[:1] in ("\u0627", "\u0639"):  # a leading alif or ayn is a vowel
        start, word = "a", word[1:]
    if word.endswith("\u0627"):  # a final alif ("رانيا")
        word = word[:-1] + "a"
    return start + _ascii(word.replace("\u0629", "a"))  # ta marbuta, "فاطمة"


def _compounds(words: list[_Word]) -> list[_Word]:
    """Give particles one form, drop the article and join compound names into one word."""
    texts = [word.text for word in words]
    result: list[_Word] = []
    index = 0
    while index < len(texts):
        word = texts[index]
        following = texts[index + 1] if index + 1 < len(texts) else None
        if following is not None and _is_article(word, following, after_a_word=bool(result)):
            # "al-Din", "al-Lah" end the name before them; any other article is dropped.
            if result and (following in _DIN or following in _ALLAH):
                result[-1] = _Word(result[-1].text + following)
                index += 1
            index += 1
            continue
        if result and (word in _ALLAH or _DIN_ASSIMILATED.fullmatch(word)):
            result[-1] = _Word(result[-1].text + word)
        elif following is not None and (_is_abd(word, following) or word in _ABU):
            head = "abd" if word.startswith("abd") else word
            rest = index + 1
            if rest + 1 < len(texts) and _is_article(texts[rest], texts[rest + 1], True):
                rest += 1
            result.append(_Word(head + _allah(texts[rest])))
            index = rest
        else:
            one_word = _ABD_ONE_WORD.fullmatch(word)
            if one_word:
                result.append(_Word("abd" + _allah(one_word["rest"])))
            else:
                result.append(_Word(word, _PARTICLES.get(word) or words[index].fixed))
        index += 1
    return result


def _is_article(word: str, following: str, after_a_word: bool) -> bool:
    """Whether a word is the article of the word that follows it.

    An assimilated article ("ar-", "ed-") is recognised only after another word, so that
    a leading given name such as "Ed" in "Ed Davis" stays a name.
    """
    if word in _ARTICLES:
        return True
    assimilated = _ASSIMILATED_ARTICLE.fullmatch(word)
    return after_a_word and assimilated is not None and following.startswith(assimilated[1])


def _is_abd(word: str, following: str) -> bool:
    """Whether a word is the "Abd" of a compound name written as two words."""
    if _ABD.fullmatch(word):
        return True
    assimilated = _ABD_ASSIMILATED.fullmatch(word)  # "Abdur Rahman", "Abdus Salam"
    return assimilated is not None and following.startswith(assimilated[1])


def _allah(word: str) -> str:
    """Spell the "Allah" ending of a compound one way ("Abdulla" = "Abdullah")."""
    return "lah" if word in ("la", "lla") else word


def _word_skeleton(word: str) -> str:
    """Skeleton of one ASCII word (step 5 of name_skeleton)."""
    if word.startswith("ye") and word[2:3] not in ("", "h") and word[2] not in _VOWELS:
        word = word[1:]  # Russian "Yevgeny", "Yelena": the passport spelling is "Evgeny"
    elif word.startswith("ou") and word[2:3] in _VOWELS:
        word = "w" + word[2:]  # French "Oualid" for "Walid"
    folded = _DIGRAPH_PATTERN.sub(lambda match: _DIGRAPH_MAP[match.group(0)], word)
    kept = [
        char
        for index, char in enumerate(folded)
        if char not in _VOWELS and (char not in _SEMIVOWELS or index == 0)
    ]
    collapsed = [char for index, char in enumerate(kept) if index == 0 or char != kept[index - 1]]
    if not collapsed:
        # A word made only of vowels ("Aia") keeps its first letter rather than vanish.
        return folded[:1]
    marked = folded[0] in _VOWELS and len(collapsed) >= _INITIAL_VOWEL_MIN_CONSONANTS
    initial = "a" if marked else ""
    final = "a" if folded.endswith("a") else ""
    return initial + "".join(collapsed) + final


def _distinct_skeletons(arabic: bool) -> dict[str, str]:
    """Index _DISTINCT_NAMES: Arabic spellings as written (an ayn matters: سعيد is not
    سيد), other scripts by their ASCII transliteration."""
    table: dict[str, str] = {}
    for skeleton, spellings in _DISTINCT_NAMES.items():
        for spelling in spellings:
            form = unicodedata.normalize("NFKD", spelling.casefold())
            form = "".join(char for char in form if not unicodedata.combining(char))
            if bool(_ARABIC.search(form)) == arabic:
                table[form if arabic else _ascii(form)] = skeleton
    return table


_DISTINCT_ARABIC = _distinct_skeletons(arabic=True)
_DISTINCT_LATIN = _distinct_skeletons(arabic=False)


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
    ring: KeyRing = current_app.config["DATA_KEYRING"]
    return ring


def match_ring() -> KeyRing:
    """Return the application's ring of blind-matching keys."""
    ring: KeyRing = current_app.config["MATCH_KEYRING"]
    return ring
