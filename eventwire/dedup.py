"""Near-duplicate reports: MinHash over word 5-shingles, found through an LSH index.

Pure: signatures are bytes the store can keep in a blob column, and the index lives in
memory; whoever owns storage loads stored signatures into it.
"""

from __future__ import annotations

import re

from datasketch import LeanMinHash, MinHash, MinHashLSH

NUM_PERM = 128
SHINGLE_WORDS = 5
# Fixed so that signatures stored by one run compare with those made by the next.
_SEED = 1
_WORD_RE = re.compile(r"\w+")
# datasketch tunes its bands so that a pair exactly at the threshold becomes a candidate
# only ~40% of the time (at 0.8 with 128 permutations). Banding for a threshold this much
# lower makes that ~99%; the Jaccard check in find() then drops the extra candidates.
_CANDIDATE_MARGIN = 0.2


def shingles(text: str) -> set[str]:
    """Lower-cased word 5-grams of ``text``; a text shorter than that is one shingle."""
    words = _WORD_RE.findall(text.casefold())
    if len(words) < SHINGLE_WORDS:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}


def signature(text: str) -> bytes:
    """The serialised MinHash of ``text``'s shingles (pass the normalised body)."""
    minhash = MinHash(num_perm=NUM_PERM, seed=_SEED)
    minhash.update_batch(s.encode("utf-8") for s in shingles(text))
    lean = LeanMinHash(minhash)
    buffer = bytearray(lean.bytesize())
    lean.serialize(buffer)
    return bytes(buffer)


def similarity(first: bytes, second: bytes) -> float:
    """Estimated Jaccard similarity of the shingle sets behind two signatures."""
    return float(_load(first).jaccard(_load(second)))


class NearDuplicateIndex:
    """Documents by signature; :meth:`find` names the earliest-added near duplicate.

    LSH only proposes candidates, banded for a lower threshold so that few true near
    duplicates are missed; each candidate is then checked against ``threshold`` on the
    estimated Jaccard similarity.
    """

    def __init__(self, threshold: float) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], got {threshold}")
        self.threshold = threshold
        candidate_threshold = max(threshold - _CANDIDATE_MARGIN, 0.1)
        self._lsh = MinHashLSH(threshold=candidate_threshold, num_perm=NUM_PERM)
        self._order: dict[str, int] = {}
        self._minhashes: dict[str, LeanMinHash] = {}

    def __len__(self) -> int:
        return len(self._order)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._order

    def add(self, doc_id: str, signature: bytes) -> None:
        """Index ``doc_id``; adding an id already present changes nothing (same id,
        same content)."""
        if doc_id in self._order:
            return
        minhash = _load(signature)
        self._lsh.insert(doc_id, minhash)
        self._order[doc_id] = len(self._order)
        self._minhashes[doc_id] = minhash

    def find(self, signature: bytes) -> str | None:
        """The earliest-added document whose estimated similarity to ``signature``
        reaches the threshold, or None."""
        minhash = _load(signature)
        matches = [
            doc_id
            for doc_id in self._lsh.query(minhash)
            if self._minhashes[doc_id].jaccard(minhash) >= self.threshold
        ]
        return min(matches, key=self._order.__getitem__, default=None)


def _load(signature: bytes) -> LeanMinHash:
    minhash = LeanMinHash.deserialize(signature)
    if len(minhash) != NUM_PERM:
        raise ValueError(
            f"signature has {len(minhash)} permutations, expected {NUM_PERM}; "
            "it was made by another eventwire version, recompute it with signature()"
        )
    return minhash
