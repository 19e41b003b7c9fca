"""The attribution and certainty cue words (eventwire/data/attribution.yaml), validated.

Everything is stored as normalised lemmas (lower case, hyphens as spaces), so a matcher
compares them with :func:`eventwire.events.normalise_lemma` of a token's lemma.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, cast

from eventwire.errors import LexiconError
from eventwire.events import normalise_lemma
from eventwire.records import CERTAINTIES, SOURCE_KINDS, Certainty, SourceKind
from eventwire.yamlfile import parse_yaml

REQUIRED = (
    "reporting_verbs",
    "denial_nouns",
    "attribution_phrases",
    "adverbs",
    "source_nouns",
    "anonymous_markers",
    "anaphors",
    "hypothetical",
    "negation",
)


@dataclass(frozen=True)
class Cues:
    reporting_verbs: Mapping[str, Certainty]
    denial_nouns: frozenset[str]
    attribution_phrases: tuple[tuple[str, ...], ...]
    adverbs: Mapping[str, Certainty]
    source_nouns: tuple[tuple[tuple[str, ...], SourceKind], ...]  # longest first
    anonymous_markers: tuple[str, ...]
    anaphors: frozenset[str]
    modals: frozenset[str]
    subordinators: frozenset[str]
    governors: frozenset[str]
    negation_particles: frozenset[str]
    negation_determiners: frozenset[str]
    negation_pronouns: tuple[tuple[str, ...], ...]


def _words(values: object, file: str, where: str) -> tuple[str, ...]:
    if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
        raise LexiconError(f"{file}: {where}: expected a list of words or phrases")
    return tuple(normalise_lemma(v) for v in cast(list[str], values))


def _certainty_map(values: object, file: str, where: str) -> dict[str, Certainty]:
    if not isinstance(values, dict):
        raise LexiconError(f"{file}: {where}: expected a mapping of lemma to certainty")
    found: dict[str, Certainty] = {}
    for lemma, certainty in values.items():
        if certainty not in CERTAINTIES or certainty == "asserted":
            raise LexiconError(
                f"{file}: {where}: {lemma!r} has certainty {certainty!r}; use one of "
                + ", ".join(c for c in CERTAINTIES if c != "asserted")
            )
        found[normalise_lemma(str(lemma))] = cast(Certainty, certainty)
    return found


def parse_cues(data: Any, file: str) -> Cues:
    if not isinstance(data, dict):
        raise LexiconError(f"{file}: expected a mapping with the keys {', '.join(REQUIRED)}")
    missing = [key for key in REQUIRED if key not in data]
    unknown = [key for key in data if key not in REQUIRED]
    if missing or unknown:
        raise LexiconError(
            f"{file}: missing keys {missing or 'none'}, unknown keys {unknown or 'none'}; "
            f"the keys are {', '.join(REQUIRED)}"
        )
    nouns = data["source_nouns"]
    if not isinstance(nouns, dict) or any(kind not in SOURCE_KINDS for kind in nouns):
        raise LexiconError(
            f"{file}: source_nouns: expected a mapping from source kind "
            f"({', '.join(SOURCE_KINDS)}) to a list of nouns"
        )
    source_nouns: dict[tuple[str, ...], SourceKind] = {}
    for kind, words in nouns.items():
        for word in _words(words, file, f"source_nouns.{kind}"):
            source_nouns.setdefault(tuple(word.split()), cast(SourceKind, kind))
    hypothetical = data["hypothetical"]
    negation = data["negation"]
    if not isinstance(hypothetical, dict) or not isinstance(negation, dict):
        raise LexiconError(f"{file}: hypothetical and negation must be mappings of lists")
    return Cues(
        reporting_verbs=_certainty_map(data["reporting_verbs"], file, "reporting_verbs"),
        denial_nouns=frozenset(_words(data["denial_nouns"], file, "denial_nouns")),
        attribution_phrases=tuple(
            tuple(p.split())
            for p in _words(data["attribution_phrases"], file, "attribution_phrases")
        ),
        adverbs=_certainty_map(data["adverbs"], file, "adverbs"),
        source_nouns=tuple(sorted(source_nouns.items(), key=lambda item: -len(item[0]))),
        anonymous_markers=_words(data["anonymous_markers"], file, "anonymous_markers"),
        anaphors=frozenset(_words(data["anaphors"], file, "anaphors")),
        modals=frozenset(_words(hypothetical.get("modals", []), file, "hypothetical.modals")),
        subordinators=frozenset(
            _words(hypothetical.get("subordinators", []), file, "hypothetical.subordinators")
        ),
        governors=frozenset(
            _words(hypothetical.get("governors", []), file, "hypothetical.governors")
        ),
        negation_particles=frozenset(
            _words(negation.get("particles", []), file, "negation.particles")
        ),
        negation_determiners=frozenset(
            _words(negation.get("determiners", []), file, "negation.determiners")
        ),
        negation_pronouns=tuple(
            tuple(p.split())
            for p in _words(negation.get("pronouns", []), file, "negation.pronouns")
        ),
    )


@lru_cache(maxsize=4)
def load_cues(files: Sequence[Path] = ()) -> Cues:
    """The packaged cues, updated with each user file in order."""
    name = "attribution.yaml"
    text = resources.files("eventwire").joinpath("data", name).read_text(encoding="utf-8")
    merged: dict[str, Any] = parse_yaml(text, name)
    for path in files:
        extra = parse_yaml(path.read_text(encoding="utf-8"), str(path))
        if not isinstance(extra, dict):
            raise LexiconError(f"{path}: expected a mapping of cue lists")
        for key, value in extra.items():
            base = merged.get(key)
            if isinstance(base, list) and isinstance(value, list):
                merged[key] = base + value
            elif isinstance(base, dict) and isinstance(value, dict):
                merged[key] = _merge(base, value)
            else:
                merged[key] = value
    return parse_cues(merged, ", ".join([name, *map(str, files)]))


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in extra.items():
        if isinstance(out.get(key), list) and isinstance(value, list):
            out[key] = out[key] + value
        else:
            out[key] = value
    return out
