"""Events: who did what to whom, where and when, and who says so, from one parsed report.

The stages, each reading the dependency parse:

1. **Triggers** from the ontology (eventwire.events.triggers), each with its *anchor*:
   the trigger itself, or for a noun the light verb it belongs to ("opened an
   investigation", "resorted to a recruitment drive", "battles are raging").
2. **Stance** of each trigger (eventwire.extract.attribution): negated or hypothetical
   triggers ("no one was killed", "could attack", "to avoid deployment") are no events.
3. **Folding**: a trigger inside another's arguments is part of that event, not one of
   its own: the charge ("court-martialled on charges of mutiny"), the circumstance ("died
   during an advisory mission"), what is given ("provided weapons and advisers"), a
   subset of the dead ("including four officers killed last month"). A killing inside an
   attack ("killed in combat") makes one event of the attack's type with the dead as its
   fatalities, as ACLED codes it. Triggers of the same type in one sentence with no
   conflicting participants ("the death of General X, who was also killed") are one
   event, and so are those in adjacent sentences ("mutiny ... according to reports" then
   the source's own words).
4. **Arguments** from the anchor's dependents, by the type's roles: subject, agent,
   passive subject, object and prepositions ("between", "against", "to", "of", "among").
   A relative pronoun stands for its antecedent. Place, time, counts and amounts are the
   ones found by earlier stages, inside the event's own part of the sentence.

Everything carries evidence: trigger, sentence, and the span of every argument.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from eventwire.events import EventOntology, EventType, normalise_lemma
from eventwire.events.triggers import TriggerMatch, find_triggers
from eventwire.extract.attribution import HEDGE, Attributor, Stance
from eventwire.extract.spans import Found
from eventwire.records import (
    Argument,
    ArgumentRole,
    Casualty,
    Certainty,
    Claim,
    Event,
    EventPlace,
    Evidence,
    Place,
    Qualifier,
    Quantity,
    Source,
    TimeRef,
)

# Verbs that carry a nominal event without adding meaning of their own ("rag" is the
# model's lemma of "raging").
LIGHT_VERBS = frozenset(
    """open launch carry conduct stage hold mount begin start continue resume rage erupt
    break occur happen take ensue intensify escalate resort order announce rag repel
    repulse fend""".split()
)
INTRANSITIVE_DEATH = frozenset({"die", "perish", "succumb", "drown"})
LOCATIVE = frozenset(
    """in near at outside around across throughout inside on into within off along
    towards toward over between beyond""".split()
)
DIRECTIONS = frozenset(
    """north south east west northeast northwest southeast southwest northern southern
    eastern western outskirts edge vicinity outside""".split()
)
# Nouns that name a place by its kind ("the city of Aleppo", "the village of Mir Ali").
PLACE_NOUNS = frozenset(
    """city town village province region district area governorate state county
    capital port suburb neighbourhood neighborhood camp municipality""".split()
)
AIRCRAFT = frozenset(
    """plane jet warplane aircraft helicopter drone airstrike air airforce bomber
    gunship uav""".split()
)
CLAUSES = frozenset({"ccomp", "xcomp", "advcl", "relcl", "acl", "parataxis", "csubj"})
FOLD_PATH = frozenset(
    {
        "dobj",
        "pobj",
        "prep",
        "agent",
        "conj",
        "cc",
        "appos",
        "compound",
        "nmod",
        "poss",
        "pcomp",
        "npadvmod",
    }
)
CIRCUMSTANCE_PREPS = frozenset({"during", "in", "amid", "on", "while", "throughout", "after"})
CHARGE_PREPS = frozenset({"of", "for", "over", "with"})
SUBSET_PREPS = frozenset({"including", "among"})
RELATIVE = frozenset({"who", "whom", "which", "that", "whose"})
CONSEQUENCES = frozenset({"killing", "injury"})
NAMED_DEAD_TYPES = frozenset({"killing", "assassination", "execution"})
# Nouns for the members of an armed actor ("IRGC fighters", "Taliban militants").
MEMBERS = frozenset(
    """fighter soldier troop officer militant member commander guard policeman officer
    recruit insurgent rebel gunman personnel force unit""".split()
)
# Targets that make an attack one on civilians (ACLED's "Attack"), not a clash.
CIVILIAN_WORDS = frozenset(
    """civilian civilians villager villagers village villages resident residents worshipper
    worshippers people market mosque church school hospital children women students
    farmers passengers displaced camp shoppers pilgrims""".split()
)
# How much a type says about the means of violence: a weapon word names the event's
# type over a generic head ("a grenade blast" is a grenade attack).
SPECIFICITY: Mapping[str, int] = {
    "killing": 0,
    "injury": 0,
    "armed-clash": 1,
    "attack-on-civilians": 1,
    "remote-explosive": 2,
    "air-drone-strike": 2,
    "shelling-artillery-missile": 2,
    "grenade": 3,
    "suicide-bomb": 3,
    "chemical-weapon": 3,
}
# Subjects that are weapons, not actors ("twin bombs exploded", "a shell hit the school").
WEAPONS = frozenset(
    """bomb shell rocket missile mortar grenade mine landmine ied device explosive drone
    bullet round projectile car vehicle""".split()
)
CHARGE_NOUNS = frozenset({"charge", "accusation", "suspicion", "allegation", "count"})
PERSON_ENTITY = "person:"


@dataclass
class _Draft:
    """An event being assembled: its triggers (the first names it) and what it folded."""

    match: TriggerMatch
    type: EventType
    stance: Stance
    anchor: Token
    mentions: list[TriggerMatch] = field(default_factory=list)
    anchors: list[Token] = field(default_factory=list)
    folded: list[tuple[ArgumentRole, Span]] = field(default_factory=list)
    stances: list[Stance] = field(default_factory=list)
    sentences: dict[int, Span] = field(default_factory=dict)  # id(stance) -> its sentence
    subsets: list[_Draft] = field(default_factory=list)

    @property
    def tokens(self) -> set[int]:
        out = {i for m in (self.match, *self.mentions) for i in range(m.start, m.end)}
        return out | {a.i for a in self.anchors} | {self.anchor.i}


class EventFinder:
    """Finds the events of one parsed document (see the module docstring)."""

    def __init__(
        self,
        doc: Doc,
        *,
        doc_id: str,
        ontology: EventOntology,
        attributor: Attributor,
        mentions: Sequence[Found],
        places: Mapping[str, Place],
        entity_names: Mapping[str, str],
        times: Sequence[TimeRef],
        quantities: Sequence[Quantity],
        casualties: Sequence[Casualty],
        published: date | None,
        body_start: int = 0,
    ) -> None:
        self.doc = doc
        self.body_start = body_start  # character offset: triggers before it are the title's
        self.doc_id = doc_id
        self.ontology = ontology
        self.attributor = attributor
        self.places = places
        self.entity_names = entity_names
        self.published = published
        self.naming = [m for m in mentions if m.role in (None, "metonym")]
        self._entity_at: dict[int, Found] = {}
        for found in self.naming:
            if found.kind != "place":
                for i in range(found.start, found.end):
                    self._entity_at.setdefault(i, found)
        self.place_mentions = [m for m in self.naming if m.kind == "place"]
        # A duration is a time only once anchored ("the past several weeks"); "six weeks'
        # service" is how long, not when.
        self.times = [
            (t, self._span(t.evidence))
            for t in times
            if t.type != "SET" and (t.type != "DURATION" or t.start is not None)
        ]
        self.quantities = [(q, self._span(q.evidence)) for q in quantities]
        self.casualties = [(c, self._span(c.count.evidence)) for c in casualties]
        self.trigger_tokens: set[int] = set()
        self._all: list[_Draft] = []
        self._text = doc.text  # Doc.text joins every token: read it once
        self._sentences = list(doc.sents)
        self._sentence_starts = [s.start for s in self._sentences]
        self.dropped: list[Token] = []  # heads of negated and hypothetical triggers

    # ------------------------------------------------------------------ driver

    def find(self) -> tuple[list[Event], list[Claim]]:
        drafts = []
        for match in find_triggers(self.doc, self.ontology):
            head = _head_of(self.doc[match.start : match.end]) or self.doc[match.start]
            if self._is_time(head):
                continue  # "in March" is a month, not a march
            self.trigger_tokens.update(range(match.start, match.end))
            stance = self.attributor.stance(head)
            negation = self.attributor.negation(head)
            if negation == "governor" and _definite(head):
                # "the group had not carried out the bombing", "denied carrying out the
                # attack": the bombing happened; who did it is what is denied.
                stance = _presupposed(stance)
            elif stance.certainty == "denied" and _definite(head):
                stance = _presupposed(stance)
            elif negation is not None or stance.hypothetical:
                self.dropped.append(head)
                continue
            if match.types[0].key == "threat" and any(c.dep_ == "ccomp" for c in head.children):
                continue  # "officials warned that ...": a report of a danger, not a threat
            event_type = self._choose_type(match, head)
            draft = _Draft(match, event_type, stance, self._anchor(head), stances=[stance])
            draft.sentences[id(stance)] = head.sent
            drafts.append(draft)
        drafts = self._fold(drafts)
        drafts = self._merge_same(drafts)
        events: list[Event] = []
        claims: list[Claim] = []
        self._all = drafts
        for draft in drafts:
            event, event_claims = self._build(draft, drafts)
            events.append(event)
            claims.extend(event_claims)
        return events, claims

    # ------------------------------------------------------------------ triggers

    def _choose_type(self, match: TriggerMatch, head: Token) -> EventType:
        """The first type, unless the trigger is shared and the context picks another:
        an attack on civilians when the target is civilian, a government regaining
        territory when the actor is a state force."""
        if len(match.types) == 1 or match.by_pattern:
            return match.types[0]
        keys = {t.key: t for t in match.types}
        text = " ".join(t.lower_ for t in head.subtree)
        civilian = bool(set(text.split()) & CIVILIAN_WORDS)
        if civilian and "attack-on-civilians" in keys:
            return keys["attack-on-civilians"]
        subject = next((c for c in self._anchor(head).children if c.dep_ == "nsubj"), None)
        found = self._entity_at.get(subject.i) if subject is not None else None
        state = (
            found is not None
            and found.entity_id.startswith("actor:")
            and ("government" in found.entity_id or "army" in found.entity_id)
        )
        if state and "government-regains-territory" in keys:
            return keys["government-regains-territory"]
        if {"air-drone-strike", "remote-explosive"} <= set(keys):
            # "a bombing": from the air only if the sentence says so
            words = {t.lemma_.lower() for t in head.sent}
            return keys["air-drone-strike" if words & AIRCRAFT else "remote-explosive"]
        return match.types[0]

    def _anchor(self, token: Token) -> Token:
        """The verb a nominal trigger belongs to, when that verb is a light one."""
        if token.pos_ not in ("NOUN", "PROPN"):
            return token
        node = token
        if node.dep_ == "pobj" and node.head.dep_ == "prep" and node.head.lower_ == "to":
            node = node.head  # "resorted to a recruitment drive"
        head = node.head
        light = head.pos_ == "VERB" and normalise_lemma(head.lemma_) in LIGHT_VERBS
        if node.dep_ in ("dobj", "nsubj", "nsubjpass", "prep") and light:
            return head
        if node.dep_ == "attr" and head.lemma_ == "be":
            return head  # "officers have been court marshaled" parsed as a copula
        return token

    # ------------------------------------------------------------------ folding

    def _fold(self, drafts: list[_Draft]) -> list[_Draft]:
        by_token = {i: d for d in drafts for i in range(d.match.start, d.match.end)}
        hosts: dict[int, tuple[_Draft, ArgumentRole | str | None]] = {}
        for draft in drafts:
            host, role = self._host(draft, by_token)
            if host is not None:
                hosts[id(draft)] = (host, role)

        def root(draft: _Draft) -> _Draft:
            seen = {id(draft)}
            while id(draft) in hosts and id(hosts[id(draft)][0]) not in seen:
                draft = hosts[id(draft)][0]
                seen.add(id(draft))
            return draft

        kept = [d for d in drafts if id(d) not in hosts]
        for draft in drafts:
            if id(draft) not in hosts:
                continue
            role = hosts[id(draft)][1]
            # a weapon names its own host's type ("grenade" -> "blast"), whatever that
            # host folds into afterwards
            host = hosts[id(draft)][0] if role == "specific" else root(draft)
            if host is draft:  # a cycle: keep it as an event of its own
                kept.append(draft)
                continue
            if role == "specific":
                host.type = draft.type
                host.mentions.append(draft.match)
                host.stances.append(draft.stance)
                host.sentences.update(draft.sentences)
                continue
            if role == "subset":
                # "including four officers killed last month": the same dead, counted again
                host.subsets.append(draft)
            elif role in (None, "consequence"):
                host.mentions.append(draft.match)
                host.anchors.append(draft.anchor)
                host.stances.append(draft.stance)
                host.sentences.update(draft.sentences)
                host.folded.extend(draft.folded)
                host.subsets.extend(draft.subsets)
            else:
                host.folded.append((role, self._head_phrase(draft)))  # type: ignore[arg-type]
        # A killing hosting an attack ("killed in combat") becomes the attack.
        for draft in kept:
            for role, span in list(draft.folded):
                if role != "circumstance" or draft.type.key not in CONSEQUENCES:
                    continue
                inner = by_token.get(span.root.i)
                if inner is None or inner.type.plover != "ASSAULT" or inner.type.acled is None:
                    continue
                draft.folded.remove((role, span))
                draft.mentions.append(draft.match)
                draft.match, draft.type = inner.match, inner.type
                # the attack's own words ("when Boko Haram fighters attacked the village")
                draft.anchors.append(inner.anchor)
                draft.folded.extend(inner.folded)
                draft.stances.extend(inner.stances)
                draft.sentences.update(inner.sentences)
        kept.sort(key=lambda d: d.match.start)
        return kept

    def _head_phrase(self, draft: _Draft) -> Span:
        """A folded trigger as a phrase: the noun with the words before it ("an
        'advisory mission'"), not what follows it."""
        head = (
            _head_of(self.doc[draft.match.start : draft.match.end]) or self.doc[draft.match.start]
        )
        start = min(
            (
                t.i
                for c in head.lefts
                if not (c.pos_ == "VERB" and c.dep_ == "amod")
                for t in c.subtree
            ),
            default=head.i,
        )
        return _trim(self.doc[min(start, draft.match.start) : max(head.i + 1, draft.match.end)])

    def _host(
        self, draft: _Draft, by_token: Mapping[int, _Draft]
    ) -> tuple[_Draft | None, ArgumentRole | str | None]:
        """The event whose arguments this trigger sits in, and the role it fills there
        (``None``: another mention of the same event)."""
        node = self.doc[draft.match.start]
        node = _head_of(self.doc[draft.match.start : draft.match.end]) or node
        path: list[Token] = []
        subset = False
        while node.head.i != node.i:
            subset = subset or (
                node.dep_ in ("acl", "relcl")
                and node.head.dep_ == "pobj"
                and node.head.head.lower_ in SUBSET_PREPS
            )
            entering_subset = node.dep_ in ("acl", "relcl") and subset and not path
            if node.dep_ == "conj" and node.pos_ in ("VERB", "AUX"):
                return None, None  # "attacked a post and kidnapped two soldiers": two events
            if node.dep_ == "advcl" and not path:
                return self._advcl_host(draft, node, by_token)
            if (
                node.dep_ not in FOLD_PATH
                and not entering_subset
                and not (node.dep_ in ("nsubj", "nsubjpass") and not path)
            ):
                return None, None
            path.append(node)
            node = node.head
            host = by_token.get(node.i) or self._anchored(node, by_token)
            if host is not None and host is not draft:
                if subset:
                    return host, "subset"
                return host, self._fold_role(host, draft, path)
        return None, None

    def _advcl_host(
        self, draft: _Draft, node: Token, by_token: Mapping[int, _Draft]
    ) -> tuple[_Draft | None, ArgumentRole | str | None]:
        """ "shelled Kherson, killing two civilians": the dead of an attack are its
        fatalities; "were wounded when their patrol came under fire": the wounds come
        from the attack, which is the event."""
        host = by_token.get(node.head.i) or self._anchored(node.head, by_token)
        if host is None or host is draft:
            return None, None
        attack = {host.type.plover, draft.type.plover} == {"ASSAULT"}
        if draft.type.key in CONSEQUENCES and host.type.acled is not None and attack:
            return host, "consequence"
        if host.type.key in CONSEQUENCES and draft.type.acled is not None and attack:
            return host, "circumstance"
        return None, None

    def _anchored(self, token: Token, by_token: Mapping[int, _Draft]) -> _Draft | None:
        for draft in by_token.values():
            if draft.anchor.i == token.i and draft.anchor.i != draft.match.start:
                return draft
        return None

    def _fold_role(
        self, host: _Draft, inner: _Draft, path: list[Token]
    ) -> ArgumentRole | str | None:
        prep = next((t.lower_ for t in path if t.dep_ in ("prep", "agent")), None)
        first = path[0]
        if inner.type.key == host.type.key:
            return None
        if (
            host.type.key not in CONSEQUENCES
            and _specificity(inner.type) > _specificity(host.type)
            and first.dep_ in ("compound", "amod", "nsubj")
            and len(path) == 1
        ):
            # "a grenade blast", "car bomb attacks", "suicide bombers attacked": the
            # specific weapon types the event (_fold)
            return "specific"
        attack = inner.type.plover == "ASSAULT" and inner.type.acled is not None
        if (
            host.type.key in CONSEQUENCES
            and attack
            and (prep in CIRCUMSTANCE_PREPS | {"by"} or first.dep_ == "nsubj")
        ):
            # "killed in combat", "killed by a drone strike", "a roadside bomb killed":
            # the attack is the event (_fold turns the killing into it)
            return "circumstance"
        if first.dep_ in ("nsubj", "nsubjpass") and len(path) == 1:
            return "actor"  # "advisers ... have been involved in battles"
        if first.dep_ == "dobj" and len(path) == 1:
            return "target" if "target" in host.type.roles else "instrument"
        if host.type.key in CONSEQUENCES and prep in CIRCUMSTANCE_PREPS:
            return "circumstance"
        if inner.type.key in CONSEQUENCES and prep in CIRCUMSTANCE_PREPS:
            return "consequence"
        if prep in CHARGE_PREPS or (prep == "on" and any(t.lemma_ == "charge" for t in path)):
            return "charge"
        if prep in CIRCUMSTANCE_PREPS:
            return "circumstance"
        if "instrument" in host.type.roles:
            return "instrument"
        return "circumstance"

    def _merge_title(self, drafts: list[_Draft]) -> list[_Draft]:
        """A headline restates the story: a title's event is the first event of the
        same family in the body whose people and places do not conflict ("Air strikes
        kill 31 in Syria's Idlib" / "Air strikes killed at least 31 people in ... Maarat
        al-Numan")."""
        if self.body_start <= 0:
            return drafts
        title = [d for d in drafts if self.doc[d.match.start].idx < self.body_start]
        body = [d for d in drafts if self.doc[d.match.start].idx >= self.body_start]
        kept = list(body)
        for draft in title:
            target = next(
                (
                    other
                    for other in body
                    if _family(other.type) == _family(draft.type) and self._compatible(draft, other)
                ),
                None,
            )
            if target is None:
                kept.append(draft)
                continue
            target.mentions.insert(0, draft.match)
            target.anchors.append(draft.anchor)
            target.stances.append(draft.stance)
            target.sentences.update(draft.sentences)
            target.folded.extend(draft.folded)
            if _specificity(draft.type) > _specificity(target.type):
                target.type = draft.type
        kept.sort(key=lambda d: d.match.start)
        return kept

    def _compatible(self, first: _Draft, second: _Draft) -> bool:
        people_a, people_b = self._people(first), self._people(second)
        if people_a and people_b and not (people_a & people_b):
            return False
        places_a, places_b = self._own_places(first), self._own_places(second)
        if not places_a or not places_b or places_a & places_b:
            return True
        countries = {
            self.places[p].geo.country  # type: ignore[union-attr]
            for p in places_a | places_b
            if p in self.places and self.places[p].geo is not None
        }
        return len(countries) == 1

    def _merge_same(self, drafts: list[_Draft]) -> list[_Draft]:
        """One event for triggers of one type in the same or the next sentence whose
        participants do not conflict."""
        drafts = self._merge_title(drafts)
        merged: list[_Draft] = []
        for draft in drafts:
            target = next(
                (
                    other
                    for other in reversed(merged)
                    if (other.type.key == draft.type.key and self._same_event(other, draft))
                    or self._consequence_of(other, draft)
                ),
                None,
            )
            if target is None:
                merged.append(draft)
                continue
            target.mentions.append(draft.match)
            target.mentions.extend(draft.mentions)
            target.anchors.extend([draft.anchor, *draft.anchors])
            target.folded.extend(draft.folded)
            target.stances.extend(draft.stances)
            target.sentences.update(draft.sentences)
        return merged

    def _same_event(self, first: _Draft, second: _Draft) -> bool:
        if self._refers_back(first, second):
            return True
        sentences = self._sentence_starts
        a = _sentence_index(sentences, self.doc[first.match.start].sent.start)
        b = _sentence_index(sentences, self.doc[second.match.start].sent.start)
        if b - a > 1:
            return False
        people_a = self._people(first)
        people_b = self._people(second)
        if people_a and people_b and not (people_a & people_b):
            return False
        places_a = self._own_places(first)
        places_b = self._own_places(second)
        if places_a and places_b and not (places_a & places_b):
            return False
        if b != a:
            # Across sentences only a summary and its sourced restatement: "mutiny ...,
            # according to reports" then the source's own words.
            kinds = [
                s.sources[-1].kind if s.sources else "article"
                for s in (first.stance, second.stance)
            ]
            named = [k for k in kinds if k not in ("article", "reports")]
            return "reports" in kinds and len(named) == 1 and not (people_a or people_b)
        return True

    def _consequence_of(self, first: _Draft, second: _Draft) -> bool:
        """ "Air strikes killed 31 people ... many of the wounded were in a critical
        condition": dead or wounded with nothing of their own (no place, time or named
        person) just after an attack are that attack's."""
        if second.type.key not in CONSEQUENCES or first.type.plover != "ASSAULT":
            return False
        if first.type.key in CONSEQUENCES or self._people(second) or self._own_places(second):
            return False
        region = self._region(second, [])
        if any(span is not None and span.root.i in region for _, span in self.times):
            return False
        a = _sentence_index(self._sentence_starts, self.doc[first.match.start].sent.start)
        b = _sentence_index(self._sentence_starts, self.doc[second.match.start].sent.start)
        return 0 < b - a <= 2

    def _refers_back(self, first: _Draft, second: _Draft) -> bool:
        """ "Thousands attended the funeral of General X ... Y attended the funeral": a
        definite noun with nothing of its own names the event already told, within three
        sentences."""
        head = _head_of(self.doc[second.match.start : second.match.end])
        if head is None or head.pos_ != "NOUN":
            return False
        if not any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in head.children):
            return False
        if any(c.dep_ == "prep" for c in head.children):
            return False  # "the funeral of ..." says whose: it may be another
        a = _sentence_index(self._sentence_starts, self.doc[first.match.start].sent.start)
        b = _sentence_index(self._sentence_starts, head.sent.start)
        return 0 <= b - a <= 3 and not self._own_places(second)

    def _people(self, draft: _Draft) -> set[str]:
        args = self._participants(draft)
        return {a.entity_id for a in args if a.entity_id and a.entity_id.startswith(PERSON_ENTITY)}

    def _own_places(self, draft: _Draft) -> set[str]:
        found = self._place(draft, [], inherit=False)
        return {found.place_id} if found else set()

    # ------------------------------------------------------------------ building

    def _build(self, draft: _Draft, all_drafts: Sequence[_Draft]) -> tuple[Event, list[Claim]]:
        others = [d for d in all_drafts if d is not draft]
        region = self._region(draft, others)
        trigger = self._evidence(self.doc[draft.match.start : draft.match.end])
        event_id = f"e:{self.doc_id}:{trigger.start}:{trigger.end}"
        sentences = sorted(
            {self.doc[m.start].sent for m in (draft.match, *draft.mentions)}, key=lambda s: s.start
        )
        evidence = self._evidence(self.doc[sentences[0].start : sentences[-1].end], strip=True)
        arguments = self._participants(draft)
        arguments += [
            Argument(role, self._evidence(span), self._entity_id(span))
            for role, span in draft.folded
        ]
        arguments += self._amounts(draft, region)
        fatalities, injured = self._counts(draft, region)
        if fatalities is None and draft.type.key in NAMED_DEAD_TYPES:
            # "General X was killed": one named dead is a count of one
            named = [
                a
                for a in arguments
                if a.role == "target" and (a.entity_id or "").startswith("person:")
            ]
            if named:
                dead = float(len({a.entity_id for a in named}))
                fatalities = Quantity(named[0].evidence, dead, dead, dead)
        stance = self._main_stance(draft)
        denied_by = _unique_sources(s for st in draft.stances for s in st.denied_by)
        event = Event(
            id=event_id,
            doc=self.doc_id,
            type=draft.type.key,
            trigger=trigger,
            evidence=evidence,
            certainty=stance.certainty,
            arguments=tuple(_unique_arguments(arguments)),
            place=self._place(draft, others),
            time=self._time(draft, region),
            fatalities=fatalities,
            injured=injured,
            sources=stance.sources,
            denied_by=denied_by,
            mentions=tuple(
                self._evidence(self.doc[m.start : m.end])
                for m in draft.mentions
                if m != draft.match
            ),
        )
        return event, self._claims(event, draft)

    def _main_stance(self, draft: _Draft) -> Stance:
        """The best-sourced of the event's mentions: a named source over "reports", a
        longer chain over a shorter one."""

        def rank(stance: Stance) -> tuple[int, int, int]:
            named = bool(stance.sources) and stance.sources[-1].kind != "reports"
            return (int(named), len(stance.sources), HEDGE[stance.certainty])

        return max(draft.stances, key=rank)

    def _claims(self, event: Event, draft: _Draft) -> list[Claim]:
        claims: list[Claim] = []
        seen: set[tuple[object, ...]] = set()
        main_stance = self._main_stance(draft)
        for stance in sorted(draft.stances, key=lambda s: s is not main_stance):
            key = (tuple((s.name, s.kind) for s in stance.sources), stance.certainty)
            if key in seen:
                continue
            seen.add(key)
            sentence = draft.sentences.get(id(stance))
            claims.append(
                Claim(
                    id=f"cl:{event.id}:{len(claims)}",
                    doc=self.doc_id,
                    event_id=event.id,
                    sources=stance.sources,
                    certainty=stance.certainty,
                    evidence=self._evidence(sentence, strip=True) if sentence else event.evidence,
                    cues=stance.cues,
                )
            )
        main = claims[0].id
        denial_cues = {
            (source.name, source.kind): cue
            for stance in draft.stances
            for source, cue in zip(stance.denied_by, stance.denial_cues, strict=False)
        }
        for denier in event.denied_by:
            cue = denial_cues.get((denier.name, denier.kind))
            claims.append(
                Claim(
                    id=f"cl:{event.id}:{len(claims)}",
                    doc=self.doc_id,
                    event_id=event.id,
                    sources=(denier,),
                    certainty="denied",
                    evidence=event.evidence,
                    cues=(cue,) if cue else (),
                    denies=main,
                )
            )
        return claims

    def _region(self, draft: _Draft, others: Sequence[_Draft]) -> set[int]:
        """Token indices that belong to this event: the subtrees of its anchors, minus
        the subtrees of other events' anchors inside them."""
        own: set[int] = set()
        for anchor in {draft.anchor, *draft.anchors}:
            own.update(t.i for t in anchor.subtree)
        for other in [*others, *draft.subsets]:
            if other.anchor.i in own and other.anchor.i not in draft.tokens:
                own.difference_update(t.i for t in other.anchor.subtree)
        for dropped in self.dropped:
            inside = {t.i for t in dropped.subtree}
            if not inside & draft.tokens:  # "No one was killed in the attack": keep the attack
                own.difference_update(inside)
        return own | draft.tokens

    # ------------------------------------------------------------------ participants

    def _participants(self, draft: _Draft) -> list[Argument]:
        out: list[Argument] = []
        roles = draft.type.roles

        def head(match: TriggerMatch) -> Token:
            return _head_of(self.doc[match.start : match.end]) or self.doc[match.start]

        heads = [(draft.anchor, head(draft.match))]
        heads += list(zip(draft.anchors, [head(m) for m in draft.mentions], strict=False))
        for anchor, trigger in heads:
            out.extend(self._arguments_of(anchor, trigger, draft.type, roles))
        return out

    def _arguments_of(
        self, anchor: Token, trigger: Token, event_type: EventType, roles: Sequence[str]
    ) -> list[Argument]:
        out: list[Argument] = []
        passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in anchor.children) or (
            anchor.lemma_ == "be"  # the copula reading of a passive ("been court marshaled")
        )
        has_object = any(c.dep_ == "dobj" for c in anchor.children)
        lemma = normalise_lemma(anchor.lemma_)
        for child in anchor.children:
            dep = child.dep_
            role: ArgumentRole | None = None
            if child.i in self.trigger_tokens and dep != "nsubjpass":
                continue  # another trigger: folded or dropped, never a participant
            if dep == "nsubj" and any(c.dep_ == "neg" for c in anchor.children):
                continue  # "the group had not carried out the bombing": not its actor
            if dep == "nsubj" and normalise_lemma(child.lemma_) in WEAPONS:
                role = "instrument" if "instrument" in roles else None
                if role is not None:
                    out.extend(self._conjuncts(child, role))
                continue
            if dep == "nsubj" and not self._is_source(child):
                # "a patrol came under fire": the subject is on the receiving end
                under = lemma == "come" and any(c.lower_ == "under" for c in anchor.children)
                dies = (lemma in INTRANSITIVE_DEATH and not has_object) or passive or under
                role = "target" if dies and "target" in roles else "actor"
            elif dep == "nsubjpass":
                role = (
                    "target"
                    if "target" in roles and event_type.key != "combat-participation"
                    else "actor"
                )
            elif dep == "agent":
                out.extend(self._prep_objects(child, "actor"))
                continue
            elif dep == "dobj" and child.i != trigger.i:
                if normalise_lemma(child.lemma_) in _pattern_lemmas(event_type):
                    role = "instrument" if "instrument" in roles else None  # "launched drones"
                    out.extend(self._recipients(child, roles))
                elif "target" in roles and event_type.key not in ("military-aid",):
                    role = "target"
                elif "instrument" in roles:
                    role = "instrument"
                    out.extend(self._recipients(child, roles))
            elif dep == "prep":
                out.extend(self._prep_arguments(child, roles, event_type))
                continue
            if role is not None:
                out.extend(self._conjuncts(child, role))
        if trigger.i != anchor.i:
            for child in trigger.children:
                if child.dep_ == "prep":
                    out.extend(self._prep_arguments(child, roles, event_type))
                elif child.dep_ == "poss" and "actor" in roles:
                    out.extend(self._conjuncts(child, "actor"))
        if not any(a.role in ("target", "actor") for a in out) and anchor.pos_ == "VERB":
            antecedent = self._relative_subject(anchor)
            if antecedent is not None and antecedent.i not in self.trigger_tokens:
                dies = lemma in INTRANSITIVE_DEATH or passive or anchor.dep_ == "acl"
                role = "target" if dies and "target" in roles else "actor"
                out.extend(self._conjuncts(antecedent, role))
        claimant = self._claimant(trigger)
        if claimant is not None and not any(a.role == "actor" for a in out):
            out.extend(self._conjuncts(claimant, "actor"))
        if not any(a.role == "actor" for a in out) and not passive and anchor.dep_ != "acl":
            actor = self._inherited_subject(anchor)
            if actor is None and anchor.pos_ == "VERB" and not self._has_subject(anchor):
                actor = self._preceding_subject(anchor)
            if actor is not None:
                out.extend(self._conjuncts(actor, "actor"))
        return out

    def _claimant(self, trigger: Token) -> Token | None:
        """ "The Houthis claimed responsibility for a missile attack": who claims an
        attack claims to have carried it out."""
        node = trigger
        if node.dep_ != "pobj" or node.head.lower_ != "for":
            return None
        responsibility = node.head.head
        if responsibility.lemma_.lower() not in ("responsibility", "credit"):
            return None
        verb = responsibility.head
        if verb.lemma_.lower() not in ("claim", "accept", "admit", "take", "assume"):
            return None
        return next((c for c in verb.children if c.dep_ == "nsubj"), None)

    def _recipients(self, given: Token, roles: Sequence[str]) -> list[Argument]:
        """'provided weapons ... and other aid to regime forces': the "to" phrase on
        what is given names who receives it."""
        if "recipient" not in roles:
            return []
        out = []
        for member in (given, *given.conjuncts):
            for child in member.children:
                if child.dep_ == "prep" and child.lower_ == "to":
                    out.extend(self._prep_objects(child, "recipient"))
        return out

    def _has_subject(self, verb: Token) -> bool:
        return any(c.dep_ in ("nsubj", "nsubjpass", "csubj") for c in verb.children)

    def _preceding_subject(self, verb: Token) -> Token | None:
        """When the parse leaves a verb without a subject (a broken coordination: "claiming
        that officers had ... 'chosen retirement'"), the nearest subject before it in the
        sentence that is not a source of a report."""
        for token in reversed(list(verb.sent)[: verb.i - verb.sent.start]):
            if token.dep_ == "nsubj" and token.lower_ not in RELATIVE and token.pos_ != "PRON":
                if self._is_source(token):
                    return None
                return token
        return None

    def _prep_arguments(
        self, prep: Token, roles: Sequence[str], event_type: EventType
    ) -> list[Argument]:
        word = prep.lower_
        target_role: ArgumentRole = "target" if "target" in roles else "actor"
        table: dict[str, ArgumentRole] = {
            "between": "actor",
            "by": "actor",
            "with": "actor",
            "against": target_role,
            "into": target_role,
            "on": target_role if event_type.plover == "ASSAULT" else "circumstance",
            "of": target_role,
            "among": target_role if event_type.key != "mutiny" else "actor",
            "to": "recipient" if "recipient" in roles else target_role,
        }
        role = table.get(word)
        if role is None:
            return []
        if word == "on" and role == "circumstance":
            return []
        if normalise_lemma(prep.head.lemma_) in CHARGE_NOUNS and word in ("of", "for"):
            role = "charge"
        objects = [c for c in prep.children if c.dep_ == "pobj" and c.i not in self.trigger_tokens]
        if word in ("into", "on", "against", "of", "among", "with", "to", "between", "by"):
            objects = [o for o in objects if not self._is_place(o) and not self._is_time(o)]
        return [a for obj in objects for a in self._conjuncts(obj, role)]

    def _prep_objects(self, prep: Token, role: ArgumentRole) -> list[Argument]:
        return [
            a
            for c in prep.children
            if c.dep_ == "pobj" and c.i not in self.trigger_tokens
            for a in self._conjuncts(c, role)
        ]

    def _conjuncts(self, token: Token, role: ArgumentRole) -> list[Argument]:
        out = []
        for member in (token, *token.conjuncts):
            if member.lower_ in RELATIVE and member.head.dep_ == "relcl":
                member = member.head.head
            named = self._named_apposition(member)
            if named is not None:
                member = named  # "a senior commander ..., General Hussein Hamadani"
            if member.pos_ in ("PRON",) and member.lower_ not in ("many", "some"):
                continue
            if member.pos_ in ("NUM",) or self._is_time(member):
                continue
            if member.lower_ in ("many", "some", "most", "several", "all") and member.dep_ in (
                "nsubj",
                "nsubjpass",
                "pobj",
                "dobj",
                "appos",
            ):
                continue
            span = self._phrase(member)
            if not len(span):
                continue
            out.append(Argument(role, self._evidence(span), self._entity_id(span)))
        return out

    def _named_apposition(self, token: Token) -> Token | None:
        for child in token.children:
            if child.dep_ != "appos":
                continue
            found = self._entity_at.get(child.i)
            if found is not None and found.kind == "person":
                return self.doc[found.end - 1]
        return None

    def _inherited_subject(self, anchor: Token) -> Token | None:
        """The subject a participle or infinitive shares with the verb it hangs from
        ("Iran is ..., having provided weapons"), never across a reporting verb or a
        relative clause."""
        node = anchor
        for _ in range(6):
            if node.dep_ not in ("xcomp", "advcl", "conj", "amod", "acl") or node.head.i == node.i:
                break
            if any(c.dep_ in ("nsubj", "nsubjpass") for c in node.children):
                break
            node = node.head
            if normalise_lemma(node.lemma_) in self.attributor.cues.reporting_verbs:
                return None
            subject = next((c for c in node.children if c.dep_ == "nsubj"), None)
            if subject is not None and not self._is_source(subject):
                return subject
        return None

    def _relative_subject(self, anchor: Token) -> Token | None:
        """The antecedent a relative clause's event is about: "Soleimani, who state
        media said died" (died under said, a relative clause on Soleimani); "General
        Hamedani, who was also killed"."""
        node = anchor
        for _ in range(3):
            if node.dep_ == "relcl" or (node.dep_ == "acl" and node.tag_ == "VBN"):
                return node.head  # "General X, who was killed"; "a soldier killed in Syria"
            if node.dep_ in ("xcomp", "ccomp") and normalise_lemma(node.head.lemma_) in (
                self.attributor.cues.reporting_verbs
            ):
                node = node.head
                continue
            break
        return None

    def _is_source(self, token: Token) -> bool:
        head = token.head
        return normalise_lemma(head.lemma_) in self.attributor.cues.reporting_verbs

    # ------------------------------------------------------------------ where, when, how many

    def _place(
        self, draft: _Draft, others: Sequence[_Draft], *, inherit: bool = True
    ) -> EventPlace | None:
        region = self._region(draft, others)
        own = draft.tokens | {span.root.i for _, span in draft.folded}
        own |= {t.i for _, span in draft.folded for t in span}
        # "the attack on the checkpoint near Kandahar", "abducted a priest in Kaduna":
        # a place on a participant is where the event happened.
        for argument in self._participants(draft):
            span = self._span(argument.evidence)
            if span is not None and argument.role in ("target", "actor"):
                own.add(span.root.i)
        candidates = []
        for found in self.place_mentions:
            if found.start not in region:
                continue
            hit = _preposition(self.doc[found.end - 1])
            struck = self._struck_place(found, draft)
            if not struck and (hit is None or not self._located(hit, own, draft)):
                continue
            depth = min(_distance(self.doc[found.start], a) for a in {draft.anchor, *draft.anchors})
            candidates.append((depth, found))
        # "the city of Aleppo, where battles are raging": the antecedent is the place.
        for anchor in {draft.anchor, *draft.anchors}:
            where = _where_antecedent(anchor)
            if where is not None:
                antecedent = self._place_at(where)
                if antecedent is not None:
                    found = antecedent
                    place = self.places.get(found.entity_id)
                    exact = (
                        place is not None
                        and place.geo is not None
                        and place.geo.feature_class == "P"
                    )
                    precision = 1 if exact else (found.precision or 3)
                    return EventPlace(found.entity_id, self._found_evidence(found), precision)
        if candidates:
            # the body's before a headline's, then the most precise ("near the Syrian
            # city of Aleppo": Aleppo)
            found = min(
                candidates,
                key=lambda c: (
                    self.doc[c[1].start].idx < self.body_start,
                    c[1].precision or 3,
                    c[0],
                ),
            )[1]
            return EventPlace(found.entity_id, self._found_evidence(found), found.precision or 3)
        sentence = self.doc[draft.match.start].sent
        there = any(t.lower_ == "there" and t.dep_ == "advmod" for t in sentence)
        if inherit and (draft.type.plover == "ASSAULT" or there):
            return self._inherited_place(draft)
        return None

    def _struck_place(self, found: Found, draft: _Draft) -> bool:
        """ "Russian forces shelled Kherson": a place attacked is where the attack was."""
        root = self.doc[found.start : found.end].root
        return (
            draft.type.plover == "ASSAULT"
            and root.dep_ == "dobj"
            and root.head.i in {draft.anchor.i, *(a.i for a in draft.anchors)}
        )

    def _located(self, hit: tuple[str, Token], own: set[int], draft: _Draft) -> bool:
        """Whether a place under preposition ``hit[0]`` on word ``hit[1]`` locates the
        event: on one of its own words, or through a chain of locative phrases ("in the
        blast at a market in Kabul"), or "of" on the trigger ("the shelling of Kharkiv")
        or on a direction ("north of Baghdad")."""
        word, attach = hit
        if word == "of":
            if attach.lower_ in DIRECTIONS and attach.head.i != attach.i:
                attach = attach.head
            else:
                return attach.i in draft.tokens and draft.type.plover == "ASSAULT"
        elif word not in LOCATIVE:
            return False
        for _ in range(5):
            if attach.i in own:
                return True
            up = attach.head
            named_kind = up.lower_ == "of" and up.head.lemma_.lower() in PLACE_NOUNS
            if (
                attach.dep_ == "pobj"
                and up.dep_ == "prep"
                and (up.lower_ in LOCATIVE or named_kind)
            ):
                attach = up.head  # "in a market in ...", "the village of Dalori near ..."
                continue
            return False
        return False

    def _inherited_place(self, draft: _Draft) -> EventPlace | None:
        """The last place named in this or the three sentences before: an event whose
        sentence names no place happened where the text just was (at best as precisely
        as "near" it)."""
        start = self.doc[draft.match.start]
        sentences = self._sentences
        index = next(i for i, s in enumerate(sentences) if s.start <= start.i < s.end)
        first = sentences[max(0, index - 3)].start
        sentence_start = sentences[index].start
        before = [
            f
            for f in self.place_mentions
            if first <= f.start < start.i
            # in the event's own sentence only a place in a locative phrase ("in Syria"),
            # not "Venezuela's President"
            and (f.start < sentence_start or _preposition(self.doc[f.end - 1]) is not None)
        ]
        if not before:
            return None
        found = before[-1]
        precision = max(found.precision or 3, 2)
        return EventPlace(
            found.entity_id,
            self._found_evidence(found),
            precision,
            inherited=True,  # type: ignore[arg-type]
        )

    def _place_at(self, token: Token) -> Found | None:
        for found in self.place_mentions:
            if found.start <= token.i < found.end:
                return found
        for child in token.children:  # "the city of Aleppo"
            if child.dep_ == "prep" and child.lower_ == "of":
                for obj in child.children:
                    hit = self._place_at(obj) if obj.dep_ == "pobj" else None
                    if hit is not None:
                        return hit
        return None

    def _time(self, draft: _Draft, region: set[int]) -> TimeRef | None:
        anchors = {draft.anchor, *draft.anchors}
        inside = [
            (min(_distance(span.root, a) for a in anchors), time)
            for time, span in self.times
            if span is not None and span.root.i in region
        ]
        if inside:
            return min(inside, key=lambda c: c[0])[1]
        # A time on a verb the event hangs from ("Earlier that month Iran received ...
        # with the death of ..."), never above a reporting verb.
        node = draft.anchor
        while node.head.i != node.i:
            came_from = node
            node = node.head
            if normalise_lemma(node.lemma_) in self.attributor.cues.reporting_verbs:
                break
            for time, span in self.times:
                if span is None or span.root.i in {t.i for t in came_from.subtree}:
                    continue
                if span.root.head.i == node.i or span.root.i == node.i:
                    return time
            if node.dep_ in ("relcl", "ccomp"):
                break
        return self._sentence_time(draft, region) or self._ongoing(draft)

    def _sentence_time(self, draft: _Draft, region: set[int]) -> TimeRef | None:
        """A time on no event's part of the sentence, when this is the sentence's only
        event ("claiming that officers had in recent months ... chosen retirement",
        where the parse split the clause); never the time of a report ("said on Monday")."""
        sentence = self.doc[draft.match.start].sent
        if sum(1 for d in self._all if self.doc[d.match.start].sent == sentence) != 1:
            return None
        for time, span in self.times:
            if span is None or not (sentence.start <= span.root.i < sentence.end):
                continue
            verb = span.root.head
            if normalise_lemma(verb.lemma_) in self.attributor.cues.reporting_verbs:
                continue
            return time
        return None

    def _ongoing(self, draft: _Draft) -> TimeRef | None:
        """A present progressive ("battles are raging") is going on at publication."""
        verb = draft.anchor
        if verb.tag_ != "VBG":
            return None
        auxiliaries = [c for c in verb.children if c.dep_ == "aux" and c.tag_ in ("VBZ", "VBP")]
        if not auxiliaries:
            return None
        span = self.doc[min(auxiliaries[0].i, verb.i) : verb.i + 1]
        resolved = self.published
        return TimeRef(
            evidence=self._evidence(span),
            type="DATE",
            value="PRESENT_REF",
            start=resolved,
            end=resolved,
            precision="day" if resolved else None,
            anchor="publication" if resolved else None,
        )

    def _counts(self, draft: _Draft, region: set[int]) -> tuple[Quantity | None, Quantity | None]:
        killed: list[Quantity] = []
        wounded: list[Quantity] = []
        found = [
            (casualty, span)
            for casualty, span in self.casualties
            if span is not None and span.root.i in region and casualty.part_of is None
        ]
        if any(c.count.evidence.start >= self.body_start for c, _ in found):
            # a headline's toll restates the body's: count the body's only
            found = [(c, s) for c, s in found if c.count.evidence.start >= self.body_start]
        for casualty, _ in found:
            if casualty.outcome == "killed" and "fatalities" in draft.type.roles:
                killed.append(casualty.count)
            elif casualty.outcome == "wounded":
                wounded.append(casualty.count)
        return _total(killed), _total(wounded)

    def _amounts(self, draft: _Draft, region: set[int]) -> list[Argument]:
        out: list[Argument] = []
        counted = {c.count.evidence.start for c, _ in self.casualties}
        for quantity, span in self.quantities:
            if span is None or span.root.i not in region:
                continue
            if quantity.kind == "money" and "amount" in draft.type.roles:
                out.append(Argument("amount", quantity.evidence, quantity=quantity))
            elif quantity.kind == "duration" and "amount" in draft.type.roles:
                out.append(Argument("duration", quantity.evidence, quantity=quantity))
            elif (
                quantity.kind == "count"
                and "size" in draft.type.roles
                and quantity.evidence.start not in counted
                and span.root.dep_ in ("nummod", "nsubj", "dobj", "nsubjpass", "pobj")
            ):
                out.append(Argument("size", quantity.evidence, quantity=quantity))
        return out

    # ------------------------------------------------------------------ helpers

    def _phrase(self, token: Token, *, keep_clauses: bool = False) -> Span:
        """The noun phrase ``token`` heads: a name as the entity stage found it, or the
        token with its modifiers (relative clauses, appositions and conjuncts left out)."""
        found = self._entity_at.get(token.i)
        if found is not None and token.i == found.end - 1:
            return _trim(self.doc[found.start : found.end])
        skip = {"relcl", "acl", "advcl", "appos", "punct", "cc", "conj"} - (
            {"relcl", "acl"} if keep_clauses else set()
        )
        tokens = [token]
        for child in token.children:
            if child.dep_ in skip or (child.pos_ == "VERB" and child.dep_ == "amod"):
                continue
            if child.dep_ == "prep" and child.lower_ in ("to", "including", "among"):
                continue  # "aid to regime forces": the recipient is an argument of its own
            if child.dep_ == "prep" and child.lower_ in LOCATIVE and self._holds_place(child):
                continue  # "a priest in Kaduna state": the place is the event's, not a name
            tokens.extend(child.subtree)
        start = min(t.i for t in tokens)
        end = max(t.i for t in tokens) + 1
        return _trim(self.doc[start:end])

    def _entity_id(self, span: Span) -> str | None:
        root = span.root
        found = self._entity_at.get(root.i)
        if found is not None:
            return found.entity_id
        # "Some 30 IRGC fighters": people of an actor stand for it
        inside = [
            f
            for f in self.naming
            if f.kind == "actor"
            and span.start <= f.start
            and f.end <= span.end
            and self.doc[f.end - 1].head.i == root.i
        ]
        if inside and root.pos_ == "NOUN" and root.lemma_.lower() in MEMBERS:
            return inside[0].entity_id
        if len(span) and span.start < len(self.doc):
            # "regime forces": the mention covers the head noun's compound too
            covering = [
                f
                for f in self.naming
                if f.kind != "place"
                and f.start >= span.start
                and f.end <= span.end
                and f.end - 1 == root.i
            ]
            if covering:
                return covering[0].entity_id
        return None

    def _holds_place(self, prep: Token) -> bool:
        indices = {t.i for t in prep.subtree}
        return any(f.start in indices for f in self.place_mentions)

    def _is_place(self, token: Token) -> bool:
        return any(f.start <= token.i < f.end for f in self.place_mentions)

    def _is_time(self, token: Token) -> bool:
        return any(span is not None and span.start <= token.i < span.end for _, span in self.times)

    def _words(self, region: Iterable[int]) -> set[str]:
        return {self.doc[i].lower_ for i in region}

    def _span(self, evidence: Evidence) -> Span | None:
        return self.doc.char_span(evidence.start, evidence.end, alignment_mode="expand")

    def _found_evidence(self, found: Found) -> Evidence:
        return self._evidence(self.doc[found.start : found.end])

    def _evidence(self, span: Span, *, strip: bool = False) -> Evidence:
        start, end = span.start_char, span.end_char
        text = self._text[start:end]
        if strip:
            trimmed = text.rstrip()
            end -= len(text) - len(trimmed)
            text = trimmed
        return Evidence(self.doc_id, start, end, text)


@lru_cache(maxsize=256)
def _pattern_lemmas(event_type: EventType) -> frozenset[str]:
    """Lemmas a type's dependency patterns require of a child ("drone" in "launched
    drones"): part of the trigger, not a participant."""
    return frozenset(
        lemma
        for pattern in event_type.patterns
        for constraint in pattern.constraints
        for lemma in constraint.lemmas
    )


def _family(event_type: EventType) -> str:
    return "violence" if event_type.plover == "ASSAULT" else event_type.key


def _specificity(event_type: EventType) -> int:
    return SPECIFICITY.get(event_type.key, -1)


def _definite(token: Token) -> bool:
    """A noun the text takes as known ("the bombing", "its attack")."""
    return token.pos_ in ("NOUN", "PROPN") and any(
        (c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those"))
        or c.dep_ == "poss"
        for c in token.children
    )


def _presupposed(stance: Stance) -> Stance:
    """The stance of an event whose existence the text takes for granted while someone
    denies a part of it: the denier becomes a denier, not the source."""
    if not stance.sources:
        return replace(stance, negated=False)
    denier = stance.sources[-1]
    outer = stance.sources[:-1]
    certainty: Certainty = "reported" if outer else "asserted"
    return replace(
        stance,
        sources=outer,
        certainty=certainty,
        negated=False,
        denied_by=(*stance.denied_by, denier),
        denial_cues=(*stance.denial_cues, *stance.cues[-1:]),
    )


def _head_of(span: Span) -> Token | None:
    return span.root if len(span) else None


def _trim(span: Span) -> Span:
    doc = span.doc
    start, end = span.start, span.end
    while start < end and (
        doc[start].is_punct or doc[start].is_space or doc[start].lower_ in ("the", "a", "an")
    ):
        start += 1
    while end > start and (
        doc[end - 1].is_punct or doc[end - 1].is_space or doc[end - 1].tag_ == "POS"
    ):
        end -= 1
    return doc[start:end]


def _sentence_index(starts: list[int], start: int) -> int:
    return starts.index(start) if start in starts else 0


def _distance(a: Token, b: Token) -> int:
    """Edges between two tokens of one sentence in the dependency tree."""
    up_a = [a, *a.ancestors]
    up_b = [b, *b.ancestors]
    index_b = {t.i: n for n, t in enumerate(up_b)}
    for n, token in enumerate(up_a):
        if token.i in index_b:
            return n + index_b[token.i]
    return 99


def _preposition(token: Token) -> tuple[str, Token] | None:
    """The preposition a place name hangs from ("near ... Aleppo" through "the city
    of"), and the word the preposition attaches to."""
    node = token
    for _ in range(6):
        if node.dep_ == "pobj" and node.head.dep_ == "prep":
            word = node.head.lower_
            if (
                word == "of"
                and node.head.head.dep_ == "pobj"
                and (node.head.head.lemma_.lower() in PLACE_NOUNS)
            ):
                node = node.head.head  # "the city of Aleppo": look past "of"
                continue
            return word, node.head.head
        if node.dep_ in ("compound", "amod", "appos", "conj", "nmod") and node.head.i != node.i:
            node = node.head
            continue
        return None
    return None


def _where_antecedent(anchor: Token) -> Token | None:
    node = anchor
    if node.dep_ in ("nsubj", "nsubjpass") and node.head.pos_ == "VERB":
        node = node.head
    if node.dep_ == "relcl" and any(c.lower_ == "where" for c in node.children):
        return node.head
    return None


def _total(counts: list[Quantity]) -> Quantity | None:
    if not counts:
        return None
    if len(counts) == 1:
        return counts[0]
    first = counts[0]
    best = sum(q.best or 0 for q in counts)
    low = sum(q.low if q.low is not None else (q.best or 0) for q in counts)
    qualifier: Qualifier = "exact" if all(q.qualifier == "exact" for q in counts) else "approximate"
    return replace(
        first, best=best, low=low, high=None if qualifier != "exact" else best, qualifier=qualifier
    )


def _unique_sources(sources: Iterable[Source]) -> tuple[Source, ...]:
    seen: dict[tuple[str, str], Source] = {}
    for source in sources:
        seen.setdefault((source.name, source.kind), source)
    return tuple(seen.values())


def _unique_arguments(arguments: Iterable[Argument]) -> list[Argument]:
    """Each span once per role; of two overlapping spans in one role, the first."""
    out: list[Argument] = []
    for argument in arguments:
        ev = argument.evidence
        if any(
            a.role == argument.role and a.evidence.start < ev.end and ev.start < a.evidence.end
            for a in out
        ):
            continue
        out.append(argument)
    return out
