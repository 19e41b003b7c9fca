"""Actors: dictionary aliases, licensed weak aliases, and metonyms.

A weak alias ("the Guards", "rebels", "regime forces") names an actor only in a document
that also names it by a strong alias or mentions one of its context terms; otherwise the
same words could mean anyone's guards or rebels.

A capital or country used as an agent ("Tehran has opened an investigation", "Damascus's
staunchest backer") is a metonym for the government and becomes an actor mention; used as
a location ("killed in Syria") it stays a place.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from eventwire.doc_text import doc_text
from eventwire.extract.spans import Found, Occupancy
from eventwire.lexicon import ActorEntry, Lexicon, is_acronym
from eventwire.merge.names import organisation_key
from eventwire.records import Actor

# A possessor whose head is one of these is a location ("Damascus's outskirts").
LOCATIVE_HEADS = frozenset(
    [
        "north",
        "south",
        "east",
        "west",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
        "centre",
        "center",
        "outskirts",
        "suburb",
        "suburbs",
        "capital",
        "city",
        "province",
        "region",
        "border",
        "borders",
        "streets",
        "street",
        "territory",
        "soil",
        "airspace",
        "coast",
        "countryside",
        "part",
        "parts",
        "area",
        "areas",
        "neighbourhood",
        "neighborhood",
        "district",
        "districts",
        "airport",
        "port",
        "skies",
        "waters",
    ]
)
# Verbs whose direct object is addressed as an agent ("accused Tehran of ...").
ADDRESSEE_VERBS = frozenset(
    [
        "accuse",
        "urge",
        "warn",
        "criticise",
        "criticize",
        "condemn",
        "back",
        "support",
        "sanction",
        "blame",
        "thank",
        "pressure",
        "press",
        "call",
        "ask",
        "invite",
        "reassure",
        "threaten",
    ]
)


def actor_record(entry: ActorEntry) -> Actor:
    return Actor(id=f"actor:{entry.key}", name=entry.name, country=entry.country, kind=entry.kind)


class ActorMatcher:
    """Finds dictionary actors and metonyms in a parsed doc."""

    def __init__(self, make_doc: Callable[[str], Doc], lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.entries = {entry.key: entry for entry in lexicon.actors}
        self.vocab = vocab = make_doc("").vocab
        # Patterns are tokenised by the pipeline's own tokenizer, like the text.
        tokenizer = make_doc
        self._exact = PhraseMatcher(vocab, attr="ORTH")
        self._folded = PhraseMatcher(vocab, attr="LOWER")
        for entry in lexicon.actors:
            for alias in entry.aliases:
                # Acronyms keep their case ("IS", "AP"); names match in any case.
                matcher = self._exact if is_acronym(alias) else self._folded
                matcher.add(f"{entry.key}|strong", [tokenizer(alias)])
            for alias in entry.weak_aliases:
                # Weak aliases keep their spelling ("Guards", not the guards of a prison),
                # allowing a capital at the start of a sentence ("Rebels shelled ...").
                forms = {alias, alias[:1].upper() + alias[1:]}
                self._exact.add(f"{entry.key}|weak", [tokenizer(form) for form in forms])
        # Transliteration-proof keys of the dictionary's names, for organisations the
        # model finds under another spelling ("Jaysh al-Adl" for "Jaish al-Adl").
        self._by_spelling: dict[str, str] = {}
        for entry in lexicon.actors:
            for alias in (entry.name, *entry.aliases):
                key = organisation_key(alias)
                if key is not None:
                    self._by_spelling.setdefault(key, entry.key)
        self._metonyms = PhraseMatcher(vocab, attr="ORTH")
        self._metonym_actor: dict[str, str] = {}
        for metonym in lexicon.metonyms:
            self._metonyms.add(metonym.place, [tokenizer(metonym.place)])
            self._metonym_actor[metonym.place] = metonym.actor

    def find(self, doc: Doc, taken: Occupancy) -> list[Found]:
        strong: list[tuple[str, Span]] = []
        weak: list[tuple[str, Span]] = []
        for matcher in (self._exact, self._folded):
            for match_id, start, end in matcher(doc):
                key, strength = doc.vocab.strings[match_id].split("|")
                (strong if strength == "strong" else weak).append((key, doc[start:end]))
        named = {key for key, _ in strong}
        licensing: dict[str, bool] = {}
        text = doc_text(doc) if weak else ""
        for key, _ in weak:
            if key not in licensing:
                entry = self.entries[key]
                licensing[key] = key in named or self.lexicon.weak_alias_licensed(entry, text)
        licensed = [(k, s) for k, s in weak if licensing[k]]
        spans = []
        for key, span in strong + licensed:
            labelled = Span(doc, span.start, span.end, label=key)
            spans.append(labelled)
        found = []
        for span in filter_spans(spans):
            if not taken.free(span.start, span.end):
                continue
            taken.take(span.start, span.end)
            found.append(Found("actor", f"actor:{span.label_}", span.start, span.end))
        return found

    def find_metonyms(self, doc: Doc, taken: Occupancy) -> list[Found]:
        found = []
        for match_id, start, end in self._metonyms(doc):
            span = doc[start:end]
            if not taken.free(start, end) or not is_agentive(span) or _inside_longer_name(span):
                continue
            place = doc.vocab.strings[match_id]
            taken.take(start, end)
            actor_key = self._metonym_actor[place]
            found.append(Found("actor", f"actor:{actor_key}", start, end, role="metonym"))
        return found

    def by_spelling(self, name: str) -> str | None:
        """The dictionary actor a name is another spelling of, if any."""
        key = organisation_key(name)
        return self._by_spelling.get(key) if key is not None else None

    def records(self, keys: Iterable[str]) -> list[Actor]:
        return [actor_record(self.entries[key]) for key in keys if key in self.entries]


def _inside_longer_name(span: Span) -> bool:
    """Part of a longer name the model found ("Michael Jordan", "Damascus University")."""
    return any(
        ent.start <= span.start and span.end <= ent.end and len(ent) > len(span)
        for ent in span.doc.ents
        if ent.label_ not in ("GPE", "LOC", "NORP")
    )


def is_agentive(span: Span) -> bool:
    """Whether a place name is used as an agent (a metonym), judged from the parse."""
    token: Token = span.root
    while token.dep_ == "conj" and token.head is not token:
        token = token.head
    head = token.head
    if token.dep_ in ("nsubj", "nsubjpass"):
        return True
    if token.dep_ == "poss":
        return head.lemma_.lower() not in LOCATIVE_HEADS
    if token.dep_ == "pobj" and head.lower_ == "by" and head.dep_ == "agent":
        return True
    if token.dep_ == "dobj":
        return head.lemma_.lower() in ADDRESSEE_VERBS
    return False


_made_ahead: ActorMatcher | None = None


def make_actor_matcher_ahead(make_doc: Callable[[str], Doc], lexicon: Lexicon) -> None:
    """Build the matcher for a pipeline and dictionary before it is asked for. The fork
    server does so for the bundled dictionaries, so that each extraction worker takes it
    as it is instead of tokenising some 3,400 aliases again while the others wait."""
    global _made_ahead
    _made_ahead = ActorMatcher(make_doc, lexicon)


def actor_matcher(make_doc: Callable[[str], Doc], lexicon: Lexicon) -> ActorMatcher:
    """The matcher made ahead, when it was made for this pipeline's vocabulary and this
    very dictionary (handed out once, like the preloaded model), else a new one."""
    global _made_ahead
    ahead = _made_ahead
    if ahead is not None and ahead.vocab is make_doc("").vocab and ahead.lexicon is lexicon:
        _made_ahead = None
        return ahead
    return ActorMatcher(make_doc, lexicon)
