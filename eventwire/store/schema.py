"""Table definitions (SQLAlchemy Core), shared by SQLite and PostgreSQL.

Dates are stored as ISO strings so both back ends sort and compare them alike.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

schema_migrations = Table(
    "schema_migrations",
    metadata,
    Column("version", Integer, primary_key=True),
    Column("name", String, nullable=False),
    Column("applied_at", String, nullable=False),
)

documents = Table(
    "documents",
    metadata,
    Column("id", String, primary_key=True),
    Column("external_id", String),
    Column("title", Text),
    Column("url", Text),
    Column("published", String),
    Column("source", String),
    Column("author", String),
    Column("photo_credit", String),
    Column("origin", Text),
    Column("language", String),
    Column("duplicate_of", String, ForeignKey("documents.id")),
    Column("status", String, nullable=False),
    Column("status_reason", Text),
    Column("text", Text, nullable=False),
    Column("body_start", Integer, nullable=False),
    Column("chars", Integer, nullable=False),
    Column("minhash", LargeBinary),
    Column("ingested_at", String, nullable=False),
    # Order of ingestion: documents are listed and extracted in this order, which the
    # timestamp (to the second) cannot give when many arrive within one second.
    Column("seq", Integer),
    # 1 once an extraction of the document was saved: its rows (mentions, times, events,
    # memberships) are then deleted before the next is written. 0 spares a document's
    # first save those deletes. (Not the status: a document set back to pending keeps
    # the rows of its earlier extraction.)
    Column("has_extraction", Integer, nullable=False, server_default="0"),
)
Index("ix_documents_status", documents.c.status)
Index("ix_documents_seq", documents.c.seq)

actors = Table(
    "actors",
    metadata,
    Column("id", String, primary_key=True),
    Column("name", String, nullable=False),
    Column("country", String),
    Column("kind", String),
)

people = Table(
    "people",
    metadata,
    Column("id", String, primary_key=True),
    Column("name", String, nullable=False),
    Column("rank", String),
    Column("role", String),
    Column("affiliation", String),
)

places = Table(
    "places",
    metadata,
    Column("id", String, primary_key=True),
    Column("name", String, nullable=False),
    # Added by migration 4: the gazetteer entry the place resolved to.
    Column("geonames_id", Integer),
    Column("feature_class", String),
    Column("feature_code", String),
    Column("country", String),
    Column("admin1", String),
    Column("admin2", String),
    Column("lat", Float),
    Column("lon", Float),
    Column("population", Integer),
    Column("derived", Integer),
)

groups = Table(
    "groups",
    metadata,
    Column("id", String, primary_key=True),
    Column("name", String, nullable=False),
    Column("kind", String),
)

mentions = Table(
    "mentions",
    metadata,
    Column("id", String, primary_key=True),
    Column("doc_id", String, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("entity_kind", String, nullable=False),
    Column("entity_id", String, nullable=False),
    Column("role", String),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("precision", Integer),  # migration 4
)
Index("ix_mentions_entity", mentions.c.entity_kind, mentions.c.entity_id)
Index("ix_mentions_doc", mentions.c.doc_id)

ENTITY_TABLES = {"actor": actors, "person": people, "place": places, "group": groups}

times = Table(
    "times",
    metadata,
    Column("id", String, primary_key=True),
    Column("doc_id", String, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("type", String, nullable=False),
    Column("value", String),
    Column("start_date", String),
    Column("end_date", String),
    Column("precision", String),
    Column("anchor", String),
)
Index("ix_times_doc", times.c.doc_id)

quantities = Table(
    "quantities",
    metadata,
    Column("id", String, primary_key=True),
    Column("doc_id", String, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("kind", String, nullable=False),
    Column("low", Float),
    Column("best", Float),
    Column("high", Float),
    Column("qualifier", String, nullable=False),
    Column("unit", String),
)
Index("ix_quantities_doc", quantities.c.doc_id)

casualties = Table(
    "casualties",
    metadata,
    Column("id", String, primary_key=True),
    Column("doc_id", String, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("outcome", String, nullable=False),
    Column("quantity_id", String, ForeignKey("quantities.id", ondelete="CASCADE"), nullable=False),
    Column("who", Text),
    Column("who_start", Integer),
    Column("who_end", Integer),
    Column("actor_id", String),
    Column("time_id", String, ForeignKey("times.id", ondelete="SET NULL")),
    Column("place_id", String),
    Column("place_start", Integer),
    Column("place_end", Integer),
    Column("place_text", Text),
    Column("part_of", String),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
)
Index("ix_casualties_doc", casualties.c.doc_id)

# LSH band keys of original documents' MinHash signatures (eventwire.dedup.band_keys):
# near-duplicate candidates are found by an indexed lookup, whatever the store's size.
near_duplicate_bands = Table(
    "near_duplicate_bands",
    metadata,
    Column("key", BigInteger, nullable=False),
    Column("doc_id", String, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
)
Index("ix_near_duplicate_bands_key", near_duplicate_bands.c.key)

# Migration 6: events, the claims about them and named casualties. Columns hold what
# people filter on; ``record`` holds the whole record as JSON (eventwire.store.codec).
events = Table(
    "events",
    metadata,
    Column("id", String, primary_key=True),
    Column("doc_id", String, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("type", String, nullable=False),
    Column("plover", String),
    Column("acled_event_type", String),
    Column("acled_sub_event_type", String),
    Column("certainty", String, nullable=False),
    Column("trigger_start", Integer, nullable=False),
    Column("trigger_end", Integer, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("place_id", String),
    Column("place_precision", Integer),
    Column("time_start", String),
    Column("time_end", String),
    Column("time_precision", String),
    Column("fatalities_low", Float),
    Column("fatalities_best", Float),
    Column("fatalities_high", Float),
    Column("fatalities_qualifier", String),
    Column("record", Text, nullable=False),
    # Migration 8: the days the event covers for filtering and binning: its own dates,
    # else its report's publication date (so queries need not read documents).
    Column("day", String),
    Column("day_end", String),
)
Index("ix_events_doc", events.c.doc_id)
Index("ix_events_day", events.c.day)
# Covering index for the map's and timeline's aggregates: they never read the records.
Index(
    "ix_events_summary",
    events.c.place_id,
    events.c.type,
    events.c.certainty,
    events.c.day,
    events.c.day_end,
    events.c.fatalities_best,
    events.c.id,
)
Index("ix_events_type", events.c.type)
Index("ix_events_place", events.c.place_id)

# Which entities take part in which events, in which role: the join that "every event
# of this actor" needs without reading JSON.
event_entities = Table(
    "event_entities",
    metadata,
    Column("event_id", String, ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
    Column("doc_id", String, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("role", String, nullable=False),
    Column("entity_id", String, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
)
Index("ix_event_entities_entity", event_entities.c.entity_id)
Index("ix_event_entities_event", event_entities.c.event_id)

claims = Table(
    "claims",
    metadata,
    Column("id", String, primary_key=True),
    Column("doc_id", String, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("event_id", String, ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
    Column("certainty", String, nullable=False),
    Column("source_kind", String),  # the innermost source's kind; NULL for the article
    Column("source_name", Text),
    Column("denies", String),
    Column("record", Text, nullable=False),
)
Index("ix_claims_doc", claims.c.doc_id)
Index("ix_claims_event", claims.c.event_id)

named_casualties = Table(
    "named_casualties",
    metadata,
    Column("id", String, primary_key=True),
    Column("doc_id", String, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("person_id", String, nullable=False),
    Column("outcome", String, nullable=False),
    Column("event_id", String, ForeignKey("events.id", ondelete="CASCADE")),
    Column("certainty", String, nullable=False),
    Column("record", Text, nullable=False),
)
Index("ix_named_casualties_doc", named_casualties.c.doc_id)
Index("ix_named_casualties_person", named_casualties.c.person_id)

EVENT_TABLES = (named_casualties, claims, event_entities, events)  # children first

# Migration 7: merging across reports. Person links map each person record to the one
# person it is (its canonical record); event members map each event to the merged event
# (cluster) it belongs to, with the score and reasons of the merge; blocks index
# clusters by (family, country, ISO week) so candidates are found by an indexed lookup;
# corrections are the analyst's splits and merges, replayed on every re-run.
person_links = Table(
    "person_links",
    metadata,
    Column("person_id", String, primary_key=True),
    Column("canonical_id", String, nullable=False),
    Column("full_key", String, nullable=False),
    Column("surname_key", String, nullable=False),
    Column("single", Integer, nullable=False),
    Column("reasons", Text, nullable=False),
)
Index("ix_person_links_canonical", person_links.c.canonical_id)
Index("ix_person_links_surname", person_links.c.surname_key)

# Organisations the dictionary does not know, linked across reports by a
# transliteration-proof key of their name ("Jaysh al-Adl" = "Jaish al-Adl").
actor_links = Table(
    "actor_links",
    metadata,
    Column("actor_id", String, primary_key=True),
    Column("canonical_id", String, nullable=False),
    Column("name_key", String),
    Column("reasons", Text, nullable=False),
)
Index("ix_actor_links_key", actor_links.c.name_key)
Index("ix_actor_links_canonical", actor_links.c.canonical_id)

event_clusters = Table(
    "event_clusters",
    metadata,
    Column("id", String, primary_key=True),
    Column("family", String, nullable=False),
    # Migration 8: the member that stands for the merged event in the map's and the
    # timeline's counts (the first to join; another member when it leaves).
    Column("first_event", String),
)
Index("ix_event_clusters_first", event_clusters.c.first_event)

event_members = Table(
    "event_members",
    metadata,
    Column("event_id", String, ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("cluster_id", String, ForeignKey("event_clusters.id"), nullable=False),
    Column("doc_id", String, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("score", Float),
    Column("reasons", Text, nullable=False),
    Column("summary", Text, nullable=False),
)
Index("ix_event_members_cluster", event_members.c.cluster_id)
Index("ix_event_members_doc", event_members.c.doc_id)

event_blocks = Table(
    "event_blocks",
    metadata,
    Column("key", String, nullable=False),
    Column(
        "cluster_id", String, ForeignKey("event_clusters.id", ondelete="CASCADE"), nullable=False
    ),
)
Index("ix_event_blocks_key", event_blocks.c.key)
Index("ix_event_blocks_cluster", event_blocks.c.cluster_id)

merge_corrections = Table(
    "merge_corrections",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("action", String, nullable=False),  # "split" or "merge"
    Column("event_a", String, nullable=False),
    Column("event_b", String, nullable=False),
    Column("created_at", String, nullable=False),
)
Index("ix_merge_corrections_a", merge_corrections.c.event_a)
Index("ix_merge_corrections_b", merge_corrections.c.event_b)

MERGE_TABLES = (
    person_links,
    actor_links,
    event_clusters,
    event_members,
    event_blocks,
    merge_corrections,
)
