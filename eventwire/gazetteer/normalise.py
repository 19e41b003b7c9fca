"""Name keys: how the gazetteer compares place names. Pure.

A key is the name casefolded, without diacritics, apostrophes or ayn/hamza marks
(``'``, ``’``, ``ʿ``, ``ʾ``…), with hyphens and other punctuation turned into spaces and
runs of spaces collapsed: "Dara'a", "Daraa" and "DARAA" share the key ``daraa``;
"Ḩalab" is ``halab``; "Deir ez-Zor" is ``deir ez zor``. ``name_key(name_key(x)) ==
name_key(x)``.

A *bare* key also drops Arabic article tokens ("al", "el", "ad", "ar", "as", "az",
"ash", "ez"…, see ``ARTICLES``) and splits an article glued to a doubled consonant
inside a name ("Deir Ezzor" → "Deir ez Zor"): "Deir al-Zour" is ``deir zour``, "Deir
ez-Zor" and "Deir Ezzor" are ``deir zor``. Letters written twice are written once in
a bare key, since transliterations double consonants and long vowels at will: "Maarat
al-Numan" and "Ma'arrat an Nu'man" are both ``marat numan``. The gazetteer indexes the
bare key of every name that has an article, and uses it only for queries that have one,
so "Paso" never finds "El Paso" while "Deir Ezzor" finds "Deir ez-Zor".
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Marks that transliterations use for ayn, hamza and elision: removed, not spaced, so
# "Dara'a" meets "Daraa".
_APOSTROPHES = "'\u2019\u2018\u02bc\u02bb\u02be\u02bf\u00b4`\u2032\u02b9"
# Latin letters that Unicode does not decompose into a base letter and a mark.
_LETTERS = {
    "ı": "i",
    "ł": "l",
    "ø": "o",
    "đ": "d",
    "ð": "d",
    "ħ": "h",
    "æ": "ae",
    "œ": "oe",
    "þ": "th",
    "ŀ": "l",
}
_TABLE: dict[int, str | None] = {ord(c): None for c in _APOSTROPHES}
_TABLE.update({ord(k): v for k, v in _LETTERS.items()})
_NOT_WORD = re.compile(r"[\W_]+")

ARTICLES = frozenset(
    "al el il ul ad ed ar er as es az ez an en at et ash esh ath eth adh edh".split()
)
# An article assimilated and glued on: "ezzor", "arraqqa" (article, then the doubled
# first consonant of the word).
_GLUED = re.compile(r"^[ae](sh|th|dh|[dnrstz])(\1)(?=[a-z]{2})")


def name_key(name: str) -> str:
    """The key two spellings of a name share (see the module docstring)."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    # Casefolding can create new decomposable characters (e.g. "ẞ" → "ss" is fine, but
    # some compatibility forms are not), so decompose once more before filtering.
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.translate(_TABLE)
    return " ".join(_NOT_WORD.sub(" ", text).split())


def bare_key(key: str) -> str:
    """A key without Arabic article tokens, or ``key`` itself when it has none.

    Takes a key (from :func:`name_key`). A glued article is split only after the first
    word, so "Ennis" stays "ennis" while "deir ezzor" becomes "deir zor"."""
    words = key.split()
    out: list[str] = []
    article = False
    for i, word in enumerate(words):
        if word in ARTICLES and len(words) > 1:
            article = True
            continue
        if i > 0:
            glued = _GLUED.match(word)
            if glued:
                article = True
                article_end = len(glued.group(1)) + 1
                word = word[article_end:]
        out.append(word)
    if not article or not out:
        return key
    return " ".join(_single_letters(word) for word in out)


def _single_letters(word: str) -> str:
    """A word with doubled letters written once: transliterations of Arabic double a
    consonant or a long vowel at will ("Maarrat" / "Maarat" / "Marat")."""
    return re.sub(r"(.)\1+", r"\1", word)


def has_article(key: str) -> bool:
    return bare_key(key) != key


@lru_cache(maxsize=4096)
def _is_latin_letter(ch: str) -> bool:
    return "LATIN" in unicodedata.name(ch, "")


def is_latin(name: str) -> bool:
    """True when every letter of ``name`` is a Latin letter (with or without marks)."""
    letters = [ch for ch in name if ch.isalpha()]
    return bool(letters) and all(_is_latin_letter(ch) for ch in letters)


def keep_alternate(name: str) -> bool:
    """Whether an alternate name is worth indexing: Latin script, not a code ("ALP",
    "AWZ": airport and postal codes in capitals), not a lower-case romanisation in
    another system ("a lei po", "xa lep po"). Lower-case names with a capital inside
    ("al-Hasakah", "les Escaldes") are kept."""
    if not is_latin(name):
        return False
    stripped = name.strip()
    if stripped.isupper() and " " not in stripped and len(stripped) <= 5:
        return False
    return stripped[:1].isupper() or any(ch.isupper() for ch in stripped[1:])


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(name_key(w) for w in STOP_WORDS)


# Shorter keys are mostly codes and abbreviations ("Ko" is a GeoNames spelling of Kyiv).
MIN_KEY_LETTERS = 3


def is_common_word(name: str) -> bool:
    """True when a name is too risky to recognise as a place on its own: an English
    stop word (spaCy's list: "Of", "Over", "Bar" is not one) or shorter than three
    letters. Place names that are also ordinary words ("Mobile", "Nice") are not caught
    here; the gazetteer's ``contains`` also ignores alternate names of small places
    (see eventwire/gazetteer/store.py), and callers should not trust a name written in
    lower case in the text."""
    key = name_key(name)
    return len(key.replace(" ", "")) < MIN_KEY_LETTERS or key in _stop_words()
