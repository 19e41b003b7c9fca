"""Name keys that survive transliteration: "Hossein Hamedani" = "Hussein Hamadani".

Arabic and Persian names reach English news in many spellings. The vowels and the
doubling of letters vary most ("Hossein", "Hussein", "Husain"; "Hamedani", "Hamadani";
"Soleimani", "Suleimani", "Sulaimani"); the consonants much less. A name's *skeleton*
keeps its first letter, the class of its first vowel (o/u or a/e/i: "Hossein" is not
"Hassan") and then its consonants only, after folding the digraphs that spell one sound
("kh", "sh") and the article prefixes ("al-", "el-"). Two people
have the same key when every word of their names has the same skeleton: "Qassem
Soleimani" and "Ezzatollah Soleimani" share a surname and nothing else.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Spellings of one sound, longest first.
DIGRAPHS: tuple[tuple[str, str], ...] = (
    ("kh", "k"),
    ("gh", "g"),
    ("sh", "s"),
    ("ch", "c"),
    ("th", "t"),
    ("dh", "d"),
    ("zh", "z"),
    ("ph", "f"),
    ("ck", "k"),
    ("q", "k"),
    ("w", "v"),
    ("j", "j"),
    ("x", "ks"),
)
VOWELS = frozenset("aeiouy")
ARTICLES = ("al", "el", "ul", "ad", "ar", "as", "ash", "at", "az", "ed", "er", "es", "an")
# Words that are no part of a person's name in a key.
IGNORED = frozenset({"bin", "ibn", "ben", "bint", "abu", "abou", "mr", "mrs", "ms", "dr", "jr"})


def fold(text: str) -> str:
    """ASCII lower case, apostrophes and marks dropped ("Ḥusayn" -> "husayn")."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"['`’ʿʾ]", "", ascii_text.lower())


def skeleton(word: str) -> str:
    """The first letter and the consonants of one name word, doubles collapsed."""
    word = fold(word)
    word = re.sub(r"[^a-z]", "", word)
    if not word:
        return ""
    for spelled, sound in DIGRAPHS:
        word = word.replace(spelled, sound)
    head, rest = word[0], word[1:]
    consonants = "".join(c for c in rest if c not in VOWELS)
    if head in VOWELS:
        head = "a"  # "Ezzatollah" / "Izzatollah"
    else:
        # The first vowel's class tells Hossein / Hussein (o, u) from Hassan (a, e, i).
        first = next((c for c in rest if c in VOWELS), "")
        head += {"o": "u", "u": "u"}.get(first, "a" if first else "")
    out = head
    for c in consonants:
        if c != out[-1]:
            out += c
    return out


def name_words(name: str) -> list[str]:
    """The words of a name, article prefixes split off and dropped ("al-Assad" -> "assad")."""
    words = []
    for raw in re.split(r"[\s]+", fold(name).strip()):
        for part in raw.split("-"):
            if not part or part in ARTICLES or part in IGNORED:
                continue
            if part.startswith(("abu", "abou")) and len(part) > 6:
                part = part.removeprefix("abou").removeprefix("abu")  # "Abubakar" = "Abu Bakar"
            words.append(part)
    return words


@dataclass(frozen=True, slots=True)
class NameKey:
    """A person name's keys: ``full`` (every word's skeleton), ``surname`` (the last
    word's) and whether the name has only one word ("Hamedani")."""

    full: str
    surname: str
    single: bool


def name_key(name: str) -> NameKey | None:
    words = [skeleton(w) for w in name_words(name)]
    words = [w for w in words if w]
    if not words:
        return None
    return NameKey(full=" ".join(words), surname=words[-1], single=len(words) == 1)


ORGANISATION_WORDS = frozenset({"the", "of", "and", "for"})


def organisation_key(name: str) -> str | None:
    """A key for an organisation's name that survives transliteration ("Jaish al-Adl" =
    "Jaysh al-Adl"); ``None`` for names too short to compare safely (one word of fewer
    than five letters, or an acronym)."""
    words = [w for w in name_words(name) if w not in ORGANISATION_WORDS]
    if not words or (len(words) == 1 and (len(words[0]) < 5 or name.strip().isupper())):
        return None
    return " ".join(skeleton(w) for w in words)
