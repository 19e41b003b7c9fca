"""Near-duplicate detection."""

from __future__ import annotations

import hashlib
import struct
from pathlib import Path

import pytest

from eventwire.dedup import (
    MAX_WORDS,
    NUM_PERM,
    SHINGLE_WORDS,
    band_keys,
    shingles,
    signature,
    similarity,
)
from eventwire.readers.text import parse_text
from eventwire.records import Document
from eventwire.settings import Settings
from eventwire.store.store import Store

SEED = Path(__file__).resolve().parents[1] / "examples" / "irgc-casualties-syria.txt"
THRESHOLD = Settings().near_duplicate_threshold

UNRELATED = """Heavy rain caused flooding across the southern provinces on Sunday, forcing
thousands of families from their homes and cutting roads to several villages. The
meteorological office said more storms were expected during the week, and schools in
the worst-hit districts will stay closed until Wednesday. Farmers warned that the
harvest of rice and vegetables could be badly damaged if the water did not recede soon.
Volunteers handed out food, blankets and drinking water at temporary shelters set up in
mosques and community halls, while engineers inspected two bridges for damage."""


@pytest.fixture(scope="module")
def seed_body() -> str:
    return parse_text(SEED.read_text(encoding="utf-8"), origin="seed").text


def wire_copy(body: str) -> str:
    """The same story as another outlet runs it: new first sentence, a dateline, a credit."""
    first_paragraph_end = body.index("\n\n")
    lead = (
        "BEIRUT (Reuters) - Mounting losses among Iranian Revolutionary Guard troops "
        "deployed to shore up Bashar al-Assad have triggered unrest in the ranks, reports say."
    )
    return lead + body[first_paragraph_end:] + "\n\n(Reporting by Staff; editing by Desk)"


def test_signature_is_bytes_and_stable(seed_body: str) -> None:
    sig = signature(seed_body)
    assert isinstance(sig, bytes)
    assert sig == signature(seed_body)
    assert similarity(sig, sig) == 1.0


# SHA-256 of the signatures datasketch 2.0.0 made (``LeanMinHash(MinHash(num_perm=128,
# seed=1))`` serialised), which stores written before eventwire computed MinHash itself
# hold: new signatures must match them byte for byte.
DATASKETCH_SIGNATURES = {
    "seed": "f2320a5c2a32cd0feda6f02840b9abba8daf430dfb60c2e6e3f952266b51e3a0",
    "One two three four five six": (
        "40ad46facddb43c391338f3d3cd025182ccea98ebf802c8a905ed026bd341165"
    ),
    "": "94175167a72ef81fe9e39a18c97b863277af2816bbec34bf63466912a54a4af7",
}


@pytest.mark.parametrize("name", sorted(DATASKETCH_SIGNATURES))
def test_signatures_match_those_stored_by_earlier_versions(name: str, seed_body: str) -> None:
    text = seed_body if name == "seed" else name
    assert hashlib.sha256(signature(text)).hexdigest() == DATASKETCH_SIGNATURES[name]


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    return Store(str(tmp_path / "dedup.db"))


def add(store: Store, doc_id: str, text: str) -> None:
    document = Document(id=doc_id, text=text, body_start=0)
    assert store.add_document(document, minhash=signature(text))


def original_of(store: Store, text: str) -> str | None:
    return store.near_duplicate_of(signature(text), threshold=THRESHOLD)


def test_lightly_edited_copy_is_found(seed_body: str, store: Store) -> None:
    copy = wire_copy(seed_body)
    assert copy != seed_body
    add(store, "d-original", seed_body)
    add(store, "d-other", UNRELATED)
    assert original_of(store, copy) == "d-original"


def test_unrelated_text_is_not_found(seed_body: str, store: Store) -> None:
    add(store, "d-original", seed_body)
    assert original_of(store, UNRELATED) is None
    assert similarity(signature(seed_body), signature(UNRELATED)) < 0.1


def test_rewritten_story_is_not_a_duplicate(seed_body: str, store: Store) -> None:
    # Half the paragraphs dropped: a related story, not a copy.
    paragraphs = seed_body.split("\n\n")
    half = "\n\n".join(paragraphs[: len(paragraphs) // 2])
    add(store, "d-original", seed_body)
    assert original_of(store, half) is None


def test_earliest_stored_match_wins(seed_body: str, store: Store) -> None:
    copy = wire_copy(seed_body)
    add(store, "d-early", copy)
    add(store, "d-late", seed_body)
    assert original_of(store, seed_body) == "d-early"


def test_near_copies_share_a_band_and_strangers_do_not(seed_body: str) -> None:
    original = set(band_keys(signature(seed_body)))
    assert original & set(band_keys(signature(wire_copy(seed_body))))
    assert not original & set(band_keys(signature(UNRELATED)))


def test_only_the_start_of_a_huge_report_is_hashed() -> None:
    words = [f"w{i}" for i in range(MAX_WORDS * 2)]
    assert len(shingles(" ".join(words))) == MAX_WORDS - SHINGLE_WORDS + 1


def test_shingles_are_word_five_grams() -> None:
    assert shingles("One two three four five six") == {
        "one two three four five",
        "two three four five six",
    }
    assert shingles("Short text") == {"short text"}
    assert shingles("") == set()


@pytest.mark.parametrize(
    "foreign",
    [
        # half the permutations, same layout
        struct.pack(f"@qiB{NUM_PERM // 2}I", 1, -(NUM_PERM // 2), 1, *range(NUM_PERM // 2)),
        # datasketch's pre-2.0 ("legacy") layout, another seed
        struct.pack(f"@qi{NUM_PERM}I", 7, NUM_PERM, *range(NUM_PERM)),
        b"",
    ],
)
def test_foreign_signature_is_refused(foreign: bytes, seed_body: str) -> None:
    with pytest.raises(ValueError, match="permutations"):
        band_keys(foreign)
    with pytest.raises(ValueError, match="recompute"):
        similarity(signature(seed_body), foreign)
