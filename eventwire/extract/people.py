"""People: names from the model's PERSON spans and from rank + name patterns, with the
rank, role and affiliation read from the words around the name, and short names
("Hamedani") joined to the full name used in the same document.

Rules, in order, for a person's affiliation:
1. an actor named inside the role phrase ("IRGC commander General Hossein Hamedani");
2. "of <actor>" right after the role in an apposition ("…, a commander of the IRGC,");
3. for a holder of a military or police rank with neither, the nearest armed actor named
   earlier in the same or the previous sentence (the article's subject, as a human
   coder would read it). The evidence is that actor mention.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from eventwire.extract.places import is_locative
from eventwire.extract.spans import Found, Occupancy, clean_span, sentences, slug
from eventwire.gazetteer.interface import PlaceNames, knows_place
from eventwire.lexicon import Lexicon
from eventwire.records import Person

ARMED_KINDS = frozenset(
    {
        "state military",
        "rebel group",
        "militant group",
        "militia",
        "police",
        "intelligence service",
        "private military company",
    }
)
# Role nouns that say the person belongs to an armed actor.
ARMED_ROLES = frozenset(
    {
        "commander",
        "officer",
        "soldier",
        "fighter",
        "militant",
        "sniper",
        "pilot",
        "gunman",
        "insurgent",
        "guerrilla",
        "paratrooper",
    }
)
# Model labels under which a rank-like first word does not open a person's name.
NOT_PEOPLE_LABELS = frozenset({"FAC", "GPE", "LOC", "LAW", "EVENT", "WORK_OF_ART", "PRODUCT"})
# Last words of facility and place names ("Prince Sultan Air Base").
FACILITY_WORDS = frozenset(
    {
        "base",
        "airport",
        "airbase",
        "street",
        "square",
        "hospital",
        "university",
        "school",
        "mosque",
        "bridge",
        "road",
        "highway",
        "camp",
        "barracks",
        "academy",
        "college",
        "port",
        "station",
    }
)
# Words that may stand inside a role phrase before the role noun.
ROLE_MODIFIER_POS = frozenset({"ADJ", "ADV", "NOUN", "PROPN", "NUM", "VERB"})
ARTICLE_PREFIX = re.compile(r"^(?:al|el|ad|ar|as|at|az|an|ash)-", re.IGNORECASE)


@dataclass(frozen=True)
class PersonMention:
    name_start: int
    name_end: int
    rank: tuple[int, int] | None = None
    rank_name: str | None = None
    role: tuple[int, int] | None = None
    affiliation: Found | None = None


# "the <kind> of X": X is a place.
PLACE_KINDS = frozenset(
    """city town village province region district governorate county state port
    suburb neighbourhood neighborhood camp municipality area""".split()
)


class PeopleFinder:
    def __init__(
        self, make_doc: Callable[[str], Doc], lexicon: Lexicon, place_names: PlaceNames
    ) -> None:
        self._place_names = place_names
        vocab = make_doc("").vocab
        self._ranks = PhraseMatcher(vocab, attr="ORTH")
        self._rank_service: dict[str, str] = {}
        for rank in lexicon.ranks:
            for form in rank.forms:
                self._ranks.add(rank.name, [make_doc(form)])
            self._rank_service[rank.name] = rank.service
        self._single_roles = {r.lower() for r in lexicon.roles if " " not in r}

    def find(
        self, doc: Doc, taken: Occupancy, actors: list[Found], actor_kinds: dict[str, str | None]
    ) -> tuple[list[Found], list[Person]]:
        ranks = self._rank_spans(doc)
        candidates = self._candidates(doc, taken, ranks)
        mentions = [
            self._read_context(doc, start, end, ranks, actors, actor_kinds)
            for start, end in candidates
        ]
        return _resolve(doc, mentions, taken)

    def _rank_spans(self, doc: Doc) -> dict[int, tuple[int, str]]:
        """The longest rank forms, by the token they end before: end -> (start, rank name)."""
        matches = sorted(self._ranks(doc), key=lambda m: (m[1], -(m[2] - m[1])))
        by_end: dict[int, tuple[int, str]] = {}
        last_end = -1
        for match_id, start, end in matches:
            if start < last_end:
                continue  # inside a longer rank ("Gen." within "Brig. Gen.")
            by_end[end] = (start, doc.vocab.strings[match_id])
            last_end = end
        return by_end

    def _candidates(
        self, doc: Doc, taken: Occupancy, ranks: dict[int, tuple[int, str]]
    ) -> list[tuple[int, int]]:
        rank_tokens = {i for end, (start, _) in ranks.items() for i in range(start, end)}
        spans: list[tuple[int, int]] = []
        for ent in doc.ents:
            span = clean_span(ent)
            start = span.start
            # A rank inside the model's span is not part of the name.
            while start < span.end and start in rank_tokens:
                start += 1
            if start == span.start and ent.label_ != "PERSON":
                continue
            # "Prince Sultan Air Base": a rank-like word opening the name of a facility.
            if ent.label_ in NOT_PEOPLE_LABELS or doc[span.end - 1].lower_ in FACILITY_WORDS:
                continue
            # "in the city of Lyon", "near al-Tanf": a known place where a place belongs.
            if (
                start == span.start
                and is_locative(doc, span.start, span.end)
                and knows_place(self._place_names, span.text)
            ):
                continue
            if start >= span.end or not taken.free(start, span.end):
                continue
            if not any(t.pos_ == "PROPN" or t.is_title for t in doc[start : span.end]):
                continue
            if span.end - start == 1 and doc[start].tag_ == "NNS":
                continue  # "Warplanes hit ...": a plural common noun is nobody's name
            if (
                start >= 2
                and doc[start - 1].lower_ == "of"
                and doc[start - 2].lemma_.lower() in PLACE_KINDS
            ):
                continue  # "the town of Maarat al-Numan" names a place, known or not
            spans.append((start, span.end))
        # A rank followed by capitalised words the model did not tag ("Colonel Ezzatollah").
        for end in sorted(ranks):
            i = end
            while i < len(doc) and doc[i].pos_ == "PROPN" and doc[i].is_title:
                i += 1
            if i > end and taken.free(end, i) and doc[i - 1].lower_ not in FACILITY_WORDS:
                spans.append((end, i))
        # Overlapping candidates: the longest wins.
        chosen: list[tuple[int, int]] = []
        used: set[int] = set()
        for start, end in sorted(set(spans), key=lambda s: (s[0] - s[1], s[0])):
            if not used.intersection(range(start, end)):
                chosen.append((start, end))
                used.update(range(start, end))
        return sorted(chosen)

    def _read_context(
        self,
        doc: Doc,
        start: int,
        end: int,
        ranks: dict[int, tuple[int, str]],
        actors: list[Found],
        actor_kinds: dict[str, str | None],
    ) -> PersonMention:
        rank = None
        rank_name = None
        left = start
        if start in ranks:
            left, rank_name = ranks[start]
            rank = (left, start)
        role_before = self._role_before(doc, left)
        role_after = None if role_before else self._role_after(doc, end)
        role = role_before or role_after
        affiliation = None
        if role is not None:
            affiliation = _actor_within(actors, role[0], role[1])
        if affiliation is None:
            # "Yossi Cohen of the IDF", "…, a commander of the IRGC,"
            affiliation = _of_actor(doc, role_after[1] if role_after else end, actors)
        armed_title = (
            rank_name is not None and self._rank_service.get(rank_name) in ("military", "police")
        ) or (role is not None and doc[role[1] - 1].lemma_.lower() in ARMED_ROLES)
        if (
            affiliation is None
            and armed_title
            # "a Russian major general": the nationality is named, the force is not; the
            # armed actor named nearby may well be the other side.
            and not (left > 0 and doc[left - 1].ent_type_ == "NORP")
        ):
            affiliation = _nearest_armed_actor(doc, left, actors, actor_kinds)
        return PersonMention(start, end, rank, rank_name, role, affiliation)

    def _role_before(self, doc: Doc, left: int) -> tuple[int, int] | None:
        i = left - 1
        if i < 0 or (
            doc[i].lower_ not in self._single_roles
            and (doc[i].lemma_.lower() not in self._single_roles)
        ):
            return None
        j = i
        while j - 1 >= 0:
            prev = doc[j - 1]
            if prev.text == "-" and j - 2 >= 0 and not doc[j - 2].whitespace_:
                j -= 1
                continue
            if (
                prev.pos_ in ROLE_MODIFIER_POS
                and prev.dep_ not in ("ROOT", "nsubj", "dobj")
                and prev.tag_ not in ("VBD", "VBZ", "VBP")
                and not doc[j].is_sent_start
            ):
                j -= 1
                continue
            break
        return (j, i + 1)

    def _role_after(self, doc: Doc, end: int) -> tuple[int, int] | None:
        if end >= len(doc) or doc[end].text != ",":
            return None
        start = end + 1
        if start < len(doc) and doc[start].pos_ == "DET":
            start += 1
        for j in range(start, min(start + 6, len(doc))):
            token = doc[j]
            if token.is_punct or token.pos_ in ("VERB", "AUX"):
                return None
            if token.lower_ in self._single_roles or token.lemma_.lower() in self._single_roles:
                nxt = doc[j + 1] if j + 1 < len(doc) else None
                if nxt is None or nxt.is_punct or nxt.lower_ in ("of", "for", "and"):
                    return (start, j + 1)
        return None


def _actor_within(actors: list[Found], start: int, end: int) -> Found | None:
    for found in actors:
        if found.start >= start and found.end <= end:
            return found
    return None


def _of_actor(doc: Doc, i: int, actors: list[Found]) -> Found | None:
    """The actor in "of (the) <actor>" starting at token ``i``."""
    if i >= len(doc) or doc[i].lower_ != "of":
        return None
    j = i + 1
    while j < len(doc) and doc[j].pos_ == "DET":
        j += 1
    return next((found for found in actors if found.start == j), None)


def _nearest_armed_actor(
    doc: Doc, before: int, actors: list[Found], actor_kinds: dict[str, str | None]
) -> Found | None:
    sentence = doc[before].sent
    in_order = sentences(doc)
    index = next(i for i, s in enumerate(in_order) if s.start == sentence.start)
    window_start = in_order[index - 1].start if index > 0 else sentence.start
    best = None
    for found in actors:
        if (
            window_start <= found.start
            and found.end <= before
            and (actor_kinds.get(found.entity_id) in ARMED_KINDS)
            and (best is None or found.start > best.start)
        ):
            best = found
    return best


def _surname_key(name: str) -> str:
    last = name.split()[-1] if name.split() else name
    return ARTICLE_PREFIX.sub("", last).casefold()


def _name_text(span: Span) -> str:
    return re.sub(r"\s*-\s*", "-", span.text).strip()


def _resolve(
    doc: Doc, mentions: list[PersonMention], taken: Occupancy
) -> tuple[list[Found], list[Person]]:
    """Join short names to full names, build Person records and their evidence."""
    names = [_name_text(doc[m.name_start : m.name_end]) for m in mentions]
    full = sorted({n for n in names if len(n.split()) > 1}, key=len, reverse=True)
    canonical: dict[str, str] = {}
    for name in set(names):
        if len(name.split()) > 1:
            canonical[name] = name
            continue
        matches = {f for f in full if _surname_key(f) == _surname_key(name)}
        # A surname shared by two people in the document stays on its own.
        canonical[name] = matches.pop() if len(matches) == 1 else name
    people: dict[str, Person] = {}
    found: list[Found] = []
    for mention, name in zip(mentions, names, strict=True):
        person_id = f"person:{slug(canonical[name])}"
        record = people.get(person_id) or Person(id=person_id, name=canonical[name])
        rank_text = mention.rank_name
        role_text = doc[mention.role[0] : mention.role[1]].text if mention.role else None
        affiliation = mention.affiliation.entity_id if mention.affiliation else None
        record = replace(
            record,
            rank=record.rank or rank_text,
            role=record.role or role_text,
            affiliation=record.affiliation or affiliation,
        )
        people[person_id] = record
        taken.take(mention.name_start, mention.name_end)
        found.append(Found("person", person_id, mention.name_start, mention.name_end))
        if mention.rank:
            found.append(Found("person", person_id, *mention.rank, role="rank"))
        if mention.role:
            found.append(Found("person", person_id, *mention.role, role="role"))
        if mention.affiliation:
            aff = mention.affiliation
            found.append(Found("person", person_id, aff.start, aff.end, role="affiliation"))
    return found, list(people.values())
