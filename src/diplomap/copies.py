"""copies: recognise a document that is a copy of another (the same article republished under
another URL, with another header or footer, or with small edits).

A document's text becomes a set of word shingles (``shingle_words`` consecutive words, case
folded), each hashed to a 64-bit integer from its words' checksums, so no shingle string is
built; a MinHash signature of that set (datasketch) is cut into ``bands`` bands, and each band
hashes to one 64-bit key. The keys are stored with the document (the store's ``document_bands``),
so the index lives on disk, not in memory. Two documents are candidates when they share a band
key (locality-sensitive hashing: likely when their Jaccard similarity is high); a candidate is a
copy when the exact Jaccard similarity of the two shingle sets is at least ``threshold``.

Copies form groups (connected components of "is a copy of"); the original of a group is the
member published first (then the smallest doc_id), whatever the order the documents arrive in.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import numpy as np

from diplomap.errors import DiplomapError

SEED = 1
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class CopyRules:
    """Thresholds of near-duplicate detection (see the module docstring and the README).

    ``threshold``: the Jaccard similarity of word shingles from which a document is a copy;
    ``shingle_words``: words per shingle; ``num_perm``: MinHash permutations; ``bands``: LSH
    bands (``num_perm`` / ``bands`` rows each: 128 / 32 makes pairs of similarity 0.5 candidates
    nine times in ten and pairs of 0.8 always); ``enabled``: False stores every document as an
    original. Raises DiplomapError for values that make no sense.
    """

    threshold: float = 0.8
    shingle_words: int = 5
    num_perm: int = 128
    bands: int = 32
    enabled: bool = True

    def __post_init__(self) -> None:
        if not 0.0 < self.threshold <= 1.0:
            raise DiplomapError(f"copy threshold {self.threshold} must be in (0, 1]")
        if self.shingle_words < 1 or self.bands < 1 or self.num_perm % self.bands:
            raise DiplomapError(f"copy detection: {self.num_perm} permutations do not split into "
                                f"{self.bands} bands of shingles of {self.shingle_words} words")

    @property
    def shape(self) -> tuple[int, int, int]:
        """What a signature depends on: shingle words, permutations, bands (not the threshold)."""
        return self.shingle_words, self.num_perm, self.bands


@dataclass(frozen=True, eq=False)
class Signature:
    """A document's shingle set and LSH band keys, computed once (``signature``) and reused by
    the check before extraction and by the store's write; ``shape`` is its rules' ``CopyRules.shape``."""

    shingled: np.ndarray
    bands: tuple[tuple[int, int], ...]
    shape: tuple[int, int, int]


def signature(text: str, rules: CopyRules) -> Signature:
    """The shingles and band keys of ``text`` under ``rules``."""
    shingled = shingles(text, rules.shingle_words)
    return Signature(shingled, tuple(band_keys(shingled, rules)), rules.shape)


def shingles(text: str, size: int) -> np.ndarray:
    """The ``size``-word shingles of ``text`` (the whole text as one when it is shorter) as sorted,
    unique 64-bit hashes: the sum of each word's checksum times a multiplier of its position."""
    words = _WORD.findall(text.casefold())
    if not words:
        return np.empty(0, np.uint64)
    ids = np.array([zlib.crc32(word.encode("utf-8")) for word in words], np.uint64)
    width = min(size, len(words))
    hashed = np.zeros(len(words) - width + 1, np.uint64)
    for position, multiplier in enumerate(_multipliers(width)):
        hashed += ids[position:position + len(hashed)] * multiplier       # wraps modulo 2**64
    return np.unique(hashed)


@lru_cache(maxsize=8)
def _multipliers(width: int) -> tuple[np.uint64, ...]:
    """Odd 64-bit multipliers of the word positions of a shingle; fixed, since band keys are stored."""
    return tuple(np.uint64(int.from_bytes(hashlib.blake2b(f"shingle word {position}".encode(), digest_size=8)
                                          .digest(), "little") | 1) for position in range(width))


def band_keys(shingled: np.ndarray, rules: CopyRules) -> list[tuple[int, int]]:
    """(band, key) pairs of a shingle set's MinHash signature; none for an empty set."""
    if not len(shingled):
        return []
    from datasketch import MinHash

    permutations, scheme = _permutations(rules.num_perm)
    minhash = MinHash(num_perm=rules.num_perm, seed=SEED, permutations=permutations, scheme=scheme, hashfunc=int)
    minhash.update_batch((shingled ^ (shingled >> np.uint64(32))).astype(np.uint32).tolist())   # hashed already
    values = minhash.hashvalues
    rows = rules.num_perm // rules.bands
    return [(band, _key(values[band * rows:(band + 1) * rows].tobytes())) for band in range(rules.bands)]


@lru_cache(maxsize=4)
def _permutations(num_perm: int):
    """datasketch draws a MinHash's permutations from its seed on every construction: draw them once."""
    from datasketch import MinHash

    template = MinHash(num_perm=num_perm, seed=SEED)
    return template.permutations, template.scheme


def _key(data: bytes) -> int:
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "little", signed=True)


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """The Jaccard similarity of two shingle sets from ``shingles`` (0 when either is empty)."""
    if not len(a) or not len(b):
        return 0.0
    shared = len(np.intersect1d(a, b, assume_unique=True))
    return shared / (len(a) + len(b) - shared)


def original_key(published: date | None, doc_id: str) -> tuple[date, str]:
    """How originals are chosen: the member of a group with the smallest key is its original."""
    return published or date.max, doc_id


__all__ = ["CopyRules", "Signature", "band_keys", "original_key", "shingles", "signature", "similarity"]
