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

_Test = Callable[[Signature], bool]
"""One token of a pattern, as a test of a token's signature."""

_Sides = tuple[frozenset[int], frozenset[int]]
"""The two-token rules a token can be the first token of, and the second."""
_NO_SIDES: _Sides = (frozenset(), frozenset())


CACHE_LIMIT = 500_000
"""Entries a cache of distinct tokens may hold before it starts again: a corpus's
vocabulary keeps growing, and memory must not grow with it without end."""


def _bounded(cache: dict[Any, Any]) -> dict[Any, Any]:
    if len(cache) >= CACHE_LIMIT:
        cache.clear()
    return cache


class UnsupportedPattern(ValueError):
    """A pattern form the fast ruler does not implement."""


def _predicate(key: str, value: Any) -> _Test:
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


def _token_test(spec: Mapping[str, Any]) -> _Test:
    if "OP" in spec:
        raise UnsupportedPattern("quantifier OP")
    tests = [_predicate(key, value) for key, value in spec.items()]
    if len(tests) == 1:  # most: spared a generator per call
        return tests[0]
    if len(tests) == 2:
        first, second = tests
        return lambda sig: first(sig) and second(sig)
    return lambda sig: all(test(sig) for test in tests)


@dataclass(frozen=True)
class _Rule:
    attr_id: int  # the ruler's order: a later rule's attributes win
    tests: tuple[_Test, ...]  # one per token of the pattern
    index: int  # which token of the match gets the attributes


def _words_of(spec: Mapping[str, Any]) -> frozenset[str] | None:
    value = spec.get("LOWER")
    if isinstance(value, str):
        return frozenset({value})
    if isinstance(value, dict) and set(value) == {"IN"}:
        return frozenset(value["IN"])
    return None


class _TestIndex:
    """Token tests, each with an integer label, grouped so that a new signature runs
    only the tests that can pass: those listing words for those words, those testing the
    word otherwise (a regular expression) always, and those blind to the word once per
    (tag, label, space)."""

    def __init__(self, entries: Sequence[tuple[int, _Test, Mapping[str, Any]]]):
        self._by_word: dict[str, list[tuple[int, _Test]]] = {}
        self._open: list[tuple[int, _Test]] = []
        self._blind: list[tuple[int, _Test]] = []
        for label, test, spec in entries:
            words = _words_of(spec)
            if words is not None:
                for word in words:
                    self._by_word.setdefault(word, []).append((label, test))
            elif "LOWER" in spec:
                self._open.append((label, test))
            else:
                self._blind.append((label, test))
        self._blind_passing: dict[tuple[str, str, bool], list[int]] = {}

    def passing(self, sig: Signature) -> list[int]:
        """The labels of the tests ``sig`` passes."""
        key = (sig[0], sig[2], sig[3])
        blind = self._blind_passing.get(key)
        if blind is None:
            blind = [label for label, test in self._blind if test(sig)]
            _bounded(self._blind_passing)[key] = blind
        worded = (*self._by_word.get(sig[1], ()), *self._open)
        return [*blind, *(label for label, test in worded if test(sig))]


class FastAttributeRuler:
    """The attribute ruler's patterns and attributes, matched per distinct combination of
    the attributes they test."""

    def __init__(self, ruler: AttributeRuler) -> None:
        self.vocab = ruler.vocab
        self.attrs: list[dict[int, Any]] = list(ruler.attrs)
        self.single: list[_Rule] = []
        self.pairs: list[_Rule] = []
        single_tests: list[tuple[int, _Test, Mapping[str, Any]]] = []
        pair_tests: list[tuple[int, _Test, Mapping[str, Any]]] = []
        for attr_id in range(len(ruler.attrs)):
            _, patterns = ruler.matcher.get(str(attr_id))
            index = ruler.indices[attr_id]
            for pattern in patterns:
                tests = tuple(_token_test(spec) for spec in pattern)
                if len(tests) == 1 and index in (0, -1):
                    self.single.append(_Rule(attr_id, tests, 0))
                    single_tests.append((attr_id, tests[0], pattern[0]))
                elif len(tests) == 2 and index in (0, 1, -1, -2):
                    n = len(self.pairs)  # label 2n: a first token of pair n; 2n + 1: a second
                    self.pairs.append(_Rule(attr_id, tests, index % 2))
                    pair_tests += [(2 * n, tests[0], pattern[0]), (2 * n + 1, tests[1], pattern[1])]
                else:
                    raise UnsupportedPattern(f"pattern of {len(tests)} tokens, index {index}")
        for attrs in self.attrs:
            if set(attrs) - {POS, TAG, MORPH, LEMMA, DEP}:
                raise UnsupportedPattern(f"sets {sorted(attrs)}")
            if MORPH in attrs:  # from_array needs each analysis in the morphology table
                self.vocab.morphology.add(self.vocab.strings[attrs[MORPH]])
        self._single_tests = _TestIndex(single_tests)
        self._pair_tests = _TestIndex(pair_tests)
        self._merged: dict[tuple[int, ...], dict[int, Any]] = {}
        # (tag, lower, dep, space) ids -> the single rules matched, the pair sides
        self._by_ids: dict[tuple[int, ...], tuple[tuple[int, ...], _Sides]] = {}

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        rows = doc.to_array([TAG, LOWER, DEP, IS_SPACE, POS, MORPH, LEMMA])
        # What each token matches, looked up by its attributes' ids: the strings behind
        # them are read only for a combination not seen before.
        found: list[tuple[tuple[int, ...], _Sides]] = []
        for ids in map(tuple, rows[:, :4].tolist()):
            entry = self._by_ids.get(ids)
            if entry is None:
                sig = self._signature(ids)
                entry = (self._single_matches(sig), self._sides(sig))
                _bounded(self._by_ids)[ids] = entry
            found.append(entry)
        matched = [singles for singles, _ in found]
        if self.pairs:
            self._add_pair_matches([sides for _, sides in found], matched)
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

    def _signature(self, ids: tuple[int, ...]) -> Signature:
        strings = self.vocab.strings
        tag, lower, dep, space = ids
        return (
            strings[tag] if tag else "",
            strings[lower],
            strings[dep] if dep else "",
            bool(space),
        )

    def _single_matches(self, sig: Signature) -> tuple[int, ...]:
        return tuple(sorted(set(self._single_tests.passing(sig))))

    def _add_pair_matches(self, sides: Sequence[_Sides], matched: list[tuple[int, ...]]) -> None:
        """Add the two-token rules' matches; ``sides``: each token's pair rules it can
        be the first and the second token of."""
        for k in range(len(sides) - 1):
            firsts = sides[k][0]
            if not firsts:
                continue
            for n in sorted(firsts & sides[k + 1][1]):
                rule = self.pairs[n]
                target = k + rule.index
                matched[target] = tuple(sorted({*matched[target], rule.attr_id}))

    def _sides(self, sig: Signature) -> _Sides:
        if not self.pairs:
            return _NO_SIDES
        labels = self._pair_tests.passing(sig)
        return (
            frozenset(label // 2 for label in labels if label % 2 == 0),
            frozenset(label // 2 for label in labels if label % 2 == 1),
        )

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
