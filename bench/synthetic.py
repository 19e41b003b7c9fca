"""Synthetic reports for the benchmarks: realistic pools of places, people and actors,
two events a report, arriving at a steady number a day (no model needed)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from eventwire.records import (
    Actor,
    Argument,
    Claim,
    Document,
    Event,
    EventPlace,
    Evidence,
    Extraction,
    GazetteerEntry,
    Mention,
    Person,
    Place,
    Quantity,
    Source,
    TimeRef,
)

VIOLENT = [
    "armed-clash",
    "air-drone-strike",
    "killing",
    "shelling-artillery-missile",
    "remote-explosive",
]
OTHER = ["arrests", "peaceful-protest", "funeral", "investigation", "agreement"]
FIRST = [
    "Ali",
    "Hossein",
    "Mohammed",
    "Ahmad",
    "Omar",
    "Yusuf",
    "Ibrahim",
    "Khalid",
    "Hassan",
    "Reza",
]
LAST = [f"Name{i}" for i in range(300)]
START = date(2023, 1, 1)


class World:
    def __init__(self, seed: int, per_day: int) -> None:
        self.random = random.Random(seed)
        self.per_day = per_day
        self.places = [
            GazetteerEntry(
                geonames_id=100000 + i,
                name=f"Town{i}",
                feature_class="P",
                feature_code="PPL",
                country=f"X{chr(65 + (i % 40) // 26)}{chr(65 + (i % 40) % 26)}",
                lat=-40 + (i % 80) + self.random.random(),
                lon=-60 + (i // 80) * 5 + self.random.random(),
            )
            for i in range(2000)
        ]
        self.people = [f"{a} {b}" for a in FIRST for b in LAST]

    def report(self, n: int) -> tuple[Document, Extraction]:
        r = self.random
        doc_id = f"dsyn{n:08d}"
        published = START + timedelta(days=n // self.per_day)
        text = (
            f"Report {n}. Fighters clashed in Town near the border, killing 5 people. "
            f"Police arrested Person in the capital."
        )
        ev = lambda a, b: Evidence(doc_id, a, b, text[a:b])  # noqa: E731
        geo_a, geo_b = r.choice(self.places), r.choice(self.places)
        place_a = Place(f"place:geonames:{geo_a.geonames_id}", geo_a.name, geo_a)
        place_b = Place(f"place:geonames:{geo_b.geonames_id}", geo_b.name, geo_b)
        name = r.choice(self.people)
        person = Person(f"person:{name.lower().replace(' ', '-')}", name)
        actor = Actor(f"actor:group-{r.randrange(200)}", "Group")
        day = published - timedelta(days=r.randrange(3))
        when = TimeRef(
            ev(len(f"Report {n}. "), len(f"Report {n}. ") + 8),
            "DATE",
            day.isoformat(),
            day,
            day,
            "day",
            "publication",
        )
        dead = Quantity(ev(text.index("5"), text.index("5") + 1), 5.0, 5.0, 5.0)
        violent = Event(
            id=f"e:{doc_id}:1",
            doc=doc_id,
            type=r.choice(VIOLENT),
            trigger=ev(text.index("clashed"), text.index("clashed") + 7),
            evidence=ev(0, len(text)),
            certainty="asserted",
            arguments=(
                Argument("actor", ev(text.index("Fighters"), text.index("Fighters") + 8), actor.id),
                Argument("target", ev(text.index("Person"), text.index("Person") + 6), person.id),
            ),
            place=EventPlace(place_a.id, ev(text.index("Town"), text.index("Town") + 4), 1),
            time=when,
            fatalities=dead,
        )
        other = Event(
            id=f"e:{doc_id}:2",
            doc=doc_id,
            type=r.choice(OTHER),
            trigger=ev(text.index("arrested"), text.index("arrested") + 8),
            evidence=ev(0, len(text)),
            certainty="reported",
            place=EventPlace(place_b.id, ev(text.index("capital"), text.index("capital") + 7), 2),
            time=when,
            sources=(
                Source("Police", "official", ev(text.index("Police"), text.index("Police") + 6)),
            ),
        )
        doc = Document(
            id=doc_id, text=text, body_start=0, published=published, source=f"Outlet{n % 50}"
        )
        extraction = Extraction(
            doc_id=doc_id,
            actors=(actor,),
            people=(person,),
            places=(place_a, place_b),
            mentions=(
                Mention(person.id, "person", ev(text.index("Person"), text.index("Person") + 6)),
                Mention(
                    place_a.id, "place", ev(text.index("Town"), text.index("Town") + 4), precision=1
                ),
            ),
            times=(when,),
            events=(violent, other),
            claims=tuple(
                Claim(f"cl:{e.id}:0", doc_id, e.id, e.sources, e.certainty, e.evidence)
                for e in (violent, other)
            ),
        )
        return doc, extraction
