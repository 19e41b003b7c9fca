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

from collections.abc import Sequence

from spacy.tokens import Token

from eventwire.events import EventType
from eventwire.events.triggers import TriggerMatch, find_triggers
from eventwire.extract.attribution import HEDGE, Stance
from eventwire.extract.event_folding import Folding
from eventwire.extract.event_words import (
    AIRCRAFT,
    CIVILIAN_WORDS,
    NAMED_DEAD_TYPES,
    Draft,
    definite,
    head_of,
    presupposed,
    unique_arguments,
    unique_sources,
)
from eventwire.records import (
    Argument,
    Claim,
    Event,
    Quantity,
)


class EventFinder(Folding):
    """Finds the events of one parsed document (see the module docstring)."""

    def find(self) -> tuple[list[Event], list[Claim]]:
        drafts = []
        for match in find_triggers(self.doc, self.ontology):
            head = head_of(self.doc[match.start : match.end]) or self.doc[match.start]
            if self._is_time(head):
                continue  # "in March" is a month, not a march
            self.trigger_tokens.update(range(match.start, match.end))
            stance = self.attributor.stance(head)
            negation = self.attributor.negation(head)
            if negation == "governor" and definite(head):
                # "the group had not carried out the bombing", "denied carrying out the
                # attack": the bombing happened; who did it is what is denied.
                stance = presupposed(stance)
            elif stance.certainty == "denied" and definite(head):
                stance = presupposed(stance)
            elif negation is not None or stance.hypothetical:
                self.dropped.append(head)
                continue
            if match.types[0].key == "threat" and any(c.dep_ == "ccomp" for c in head.children):
                continue  # "officials warned that ...": a report of a danger, not a threat
            event_type = self._choose_type(match, head)
            draft = Draft(match, event_type, stance, self._anchor(head), stances=[stance])
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

    def _build(self, draft: Draft, all_drafts: Sequence[Draft]) -> tuple[Event, list[Claim]]:
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
        denied_by = unique_sources(s for st in draft.stances for s in st.denied_by)
        event = Event(
            id=event_id,
            doc=self.doc_id,
            type=draft.type.key,
            trigger=trigger,
            evidence=evidence,
            certainty=stance.certainty,
            arguments=tuple(unique_arguments(arguments)),
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

    def _main_stance(self, draft: Draft) -> Stance:
        """The best-sourced of the event's mentions: a named source over "reports", a
        longer chain over a shorter one."""

        def rank(stance: Stance) -> tuple[int, int, int]:
            named = bool(stance.sources) and stance.sources[-1].kind != "reports"
            return (int(named), len(stance.sources), HEDGE[stance.certainty])

        return max(draft.stances, key=rank)

    def _claims(self, event: Event, draft: Draft) -> list[Claim]:
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
