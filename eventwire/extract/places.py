"""Places and groups.

Places come from datelines (:mod:`eventwire.extract.datelines`), from the model's
GPE/LOC/FAC spans, from spans the model mislabels (an "Aleppo" tagged NORP or LANGUAGE)
when the gazetteer knows the name and the words around it are locative or it is the
object of a verb like "shelled", from a big city's name tagged ORG when the report also
names it as a place, and from patterns the model misses ("Ahvaz province", "the city of
X"). Groups (ethnic, religious, national) come from the group dictionary.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from eventwire.extract.spans import Found, Occupancy, clean_span, slug
from eventwire.gazetteer.interface import PlaceNames, knows_place
from eventwire.lexicon import GroupEntry, Lexicon
from eventwire.records import Group

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
MISLABELLED = frozenset({"NORP", "LANGUAGE", "PERSON", "ORG", "PRODUCT", "WORK_OF_ART"})
LOCATIVE_PREPOSITIONS = frozenset(
    [
        "in",
        "near",
        "at",
        "from",
        "to",
        "into",
        "outside",
        "around",
        "of",
        "across",
        "towards",
        "toward",
        "inside",
        "within",
        "between",
        "through",
        "throughout",
        "along",
        "off",
        "on",
    ]
)
PLACE_NOUNS = frozenset(
    [
        "province",
        "governorate",
        "district",
        "region",
        "city",
        "town",
        "village",
        "county",
        "oblast",
        "state",
        "prefecture",
        "municipality",
        "valley",
        "camp",
        "neighbourhood",
        "neighborhood",
    ]
)


# Words that may stand between a preposition and a place: "in eastern Aleppo".
PART_OF_PLACE = frozenset(
    """
    eastern western northern southern central north south east west northeast northwest
    southeast southwest northeastern northwestern southeastern southwestern rural
    downtown greater
    """.split()
)


def is_locative(doc: Doc, start: int, end: int) -> bool:
    """Whether the words around a span say it is a place ("near X", "in eastern X",
    "X province")."""
    i = start - 1
    if i > 0 and doc[i].lower_ in PART_OF_PLACE:
        i -= 1
    before = doc[i] if i >= 0 else None
    after = doc[end] if end < len(doc) else None
    if before is not None and before.lower_ in LOCATIVE_PREPOSITIONS:
        return True
    return after is not None and after.lower_ in PLACE_NOUNS


# A city this big is what its bare name means in the news, whatever the model says.
BIG_CITY = 100_000


def is_city_name(place_names: PlaceNames, name: str) -> bool:
    """Whether ``name`` is the main name of a city of BIG_CITY people or more, which the
    model sometimes tags as an organisation ("Edmonton came in second"). Capitals
    standing for their governments were claimed by the actor dictionary before places
    are looked for."""
    if not place_names.contains(name):
        return False
    lookup = getattr(place_names, "lookup", None)
    entries = lookup(name, limit=5) if lookup is not None else []
    key = name.casefold()
    return any(
        e.feature_class == "P" and e.population >= BIG_CITY and e.name.casefold() == key
        for e in entries
    )


def find_places(
    doc: Doc, taken: Occupancy, place_names: PlaceNames, datelines: Sequence[Span] = ()
) -> list[Found]:
    """Spans naming places, keyed by their text until the geoparser resolves them.
    ``datelines`` (see :mod:`eventwire.extract.datelines`) are places whatever else
    claimed their words: the caller reserved them in ``taken`` before any other finder."""
    found = [Found("place", f"place:{slug(s.text)}", s.start, s.end, "dateline") for s in datelines]
    spans: list[Span] = []
    mislabelled: list[tuple[str, Span]] = []  # (label, span) of the other kinds
    for ent in doc.ents:
        span = clean_span(ent)
        if not len(span):
            continue
        if ent.label_ in PLACE_LABELS or (
            ent.label_ in MISLABELLED
            and (is_locative(doc, span.start, span.end) or _object_of_place_verb(span))
            and knows_place(place_names, span.text)
        ):
            spans.append(_with_place_noun(doc, span))
        elif ent.label_ in MISLABELLED and ent.label_ != "PERSON":
            mislabelled.append((ent.label_, span))
    # One reading per document: a name the model also tagged as a place elsewhere in the
    # report is that place where it tagged it otherwise ("Edmonton came in second",
    # "eastern Aleppo" as NORP). For an organisation only a big city's name: a sports
    # page's "Edmonton beat Calgary" names no place otherwise, and stays a team. A
    # person's name is left to the people stage ("Jordan said").
    places_named = {span.text.casefold() for span in spans}
    spans += [
        span
        for label, span in mislabelled
        if span.text.casefold() in places_named
        and (
            is_city_name(place_names, span.text)
            if label == "ORG"
            else knows_place(place_names, span.text)
        )
    ]
    # "Ahvaz province": a proper name followed by a kind of place.
    for token in doc:
        if token.lower_ in PLACE_NOUNS and token.i > 0:
            i = token.i
            while i > 0 and doc[i - 1].pos_ == "PROPN" and doc[i - 1].is_title:
                i -= 1
            if i < token.i:
                spans.append(doc[i : token.i + 1])
        # "the city of Aleppo"
        if (
            token.lower_ in PLACE_NOUNS
            and token.i + 2 < len(doc)
            and doc[token.i + 1].lower_ == "of"
        ):
            j = _name_end(doc, token.i + 2)
            if j > token.i + 2:
                spans.append(doc[token.i + 2 : j])
    spans += _gazetteer_names(doc, place_names)
    for span in sorted(spans, key=lambda s: (s.start, -len(s))):
        if not taken.free(span.start, span.end):
            continue
        taken.take(span.start, span.end)
        found.append(Found("place", f"place:{slug(span.text)}", span.start, span.end))
    return sorted(found, key=lambda f: (f.start, f.end))


# Lower-case particles inside Arabic, Persian and other place names ("Maarrat al-Numan",
# "Deir ez-Zor", "Ras al-Ain").
NAME_PARTICLES = frozenset(
    {
        "al",
        "el",
        "ad",
        "an",
        "ar",
        "as",
        "ash",
        "at",
        "az",
        "ez",
        "es",
        "ed",
        "ibn",
        "bin",
        "abu",
        "umm",
        "-",
        "\u2010",
    }
)


def _name_end(doc: Doc, start: int) -> int:
    """Where a capitalised name starting at ``start`` ends, particles included."""
    j = start
    while j < len(doc):
        token = doc[j]
        if token.pos_ == "PROPN" and token.is_title:
            j += 1
            continue
        nxt = doc[j + 1] if j + 1 < len(doc) else None
        if (
            j > start
            and token.lower_ in NAME_PARTICLES
            and nxt is not None
            and (nxt.is_title or nxt.lower_ in NAME_PARTICLES)
        ):
            j += 1
            continue
        break
    while j > start and doc[j - 1].lower_ in NAME_PARTICLES:
        j -= 1
    return j


def _gazetteer_names(doc: Doc, place_names: PlaceNames) -> list[Span]:
    """Capitalised names the model left untagged that the gazetteer knows, where the
    sentence uses them as a place: after a locative preposition, or as the object of a
    verb of attack or movement ("shelled Aleppo", "entered Aleppo"). The gazetteer's own
    guard already refuses common words."""
    spans = []
    i = 0
    while i < len(doc):
        token = doc[i]
        if token.ent_type_ or token.pos_ != "PROPN" or not token.is_title:
            i += 1
            continue
        end = i + 1
        while (
            end < len(doc)
            and end - i < 4
            and doc[end].pos_ == "PROPN"
            and doc[end].is_title
            and not doc[end].ent_type_
        ):
            end += 1
        # Longest known name starting here ("Deir ez-Zor" before "Deir").
        for stop in range(end, i, -1):
            span = doc[i:stop]
            if place_names.contains(span.text) and (
                is_locative(doc, span.start, span.end) or _object_of_place_verb(span)
            ):
                spans.append(span)
                break
        i = end
    return spans


# Verbs whose object is a place in conflict reporting ("shelled Aleppo", "entered Mosul").
PLACE_VERBS = frozenset(
    """
    shell bomb strike hit attack raid target enter capture seize storm besiege encircle
    surround overrun recapture retake liberate control reach leave flee evacuate visit
    occupy invade bombard take lose hold defend abandon
    """.split()
)


def _object_of_place_verb(span: Span) -> bool:
    root = span.root
    return root.dep_ == "dobj" and root.head.lemma_.lower() in PLACE_VERBS


def _with_place_noun(doc: Doc, span: Span) -> Span:
    """Extend "Ahvaz" to "Ahvaz province" when the kind of place follows the name."""
    if span.end < len(doc) and doc[span.end].lower_ in PLACE_NOUNS and doc[span.end].pos_ == "NOUN":
        return doc[span.start : span.end + 1]
    return span


class GroupFinder:
    def __init__(self, make_doc: Callable[[str], Doc], lexicon: Lexicon) -> None:
        vocab = make_doc("").vocab
        self._matcher = PhraseMatcher(vocab, attr="ORTH")
        self._entries: dict[str, GroupEntry] = {g.key: g for g in lexicon.groups}
        for group in lexicon.groups:
            patterns = []
            for form in group.forms:
                patterns.append(make_doc(form))
                if form[:1].islower():
                    patterns.append(make_doc(form[:1].upper() + form[1:]))
            self._matcher.add(group.key, patterns)

    def find(self, doc: Doc, taken: Occupancy) -> tuple[list[Found], list[Group]]:
        inside_names = _inside_longer_names(doc)
        found: list[Found] = []
        groups: dict[str, Group] = {}
        matches = sorted(self._matcher(doc), key=lambda m: (m[1], -(m[2] - m[1])))
        for match_id, start, end in matches:
            key = doc.vocab.strings[match_id]
            entry = self._entries[key]
            if not taken.free(start, end) or start in inside_names:
                continue
            last = doc[end - 1]
            # "Iranian minority populations" is not the group Iranians; "ethnically-Arab"
            # and "Sunni Muslims" do name ethnic and religious groups.
            if entry.kind == "national" and last.tag_ not in ("NNS", "NNPS"):
                continue
            taken.take(start, end)
            group_id = f"group:{key}"
            groups.setdefault(group_id, Group(id=group_id, name=entry.name, kind=entry.kind))
            found.append(Found("group", group_id, start, end))
        return found, list(groups.values())


LONGER_NAME_LABELS = frozenset(
    {"ORG", "GPE", "LOC", "FAC", "PERSON", "WORK_OF_ART", "EVENT", "LAW"}
)


def _inside_longer_names(doc: Doc) -> set[int]:
    """Tokens inside longer names of organisations, places or people ("United Arab
    Emirates", "Qassem Ahmadi")."""
    inside: set[int] = set()
    for ent in doc.ents:
        if ent.label_ in LONGER_NAME_LABELS and len(ent) > 1:
            span = clean_span(ent)
            inside.update(range(span.start, span.end))
    return inside
