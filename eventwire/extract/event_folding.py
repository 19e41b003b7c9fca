"""One event, several words: folding triggers into the events whose arguments they sit
in, and merging restatements (see eventwire.extract.events)."""

from __future__ import annotations

from collections.abc import Mapping

from spacy.tokens import Span, Token

from eventwire.extract.event_setting import Setting
from eventwire.extract.event_words import (
    CHARGE_PREPS,
    CIRCUMSTANCE_PREPS,
    CONSEQUENCES,
    FOLD_PATH,
    SUBSET_PREPS,
    Draft,
    family,
    head_of,
    sentence_index,
    specificity,
    trim,
)
from eventwire.records import (
    ArgumentRole,
)


class Folding(Setting):
    """Which triggers are one event."""

    def _fold(self, drafts: list[Draft]) -> list[Draft]:
        by_token = {i: d for d in drafts for i in range(d.match.start, d.match.end)}
        hosts: dict[int, tuple[Draft, ArgumentRole | str | None]] = {}
        for draft in drafts:
            host, role = self._host(draft, by_token)
            if host is not None:
                hosts[id(draft)] = (host, role)

        def root(draft: Draft) -> Draft:
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

    def _head_phrase(self, draft: Draft) -> Span:
        """A folded trigger as a phrase: the noun with the words before it ("an
        'advisory mission'"), not what follows it."""
        head = head_of(self.doc[draft.match.start : draft.match.end]) or self.doc[draft.match.start]
        start = min(
            (
                t.i
                for c in head.lefts
                if not (c.pos_ == "VERB" and c.dep_ == "amod")
                for t in c.subtree
            ),
            default=head.i,
        )
        return trim(self.doc[min(start, draft.match.start) : max(head.i + 1, draft.match.end)])

    def _host(
        self, draft: Draft, by_token: Mapping[int, Draft]
    ) -> tuple[Draft | None, ArgumentRole | str | None]:
        """The event whose arguments this trigger sits in, and the role it fills there
        (``None``: another mention of the same event)."""
        node = self.doc[draft.match.start]
        node = head_of(self.doc[draft.match.start : draft.match.end]) or node
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
        self, draft: Draft, node: Token, by_token: Mapping[int, Draft]
    ) -> tuple[Draft | None, ArgumentRole | str | None]:
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

    def _anchored(self, token: Token, by_token: Mapping[int, Draft]) -> Draft | None:
        for draft in by_token.values():
            if draft.anchor.i == token.i and draft.anchor.i != draft.match.start:
                return draft
        return None

    def _fold_role(self, host: Draft, inner: Draft, path: list[Token]) -> ArgumentRole | str | None:
        prep = next((t.lower_ for t in path if t.dep_ in ("prep", "agent")), None)
        first = path[0]
        if inner.type.key == host.type.key:
            return None
        if (
            host.type.key not in CONSEQUENCES
            and specificity(inner.type) > specificity(host.type)
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

    def _merge_title(self, drafts: list[Draft]) -> list[Draft]:
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
                    if family(other.type) == family(draft.type) and self._compatible(draft, other)
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
            if specificity(draft.type) > specificity(target.type):
                target.type = draft.type
        kept.sort(key=lambda d: d.match.start)
        return kept

    def _compatible(self, first: Draft, second: Draft) -> bool:
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

    def _merge_same(self, drafts: list[Draft]) -> list[Draft]:
        """One event for triggers of one type in the same or the next sentence whose
        participants do not conflict."""
        drafts = self._merge_title(drafts)
        merged: list[Draft] = []
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

    def _same_event(self, first: Draft, second: Draft) -> bool:
        if self._refers_back(first, second):
            return True
        sentences = self._sentence_starts
        a = sentence_index(sentences, self.doc[first.match.start].sent.start)
        b = sentence_index(sentences, self.doc[second.match.start].sent.start)
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

    def _consequence_of(self, first: Draft, second: Draft) -> bool:
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
        a = sentence_index(self._sentence_starts, self.doc[first.match.start].sent.start)
        b = sentence_index(self._sentence_starts, self.doc[second.match.start].sent.start)
        return 0 < b - a <= 2

    def _refers_back(self, first: Draft, second: Draft) -> bool:
        """ "Thousands attended the funeral of General X ... Y attended the funeral": a
        definite noun with nothing of its own names the event already told, within three
        sentences."""
        head = head_of(self.doc[second.match.start : second.match.end])
        if head is None or head.pos_ != "NOUN":
            return False
        if not any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in head.children):
            return False
        if any(c.dep_ == "prep" for c in head.children):
            return False  # "the funeral of ..." says whose: it may be another
        a = sentence_index(self._sentence_starts, self.doc[first.match.start].sent.start)
        b = sentence_index(self._sentence_starts, head.sent.start)
        return 0 <= b - a <= 3 and not self._own_places(second)
