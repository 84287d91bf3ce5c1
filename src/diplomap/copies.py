"""copies: recognise a document that is a copy of another (the same article republished under
another URL, with another header or footer, or with small edits).

A document's text becomes a set of word shingles (``shingle_words`` consecutive words, case
folded); a MinHash signature of that set (datasketch) is cut into ``bands`` bands, and each band
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
from dataclasses import dataclass
from datetime import date

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


def shingles(text: str, size: int) -> frozenset[str]:
    """The ``size``-word shingles of ``text`` (the whole text as one when it is shorter)."""
    words = _WORD.findall(text.casefold())
    if len(words) <= size:
        return frozenset([" ".join(words)]) if words else frozenset()
    return frozenset(" ".join(words[i:i + size]) for i in range(len(words) - size + 1))


def band_keys(shingled: frozenset[str], rules: CopyRules) -> list[tuple[int, int]]:
    """(band, key) pairs of a shingle set's MinHash signature; none for an empty set."""
    if not shingled:
        return []
    from datasketch import MinHash

    signature = MinHash(num_perm=rules.num_perm, seed=SEED)
    signature.update_batch([shingle.encode("utf-8") for shingle in sorted(shingled)])
    values = signature.hashvalues
    rows = rules.num_perm // rules.bands
    return [(band, _key(values[band * rows:(band + 1) * rows].tobytes())) for band in range(rules.bands)]


def _key(data: bytes) -> int:
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "little", signed=True)


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """The Jaccard similarity of two shingle sets (0 when both are empty)."""
    if not a or not b:
        return 0.0
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared)


def original_key(published: date | None, doc_id: str) -> tuple[date, str]:
    """How originals are chosen: the member of a group with the smallest key is its original."""
    return published or date.max, doc_id


__all__ = ["CopyRules", "band_keys", "original_key", "shingles", "similarity"]
