"""Copies in the store: which incoming documents copy a stored or incoming one, inside the writer's transaction.

A copy has no reports of its own (see ``diplomap.copies``): its group's original, the member with
the smallest ``original_key``, carries the reports, and fusion lists every copy of it as a source
of its events (rule ``copy-of``). When an incoming document precedes the stored original of its
group, it becomes the original and the stored one a copy (its reports are removed). So the
groups and their originals are the same whatever the order and batching of the documents.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from datetime import date

import pyarrow as pa

from diplomap.copies import CopyRules, Signature, original_key, shingles, signature, similarity

STORED_SHINGLES = 1024         # stored texts whose shingles stay in memory (8 bytes a shingle), a bounded cache
CANDIDATES_PER_GROUP = 3       # stored members of a group, most band keys shared first, checked for a match
# Candidates of each incoming document (a _probe of its band keys): per stored group, the members
# sharing the most band keys, with their text. A group of n copies would otherwise send n texts.
_CANDIDATES = """
    WITH shared AS (
        SELECT p.doc_id AS incoming, b.doc_id AS member, count(*) AS shared
        FROM _probe p JOIN document_bands b ON b.band = p.band AND b.bucket = p.bucket
        WHERE b.doc_id <> p.doc_id GROUP BY p.doc_id, b.doc_id),
    ranked AS (
        SELECT s.incoming, s.member, coalesce(d.copy_of, d.doc_id) AS grp, s.shared,
               row_number() OVER (PARTITION BY s.incoming, coalesce(d.copy_of, d.doc_id)
                                  ORDER BY s.shared DESC, s.member) AS rank
        FROM shared s JOIN documents d ON d.doc_id = s.member)
    SELECT r.incoming, r.member, r.grp, r.shared, d.text FROM ranked r JOIN documents d ON d.doc_id = r.member
    WHERE r.rank <= ? ORDER BY r.incoming, r.shared DESC, r.member"""
BANDS = pa.schema([("doc_id", pa.string()), ("band", pa.int32()), ("bucket", pa.int64())])


@dataclass
class Incoming:
    """A document about to be stored: whether it was extracted (a copy found before extraction was
    not), and its signature (computed here when it comes without one, or with another rules' one)."""

    doc_id: str
    published: date | None
    text: str
    extracted: bool
    signature: Signature | None = None

    def signed(self, rules: CopyRules) -> Signature:
        if self.signature is None or self.signature.shape != rules.shape:
            self.signature = signature(self.text, rules)
        return self.signature


@dataclass
class Resolution:
    """What the store writes: each incoming copy's original and similarity, stored originals that become copies."""

    copy_of: dict[str, tuple[str, float]] = field(default_factory=dict)
    demoted: dict[str, tuple[str, float]] = field(default_factory=dict)   # stored group -> new original, similarity
    originals: set[str] = field(default_factory=set)           # stored originals that gained copies
    bands: pa.Table | None = None


def resolve(engine, incoming: Sequence[Incoming], rules: CopyRules) -> Resolution:
    """Group ``incoming`` with the stored documents they copy; the writes that follow from it."""
    signed = {item.doc_id: item.signed(rules) for item in incoming}
    found = _stored_matches(engine, incoming, rules)
    stored: dict[str, float] = {}         # stored group -> the best similarity of an incoming document to it
    for groups in found.values():
        for group, score in groups.items():
            stored[group] = max(score, stored.get(group, 0.0))
    parent: dict = {}
    best: dict[str, tuple[str, float]] = {}
    for item in incoming:
        for group, score in found.get(item.doc_id, {}).items():
            _union(parent, item.doc_id, ("stored", group))
            _keep_best(best, item.doc_id, group, score)
    for earlier, item, score in _incoming_pairs(incoming, signed, rules):
        _union(parent, item.doc_id, earlier.doc_id)
        _keep_best(best, item.doc_id, earlier.doc_id, score)
    result = Resolution(bands=_band_rows(incoming, rules))
    _choose_originals(engine, incoming, stored, parent, best, result)
    return result


def _incoming_pairs(incoming: Sequence[Incoming], signed: dict[str, Signature], rules: CopyRules):
    """(earlier, later, similarity) of the incoming documents that copy each other, through their band keys."""
    by_band: dict[tuple[int, int], list[int]] = {}
    for position, item in enumerate(incoming):
        mine = signed[item.doc_id]
        candidates = sorted({other for band in mine.bands for other in by_band.get(band, ())})
        for other in candidates:
            score = similarity(signed[incoming[other].doc_id].shingled, mine.shingled)
            if score >= rules.threshold:
                yield incoming[other], item, score
        for band in mine.bands:
            by_band.setdefault(band, []).append(position)


def _keep_best(best: dict, doc_id: str, match: str, score: float) -> None:
    if doc_id not in best or score > best[doc_id][1]:
        best[doc_id] = (match, score)


def _find(parent: dict, node):
    while parent.get(node, node) != node:
        node = parent[node]
    return node


def _union(parent: dict, a, b) -> None:
    first, second = _find(parent, a), _find(parent, b)
    if first != second:
        parent[max(first, second, key=repr)] = min(first, second, key=repr)


def _stored_matches(engine, incoming: Sequence[Incoming], rules: CopyRules) -> dict[str, dict[str, float]]:
    """For each incoming document, the stored groups (original's doc_id) it copies, with the best similarity."""
    probe = _band_rows(incoming, rules)
    if not probe.num_rows:
        return {}
    with engine.table("_probe", probe):
        rows = engine.values(_CANDIDATES, [CANDIDATES_PER_GROUP])
    shingled = {item.doc_id: item.signed(rules).shingled for item in incoming}
    found: dict[str, dict[str, float]] = {}
    for doc_id, _, group, _, text in rows:
        groups = found.setdefault(doc_id, {})
        if group in groups:
            continue                # one confirmed member of a group is enough
        score = similarity(shingled[doc_id], _stored_shingles(text, rules.shingle_words))
        if score >= rules.threshold:
            groups[group] = score
    return found


def _choose_originals(engine, incoming: Sequence[Incoming], stored: dict[str, float], parent: dict, best: dict,
                      result: Resolution) -> None:
    """Per group: the original (the smallest key among extracted members), and who copies it."""
    keys = _stored_originals(engine, set(stored))
    members: dict = {}
    for item in incoming:
        members.setdefault(_find(parent, item.doc_id), []).append(item)
    for group in stored:
        members.setdefault(_find(parent, ("stored", group)), [])
    for root, items in members.items():
        groups = [g for g in stored if _find(parent, ("stored", g)) == root]
        choices = [(original_key(i.published, i.doc_id), i.doc_id) for i in items if i.extracted]
        choices += [(keys[g], g) for g in groups if g in keys]
        if not choices:
            choices = [(original_key(i.published, i.doc_id), i.doc_id) for i in items]
        original = min(choices)[1]
        for item in items:
            if item.doc_id != original:
                result.copy_of[item.doc_id] = (original, best.get(item.doc_id, (original, 1.0))[1])
        for group in groups:
            if group != original:
                result.demoted[group] = (original, stored[group])
            elif items:
                result.originals.add(group)


@lru_cache(maxsize=STORED_SHINGLES)
def _stored_shingles(text: str, size: int):
    """``shingles`` of a stored text: the members of a group are matched again by each of its copies."""
    return shingles(text, size)


def _stored_originals(engine, groups: set[str]) -> dict[str, tuple]:
    """The key of each stored group whose original is stored as one (a group's original may be gone)."""
    if not groups:
        return {}
    wanted = pa.table({"doc_id": sorted(groups)}, schema=pa.schema([("doc_id", pa.string())]))
    with engine.table("_groups", wanted):
        rows = engine.values("SELECT doc_id, published FROM documents WHERE copy_of IS NULL "
                             "AND doc_id IN (SELECT doc_id FROM _groups)")
    return {doc_id: original_key(published, doc_id) for doc_id, published in rows}


def _band_rows(incoming: Sequence[Incoming], rules: CopyRules) -> pa.Table:
    bands = [(item.doc_id, item.signed(rules).bands) for item in incoming]
    return pa.table({"doc_id": [doc_id for doc_id, keys in bands for _ in keys],
                     "band": [band for _, keys in bands for band, _ in keys],
                     "bucket": [key for _, keys in bands for _, key in keys]}, schema=BANDS)


def stored_originals(engine, incoming: Sequence[Incoming], rules: CopyRules) -> dict[str, list[tuple[tuple, str]]]:
    """For each of ``incoming``, (key, doc_id) of the stored originals of the groups it copies; two queries in all."""
    found = _stored_matches(engine, incoming, rules)
    keys = _stored_originals(engine, {group for groups in found.values() for group in groups})
    return {doc_id: sorted((keys[group], group) for group in groups if group in keys)
            for doc_id, groups in found.items()}
