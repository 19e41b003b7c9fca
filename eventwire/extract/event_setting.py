"""Where, when and how many: an event's place with precision, its time, its dead and
wounded, amounts and sizes (see eventwire.extract.events)."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

from eventwire.events import normalise_lemma
from eventwire.extract.event_arguments import Arguments
from eventwire.extract.event_words import (
    DIRECTIONS,
    LOCATIVE,
    PLACE_NOUNS,
    Draft,
    distance,
    preposition,
    total,
    where_antecedent,
)
from eventwire.extract.spans import Found
from eventwire.records import (
    Argument,
    EventPlace,
    Quantity,
    TimeRef,
)


class Setting(Arguments):
    """The place, time and counts inside an event's own part of the sentence."""

    def _region(self, draft: Draft, others: Sequence[Draft]) -> set[int]:
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

    def _place(
        self, draft: Draft, others: Sequence[Draft], *, inherit: bool = True
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
            hit = preposition(self.doc[found.end - 1])
            struck = self._struck_place(found, draft)
            if not struck and (hit is None or not self._located(hit, own, draft)):
                continue
            depth = min(distance(self.doc[found.start], a) for a in {draft.anchor, *draft.anchors})
            candidates.append((depth, found))
        # "the city of Aleppo, where battles are raging": the antecedent is the place.
        for anchor in {draft.anchor, *draft.anchors}:
            where = where_antecedent(anchor)
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

    def _struck_place(self, found: Found, draft: Draft) -> bool:
        """ "Russian forces shelled Kherson": a place attacked is where the attack was."""
        root = self.doc[found.start : found.end].root
        return (
            draft.type.plover == "ASSAULT"
            and root.dep_ == "dobj"
            and root.head.i in {draft.anchor.i, *(a.i for a in draft.anchors)}
        )

    def _located(self, hit: tuple[str, Token], own: set[int], draft: Draft) -> bool:
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

    def _inherited_place(self, draft: Draft) -> EventPlace | None:
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
            and (f.start < sentence_start or preposition(self.doc[f.end - 1]) is not None)
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

    def _own_places(self, draft: Draft) -> set[str]:
        found = self._place(draft, [], inherit=False)
        return {found.place_id} if found else set()

    def _time(self, draft: Draft, region: set[int]) -> TimeRef | None:
        anchors = {draft.anchor, *draft.anchors}
        inside = [
            (min(distance(span.root, a) for a in anchors), time)
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

    def _sentence_time(self, draft: Draft, region: set[int]) -> TimeRef | None:
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

    def _ongoing(self, draft: Draft) -> TimeRef | None:
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

    def _counts(self, draft: Draft, region: set[int]) -> tuple[Quantity | None, Quantity | None]:
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
        return total(killed), total(wounded)

    def _amounts(self, draft: Draft, region: set[int]) -> list[Argument]:
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
