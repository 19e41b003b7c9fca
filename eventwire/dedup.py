"""Near-duplicate reports: MinHash over word 5-shingles, found through LSH bands.

Pure: signatures are bytes the store keeps in a blob column, and :func:`band_keys` gives
the integers the store indexes so that candidates are found with an indexed query, not
by loading every signature into memory (eventwire.store.Store.near_duplicate_of).

Only the first ``MAX_WORDS`` words of a report are hashed: near-duplicate wire copies
agree from their start, and hashing a 20 MB report whole would cost gigabytes.

The MinHash is computed here rather than with the datasketch package, whose import pulls
in SciPy's integration and special-function modules and so slowed every start of the
command line, for a few lines of arithmetic.
Signatures are byte for byte those of datasketch 2's ``MinHash(num_perm=128, seed=1)``
serialised as a ``LeanMinHash`` (its "affine32" scheme: the first four bytes of SHA-1,
the MurmurHash3 finalizer, then ``a * h + b`` modulo 2**32 per permutation), so stores
written with earlier versions keep matching.
"""

from __future__ import annotations

import hashlib
import re
import struct
from functools import cache

import numpy as np

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
# The serialised layout: seed, minus the number of permutations, scheme code 1
# ("affine32"), then one unsigned 32-bit value per permutation (native byte order).
_LAYOUT = struct.Struct(f"@qiB{NUM_PERM}I")
_AFFINE32 = 1
_EMPTY = np.full(NUM_PERM, 0xFFFFFFFF, dtype=np.uint32)  # the signature of no shingle


def shingles(text: str) -> set[str]:
    """Lower-cased word 5-grams of the first ``MAX_WORDS`` words of ``text``; a text
    shorter than five words is one shingle."""
    words = _WORD_RE.findall(text.casefold())[:MAX_WORDS]
    if len(words) < SHINGLE_WORDS:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}


def signature(text: str) -> bytes:
    """The serialised MinHash of ``text``'s shingles (pass the normalised body)."""
    found = shingles(text)
    if not found:
        values = _EMPTY
    else:
        # The first four bytes of each SHA-1 (20 bytes) read as little-endian uint32:
        # every fifth value of the digests laid end to end.
        digests = b"".join([hashlib.sha1(s.encode("utf-8")).digest() for s in found])
        hashed = np.frombuffer(digests, dtype="<u4")[::5]
        a, b = _permutations()
        # uint32 arithmetic wraps around: the modulo 2**32 the scheme is defined with
        values = (_fmix32(hashed)[:, np.newaxis] * a + b).min(axis=0)
    return _LAYOUT.pack(_SEED, -NUM_PERM, _AFFINE32, *values.tolist())


def _fmix32(values: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer, element-wise (spreads the bits of each hash)."""
    values = values ^ (values >> np.uint32(16))
    values = values * np.uint32(0x85EBCA6B)
    values = values ^ (values >> np.uint32(13))
    values = values * np.uint32(0xC2B2AE35)
    return values ^ (values >> np.uint32(16))


@cache
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """The ``a`` (odd, so each permutation is a bijection) and ``b`` of every
    permutation, drawn from NumPy's Mersenne Twister seeded with ``_SEED``."""
    generator = np.random.RandomState(_SEED)
    a = generator.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = generator.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return a, b


def similarity(first: bytes, second: bytes) -> float:
    """Estimated Jaccard similarity of the shingle sets behind two signatures."""
    return float(np.count_nonzero(_load(first) == _load(second))) / NUM_PERM


def band_keys(signature: bytes) -> tuple[int, ...]:
    """One integer per LSH band (band number mixed in), fitting a signed 64-bit column."""
    values = _load(signature)
    keys = []
    for band in range(BANDS):
        rows = values[band * ROWS : (band + 1) * ROWS].tobytes()
        digest = hashlib.blake2b(band.to_bytes(2, "big") + rows, digest_size=8).digest()
        keys.append(int.from_bytes(digest, "big", signed=True))
    return tuple(keys)


def _load(signature: bytes) -> np.ndarray:
    """The hash values of a signature this module made."""
    if len(signature) == _LAYOUT.size:
        seed, count, scheme, *values = _LAYOUT.unpack(signature)
        if (seed, count, scheme) == (_SEED, -NUM_PERM, _AFFINE32):
            return np.array(values, dtype=np.uint32)
    raise ValueError(
        f"not a signature of {NUM_PERM} permutations with seed {_SEED}; it was made by "
        "another eventwire version, recompute it with signature()"
    )
