"""The model's rule components, applied once per distinct token instead of once per token.

``en_core_web_sm`` ends with two components that are rules, not weights: the attribute
ruler (179 token patterns that set POS, morphology and some lemmas from the tag, the
word and the dependency label) and the English rule lemmatizer. Together they cost about
a fifth of the model's time, because both run Python for every token of every report,
although a report's tokens are mostly words seen many times before.

Both depend on nothing but a token's own attributes (and, for eight two-token patterns of
the ruler, its neighbour's), so their result can be computed once for each distinct
combination and reused. :class:`FastAttributeRuler` and :class:`FastLemmatizer` do that,
with the model's own patterns and lookup tables, and write the results with one
``Doc.from_array`` call per document. They produce exactly what the model's components
produce (``tests/test_model_rules.py`` compares every token on real news); a pattern
form they do not know makes :func:`speed_up_rules` leave the model's component in place.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs
from thinc.types import Ints2d

RULER = "attribute_ruler"
LEMMATIZER = "lemmatizer"
FAST_RULER = "eventwire_attribute_ruler"
FAST_LEMMATIZER = "eventwire_lemmatizer"

Signature = tuple[str, str, str, bool]
"""What a pattern may test of a token: its tag, lower-case form, dependency label and
whether it is white space."""

_FIELDS = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}


CACHE_LIMIT = 500_000
"""Entries a cache of distinct tokens may hold before it starts again: a corpus's
vocabulary keeps growing, and memory must not grow with it without end."""


def _bounded(cache: dict[Any, Any]) -> dict[Any, Any]:
    if len(cache) >= CACHE_LIMIT:
        cache.clear()
    return cache


class UnsupportedPattern(ValueError):
    """A pattern form the fast ruler does not implement."""


def _predicate(key: str, value: Any) -> Callable[[Signature], bool]:
    if key not in _FIELDS:
        raise UnsupportedPattern(f"attribute {key!r}")
    field = _FIELDS[key]
    if isinstance(value, str | bool):
        return lambda sig: sig[field] == value
    if isinstance(value, dict) and len(value) == 1:
        ((op, arg),) = value.items()
        if op == "IN":
            members = frozenset(arg)
            return lambda sig: sig[field] in members
        if op == "NOT_IN":
            excluded = frozenset(arg)
            return lambda sig: sig[field] not in excluded
        if op == "REGEX":
            regex = re.compile(arg)
            return lambda sig: isinstance(sig[field], str) and bool(regex.search(sig[field]))
    raise UnsupportedPattern(f"{key}: {value!r}")


def _token_test(spec: Mapping[str, Any]) -> Callable[[Signature], bool]:
    if "OP" in spec:
        raise UnsupportedPattern("quantifier OP")
    tests = [_predicate(key, value) for key, value in spec.items()]
    return lambda sig: all(test(sig) for test in tests)


@dataclass(frozen=True)
class _Rule:
    attr_id: int  # the ruler's order: a later rule's attributes win
    tests: tuple[Callable[[Signature], bool], ...]  # one per token of the pattern
    index: int  # which token of the match gets the attributes
    words: frozenset[str] | None = None  # the only lower-case forms its first token may have
    tests_word: bool = False  # its first token's lower-case form is tested


def _words_of(spec: Mapping[str, Any]) -> frozenset[str] | None:
    value = spec.get("LOWER")
    if isinstance(value, str):
        return frozenset({value})
    if isinstance(value, dict) and set(value) == {"IN"}:
        return frozenset(value["IN"])
    return None


class FastAttributeRuler:
    """The attribute ruler's patterns and attributes, matched per distinct signature."""

    def __init__(self, ruler: AttributeRuler) -> None:
        self.vocab = ruler.vocab
        self.attrs: list[dict[int, Any]] = list(ruler.attrs)
        self.single: list[_Rule] = []
        self.pairs: list[_Rule] = []
        for attr_id in range(len(ruler.attrs)):
            _, patterns = ruler.matcher.get(str(attr_id))
            index = ruler.indices[attr_id]
            for pattern in patterns:
                tests = tuple(_token_test(spec) for spec in pattern)
                if len(tests) == 1 and index in (0, -1):
                    rule = _Rule(attr_id, tests, 0, _words_of(pattern[0]), "LOWER" in pattern[0])
                    self.single.append(rule)
                elif len(tests) == 2 and index in (0, 1, -1, -2):
                    self.pairs.append(_Rule(attr_id, tests, index % 2))
                else:
                    raise UnsupportedPattern(f"pattern of {len(tests)} tokens, index {index}")
        for attrs in self.attrs:
            if set(attrs) - {POS, TAG, MORPH, LEMMA, DEP}:
                raise UnsupportedPattern(f"sets {sorted(attrs)}")
            if MORPH in attrs:  # from_array needs each analysis in the morphology table
                self.vocab.morphology.add(self.vocab.strings[attrs[MORPH]])
        # A new word needs only the rules listing it, the rules that test the word
        # otherwise (a regular expression), and those that do not test it (cached by
        # tag, label and space).
        self._by_word: dict[str, list[_Rule]] = {}
        self._open: list[_Rule] = []
        self._word_blind: list[_Rule] = []
        for rule in self.single:
            if rule.words is not None:
                for word in rule.words:
                    self._by_word.setdefault(word, []).append(rule)
            elif rule.tests_word:
                self._open.append(rule)
            else:
                self._word_blind.append(rule)
        self._blind_matches: dict[tuple[str, str, bool], tuple[int, ...]] = {}
        self._matches: dict[Signature, tuple[int, ...]] = {}
        self._pair_sides: dict[Signature, tuple[frozenset[int], frozenset[int]]] = {}
        self._merged: dict[tuple[int, ...], dict[int, Any]] = {}

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        strings = self.vocab.strings
        rows = doc.to_array([TAG, LOWER, DEP, IS_SPACE, POS, MORPH, LEMMA])
        signatures = [
            (
                strings[int(tag)] if tag else "",
                strings[int(lower)],
                strings[int(dep)] if dep else "",
                bool(space),
            )
            for tag, lower, dep, space in rows[:, :4].tolist()
        ]
        matched: list[tuple[int, ...]] = [self._single_matches(sig) for sig in signatures]
        if self.pairs:
            self._add_pair_matches(signatures, matched)
        out = rows[:, 4:].copy()
        dep_changes: list[tuple[int, dict[int, Any]]] = []
        for i, attr_ids in enumerate(matched):
            if not attr_ids:
                continue
            merged = self._merge(attr_ids)
            if POS in merged:
                out[i, 0] = merged[POS]
            if MORPH in merged:
                out[i, 1] = merged[MORPH]
            if LEMMA in merged:
                out[i, 2] = merged[LEMMA]
            if TAG in merged or DEP in merged:
                dep_changes.append((i, {k: v for k, v in merged.items() if k in (TAG, DEP)}))
        doc.from_array([POS, MORPH, LEMMA], cast(Ints2d, out))
        for i, attrs in dep_changes:  # rare: white space given a tag or a label
            set_token_attrs(doc[i], attrs)
        return doc

    def _single_matches(self, sig: Signature) -> tuple[int, ...]:
        found = self._matches.get(sig)
        if found is None:
            blind_key = (sig[0], sig[2], sig[3])
            blind = self._blind_matches.get(blind_key)
            if blind is None:
                blind = tuple(r.attr_id for r in self._word_blind if r.tests[0](sig))
                self._blind_matches[blind_key] = blind
            worded = [*self._by_word.get(sig[1], ()), *self._open]
            found = tuple(sorted({*blind, *(r.attr_id for r in worded if r.tests[0](sig))}))
            _bounded(self._matches)[sig] = found
        return found

    def _add_pair_matches(
        self, signatures: Sequence[Signature], matched: list[tuple[int, ...]]
    ) -> None:
        for k in range(len(signatures) - 1):
            firsts, _ = self._sides(signatures[k])
            if not firsts:
                continue
            _, seconds = self._sides(signatures[k + 1])
            for n in sorted(firsts & seconds):
                rule = self.pairs[n]
                target = k + rule.index
                matched[target] = tuple(sorted({*matched[target], rule.attr_id}))

    def _sides(self, sig: Signature) -> tuple[frozenset[int], frozenset[int]]:
        found = self._pair_sides.get(sig)
        if found is None:
            found = (
                frozenset(n for n, r in enumerate(self.pairs) if r.tests[0](sig)),
                frozenset(n for n, r in enumerate(self.pairs) if r.tests[1](sig)),
            )
            _bounded(self._pair_sides)[sig] = found
        return found

    def _merge(self, attr_ids: tuple[int, ...]) -> dict[int, Any]:
        merged = self._merged.get(attr_ids)
        if merged is None:
            merged = {}
            for attr_id in sorted(attr_ids):  # as the ruler applies them: later ones win
                merged.update(self.attrs[attr_id])
            self._merged[attr_ids] = merged
        return merged


class FastLemmatizer:
    """The rule lemmatizer, asked once per (form, part of speech, morphology).

    A form seen for the first time is lemmatised by :meth:`_rule_lemma`, the rule
    lemmatizer's algorithm over the same tables, with the table of known lemmas held as
    a set: spaCy looks each candidate up in a list of thousands, and that lookup is most
    of its cost."""

    def __init__(self, lemmatizer: Lemmatizer) -> None:
        if lemmatizer.mode != "rule" or not hasattr(lemmatizer, "is_base_form"):
            raise UnsupportedPattern(f"lemmatizer mode {lemmatizer.mode!r}")
        self.lemmatizer = lemmatizer
        self.overwrite = bool(lemmatizer.overwrite)
        self._lemmas: dict[tuple[int, int, int], int] = {}
        self._tables: dict[str, _PosTables] = {}

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = rows[:, 3].copy()
        strings = doc.vocab.strings
        for i, (orth, pos, morph, lemma) in enumerate(rows.tolist()):
            if lemma and not self.overwrite:
                continue
            key = (orth, pos, morph)
            found = self._lemmas.get(key)
            if found is None:
                token = doc[i]
                base = self.lemmatizer.is_base_form(token)
                found = strings.add(self._rule_lemma(token.text, token.pos_.lower(), base))
                _bounded(self._lemmas)[key] = found
            lemmas[i] = found
        doc.from_array([LEMMA], cast(Ints2d, lemmas.reshape(-1, 1)))
        return doc

    def _rule_lemma(self, text: str, univ_pos: str, base_form: bool) -> str:
        """The first of the forms spaCy's ``Lemmatizer.rule_lemmatize`` returns."""
        if univ_pos in ("", "eol", "space") or base_form:
            return text.lower()
        tables = self._pos_tables(univ_pos)
        if not tables.any:
            return text if univ_pos == "propn" else text.lower()
        lower = text.lower()
        forms: list[str] = []
        unknown: list[str] = []
        for old, new in tables.rules:
            if lower.endswith(old):
                form = lower[: len(lower) - len(old)] + new
                if not form:
                    continue
                if form in tables.index:
                    forms.insert(0, form)
                elif not form.isalpha():
                    forms.append(form)
                else:
                    unknown.append(form)
        forms = list(dict.fromkeys(forms))
        for form in tables.exceptions.get(lower, []):  # exceptions take priority
            if form not in forms:
                forms.insert(0, form)
        return (forms or unknown or [text])[0]

    def _pos_tables(self, univ_pos: str) -> _PosTables:
        found = self._tables.get(univ_pos)
        if found is None:
            lookups = self.lemmatizer.lookups
            index = lookups.get_table("lemma_index", {}).get(univ_pos)
            exceptions = lookups.get_table("lemma_exc", {}).get(univ_pos)
            rules = lookups.get_table("lemma_rules", {}).get(univ_pos)
            found = _PosTables(
                index=frozenset(index or ()),
                exceptions=dict(exceptions or {}),
                rules=tuple((old, new) for old, new in (rules or ())),
                any=any((index, exceptions, rules)),
            )
            self._tables[univ_pos] = found
        return found


@dataclass(frozen=True)
class _PosTables:
    index: frozenset[str]
    exceptions: dict[str, list[str]]
    rules: tuple[tuple[str, str], ...]
    any: bool


def speed_up_rules(nlp: Language) -> list[str]:
    """Put the fast equivalents in place of the model's attribute ruler and lemmatizer
    (those left disabled in the pipeline); the names of the components replaced."""
    replaced = []
    for name, fast_name, build in (
        (RULER, FAST_RULER, FastAttributeRuler),
        (LEMMATIZER, FAST_LEMMATIZER, FastLemmatizer),
    ):
        if name not in nlp.pipe_names:
            continue
        try:
            component = build(nlp.get_pipe(name))  # type: ignore[arg-type]
        except UnsupportedPattern:
            continue
        nlp.add_pipe(fast_name, after=name, config={})
        nlp.get_pipe(fast_name).use(component)  # type: ignore[attr-defined]
        nlp.disable_pipe(name)
        replaced.append(name)
    return replaced


class _Slot:
    """A pipeline component that runs whatever fast rule component it is given."""

    def __init__(self) -> None:
        self.run: Callable[[Doc], Doc] | None = None

    def use(self, component: Callable[[Doc], Doc]) -> None:
        self.run = component

    def __call__(self, doc: Doc) -> Doc:
        assert self.run is not None, "speed_up_rules fills this component"
        return self.run(doc)


@Language.factory(FAST_RULER)
def _make_fast_ruler(nlp: Language, name: str) -> _Slot:
    return _Slot()


@Language.factory(FAST_LEMMATIZER)
def _make_fast_lemmatizer(nlp: Language, name: str) -> _Slot:
    return _Slot()
