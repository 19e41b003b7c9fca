"""Cost of saving one document's extraction as the store grows.

``Eventwire.extract`` saves each document's entities and mentions with
``Store.save_extraction``. This measures the milliseconds per call when the store
already holds N extracted documents, for growing N: flat means the extract stage scales
linearly with the corpus, rising means each document costs more the bigger the store.

The records are synthetic (no spaCy is run): each document has ``--entities`` entities
(actors, people, places) drawn from a shared pool, so documents share some entities as
real ones do, and ``--mentions`` mentions (extract_speed.py prints the real figure: 4,460
mentions in 215 CoNLL-2003 dev documents, about 21 each, at commit 7020168). The store is
filled in bulk through SQLAlchemy Core (fast, the same rows ``save_extraction`` would
write), then ``--sample`` further documents are saved through ``Store.save_extraction``
and timed, at each size.

Run from the repository root (about 20 seconds at the defaults)::

    .venv/bin/python bench/store_growth.py
    .venv/bin/python bench/store_growth.py --sizes 1000,10000,50000 --sample 20
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import bindparam

import eventwire
from eventwire.records import (
    Actor,
    Entity,
    EntityKind,
    Evidence,
    Extraction,
    Mention,
    Person,
    Place,
)
from eventwire.store import schema
from eventwire.store.store import Store

RANDOM_SEED = 7
KINDS: tuple[EntityKind, ...] = ("actor", "person", "place")
KIND_OF: dict[type, EntityKind] = {Actor: "actor", Person: "person", Place: "place"}
POOL: dict[EntityKind, int] = {"actor": 5_000, "person": 50_000, "place": 20_000}
TEXT = "x" * 3_000


def doc_id(number: int) -> str:
    return f"d{number:016x}"


def entity(kind: EntityKind, rng: random.Random) -> Entity:
    key = rng.randrange(POOL[kind])
    if kind == "actor":
        return Actor(id=f"actor:a{key}", name=f"Actor {key}")
    if kind == "person":
        return Person(id=f"person:p{key}", name=f"Person {key}")
    return Place(id=f"place:l{key}", name=f"Place {key}")


def extraction(number: int, rng: random.Random, *, entities: int, mentions: int) -> Extraction:
    """A document's synthetic extraction: ``entities`` entities, ``mentions`` mentions."""
    found = [(KINDS[i % 3], entity(KINDS[i % 3], rng)) for i in range(entities)]
    spans = [
        Mention(found[i % entities][1].id, found[i % entities][0], Evidence(
            doc_id(number), 10 * i, 10 * i + 5, "xxxxx"))
        for i in range(mentions)
    ]  # fmt: skip
    records = [e for _, e in found]
    return Extraction(
        doc_id=doc_id(number),
        actors=tuple(e for e in records if isinstance(e, Actor)),
        people=tuple(e for e in records if isinstance(e, Person)),
        places=tuple(e for e in records if isinstance(e, Place)),
        mentions=tuple(spans),
    )


def document_row(number: int) -> dict[str, object]:
    now = datetime.now(UTC).isoformat(timespec="seconds")
    return {"id": doc_id(number), "status": "pending", "text": TEXT, "body_start": 0,
            "chars": len(TEXT), "ingested_at": now}  # fmt: skip


def add_documents(store: Store, numbers: range) -> None:
    with store.atomic() as conn:
        conn.execute(schema.documents.insert(), [document_row(n) for n in numbers])


def bulk_fill(store: Store, extractions: Sequence[Extraction]) -> None:
    """Write the rows save_extraction would write, in one transaction."""
    if not extractions:  # `--sizes 0`: an empty store (an empty insert is an error)
        return
    entities: dict[EntityKind, dict[str, dict[str, object]]] = {k: {} for k in KINDS}
    mentions = []
    for ex in extractions:
        for e in ex.entities():
            entities[KIND_OF[type(e)]][e.id] = {"id": e.id, "name": e.name}
        for m in ex.mentions:
            ev = m.evidence
            mentions.append({"id": m.id, "doc_id": ev.doc, "entity_kind": m.kind,
                             "entity_id": m.entity_id, "role": None, "start": ev.start,
                             "end": ev.end, "text": ev.text})  # fmt: skip
    with store.atomic() as conn:
        for kind, rows in entities.items():
            table = schema.ENTITY_TABLES[kind]
            known = set(conn.execute(table.select().with_only_columns(table.c.id)).scalars())
            new = [row for key, row in rows.items() if key not in known]
            if new:
                conn.execute(table.insert(), new)
        conn.execute(schema.mentions.insert(), mentions)
        d = schema.documents
        conn.execute(  # as save_extraction leaves them
            d.update()
            .where(d.c.id == bindparam("doc"))
            .values(status="extracted", has_extraction=1),
            [{"doc": ex.doc_id} for ex in extractions],
        )


def timed_saves(store: Store, extractions: Sequence[Extraction]) -> list[float]:
    seconds = []
    for ex in extractions:
        start = time.perf_counter()
        store.save_extraction(ex)
        seconds.append(time.perf_counter() - start)
    return seconds


def measure(args: argparse.Namespace, db: Path) -> None:
    store = Store(str(db))
    rng = random.Random(RANDOM_SEED)
    shape = {"entities": args.entities, "mentions": args.mentions}
    done = 0
    for size in sorted(args.sizes):
        add_documents(store, range(done, size + args.sample))
        bulk_fill(store, [extraction(n, rng, **shape) for n in range(done, size)])
        sample = [extraction(n, rng, **shape) for n in range(size, size + args.sample)]
        mentions = store.counts()["mentions"]
        seconds = timed_saves(store, sample)
        done = size + args.sample
        print(
            f"store {size:>7,} docs ({mentions:>9,} mentions): save_extraction median "
            f"{1000 * statistics.median(seconds):7.1f} ms/doc over {args.sample} docs",
            flush=True,
        )
    store.close()


def parse_sizes(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part.strip()]


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--sizes", type=parse_sizes, default=[100, 1000, 3000, 10000, 20000])
    parser.add_argument("--sample", type=int, default=50, help="saves timed at each size")
    parser.add_argument("--entities", type=int, default=20, help="entities per document")
    parser.add_argument("--mentions", type=int, default=20, help="mentions per document")
    return parser.parse_args(argv)


def main(argv: Sequence[str]) -> None:
    args = parse_args(argv)
    print(f"eventwire {eventwire.__version__} from {Path(eventwire.__file__).parent}")
    print(
        f"{args.entities} entities and {args.mentions} mentions per document, "
        f"entity pools {POOL}, synthetic records"
    )
    with tempfile.TemporaryDirectory(prefix="eventwire-bench-") as tmp:
        measure(args, Path(tmp) / "store.db")


if __name__ == "__main__":
    main(sys.argv[1:])
