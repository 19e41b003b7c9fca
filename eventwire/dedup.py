"""Near-duplicate reports: MinHash over word 5-shingles, found through LSH bands.

Pure: signatures are bytes the store keeps in a blob column, and :func:`band_keys` gives
the integers the store indexes so that candidates are found with an indexed query, not
by loading every signature into memory (eventwire.store.Store.near_duplicate_of).

Only the first ``MAX_WORDS`` words of a report are hashed: near-duplicate wire copies
agree from their start, and hashing a 20 MB report whole would cost gigabytes.
"""

from __future__ import annotations

import hashlib
import re

from datasketch import LeanMinHash, MinHash

NUM_PERM = 128
SHINGLE_WORDS = 5
MAX_WORDS = 20_000
# 32 bands of 4 rows: a pair at Jaccard 0.8 shares a band with probability 1 - 5e-8, at
# 0.5 with 0.87, at 0.1 with 0.003; every candidate is then checked on its estimated
# Jaccard, so banding only decides what is looked at.
BANDS = 32
ROWS = NUM_PERM // BANDS
# Fixed so that signatures stored by one run compare with those made by the next.
_SEED = 1
_WORD_RE = re.compile(r"\w+")


def shingles(text: str) -> set[str]:
    """Lower-cased word 5-grams of the first ``MAX_WORDS`` words of ``text``; a text
    shorter than five words is one shingle."""
    words = _WORD_RE.findall(text.casefold())[:MAX_WORDS]
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


def band_keys(signature: bytes) -> tuple[int, ...]:
    """One integer per LSH band (band number mixed in), fitting a signed 64-bit column."""
    values = _load(signature).hashvalues
    keys = []
    for band in range(BANDS):
        rows = values[band * ROWS : (band + 1) * ROWS].tobytes()
        digest = hashlib.blake2b(band.to_bytes(2, "big") + rows, digest_size=8).digest()
        keys.append(int.from_bytes(digest, "big", signed=True))
    return tuple(keys)


def _load(signature: bytes) -> LeanMinHash:
    minhash = LeanMinHash.deserialize(signature)
    if len(minhash) != NUM_PERM:
        raise ValueError(
            f"signature has {len(minhash)} permutations, expected {NUM_PERM}; "
            "it was made by another eventwire version, recompute it with signature()"
        )
    return minhash
