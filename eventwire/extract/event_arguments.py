"""Who and whom: the participants of an event, read off the parse by its type's roles
(see eventwire.extract.events)."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

from eventwire.events import EventType, normalise_lemma
from eventwire.events.triggers import TriggerMatch
from eventwire.extract.event_base import FinderBase
from eventwire.extract.event_words import (
    CHARGE_NOUNS,
    INTRANSITIVE_DEATH,
    PERSON_ENTITY,
    RELATIVE,
    WEAPONS,
    Draft,
    head_of,
    pattern_lemmas,
)
from eventwire.records import (
    Argument,
    ArgumentRole,
)


class Arguments(FinderBase):
    """Actors, targets, recipients and instruments of an event, with evidence."""

    def _participants(self, draft: Draft) -> list[Argument]:
        out: list[Argument] = []
        roles = draft.type.roles

        def head(match: TriggerMatch) -> Token:
            return head_of(self.doc[match.start : match.end]) or self.doc[match.start]

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
                if normalise_lemma(child.lemma_) in pattern_lemmas(event_type):
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

    def _people(self, draft: Draft) -> set[str]:
        args = self._participants(draft)
        return {a.entity_id for a in args if a.entity_id and a.entity_id.startswith(PERSON_ENTITY)}
