"""Copies (issue 17): an article republished under another URL, header or footer is one more source
of the original's events, never new events; the same whatever the order, batching or delay."""

from __future__ import annotations

import itertools
import json

import pytest

from diplomap.copies import CopyRules, shingles, similarity
from diplomap.errors import DiplomapError
from diplomap.load import load
from diplomap.store import open_store

BODY = (
    "President Ilham Aliyev met Kazakh President Kassym-Jomart Tokayev in Astana on 20 October 2025. "
    "The two leaders discussed trade along the Middle Corridor, the shipping of oil across the Caspian Sea "
    "and the work of their joint commission, which will meet again next spring. They reviewed a programme "
    "of visits by ministers, and agreed that their governments would prepare a plan for new rail links "
    "before the end of the year. Officials described the talks as warm and practical."
)
ORIGINAL = {"doc_id": "baku-news/1", "url": "https://baku.example/aliyev-tokayev", "published": "2025-10-21",
            "title": "Aliyev and Tokayev meet in Astana", "text": BODY}
COPY = {"doc_id": "wire/77", "url": "https://wire.example/world/77", "published": "2025-10-22",
        "title": "Aliyev and Tokayev meet in Astana",
        "text": "Caspian Wire | World news\n\n" + BODY.replace("warm and practical", "warm and very practical")
                + "\n\nFollow Caspian Wire for more news. (c) Caspian Wire 2025."}
# The same day, another act: a phone call, told in other words; it must stay its own event.
OTHER = {"doc_id": "baku-news/2", "url": "https://baku.example/putin-call", "published": "2025-10-21",
         "title": "Putin calls Aliyev",
         "text": "Vladimir Putin held a telephone conversation with Ilham Aliyev on 20 October 2025. "
                 "The presidents spoke about the situation in the region and about the railway projects "
                 "that both countries plan, and they exchanged greetings before the holidays."}


def write(path, records):
    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    return path


def ingest(tmp_path, extractor, rules, batches, batch_documents=32, copy_rules=None):
    """Load each list of records of ``batches`` in turn into one store; its documents and fused events."""
    with open_store(rules=rules, copy_rules=copy_rules) as store:
        for number, records in enumerate(batches):
            load([write(tmp_path / f"batch-{number}.jsonl", records)], store,
                 extractor_factory=lambda: extractor, batch_documents=batch_documents)
        documents = {row["doc_id"]: {key: row[key] for key in ("copy_of", "copy_similarity", "reports")}
                     for row in store.documents()}
        events = sorted((record["event_id"], tuple(record["sources"])) for record in store.events())
        rules_of = sorted(store.engine.values("SELECT doc_id, fusion_rule FROM event_sources "
                                              "WHERE fusion_rule = 'copy-of'"))
    return documents, events, rules_of


def test_the_copy_and_its_original_are_near_and_the_other_article_is_not():
    original, copy, other = (shingles(record["text"], 5) for record in (ORIGINAL, COPY, OTHER))
    assert similarity(original, copy) >= CopyRules().threshold > similarity(original, other)


def test_a_republished_copy_is_another_source_of_its_originals_events(tmp_path, extractor, rules):
    documents, events, copy_rules = ingest(tmp_path, extractor, rules, [[ORIGINAL, COPY, OTHER]])
    alone, without_copy, _ = ingest(tmp_path, extractor, rules, [[ORIGINAL, OTHER]])
    assert documents["wire/77"]["copy_of"] == "baku-news/1" and documents["wire/77"]["reports"] == 0
    assert documents["baku-news/1"]["copy_of"] is None and documents["baku-news/2"]["copy_of"] is None
    assert documents["wire/77"]["copy_similarity"] >= 0.8
    assert len(events) == len(without_copy) >= 2            # the copy adds sources, not events
    assert {sources for _, sources in events} == {
        tuple(sorted({*sources, "wire/77"})) if "baku-news/1" in sources else sources for _, sources in without_copy}
    assert copy_rules and {doc for doc, _ in copy_rules} == {"wire/77"}
    assert all("baku-news/2" not in sources or len(sources) == 1 for _, sources in events)   # the call stays apart


def test_order_batching_and_a_late_copy_give_the_same_result(tmp_path, extractor, rules):
    expected = ingest(tmp_path, extractor, rules, [[ORIGINAL, COPY, OTHER]])
    for order in itertools.permutations([ORIGINAL, COPY, OTHER]):
        assert ingest(tmp_path, extractor, rules, [list(order)], batch_documents=1) == expected, order
    assert ingest(tmp_path, extractor, rules, [[COPY], [OTHER], [ORIGINAL]]) == expected   # the copy first
    assert ingest(tmp_path, extractor, rules, [[ORIGINAL, OTHER], [COPY]]) == expected    # a month later


def test_copy_detection_can_be_turned_off_and_its_threshold_is_checked(tmp_path, extractor, rules):
    documents, events, copy_rules = ingest(tmp_path, extractor, rules, [[ORIGINAL, COPY]],
                                           copy_rules=CopyRules(enabled=False))
    assert documents["wire/77"]["copy_of"] is None and documents["wire/77"]["reports"] > 0 and not copy_rules
    with pytest.raises(Exception, match="copy threshold 1.5"):
        CopyRules(threshold=1.5)


class FailsOn:
    """An extractor that fails on one document and extracts the others with ``inner``."""

    def __init__(self, inner, doc_id: str):
        self.inner, self.doc_id, self.tier = inner, doc_id, inner.tier

    def extract(self, document):
        if document.doc_id == self.doc_id:
            raise DiplomapError(f"{document.doc_id}: cannot extract")
        return self.inner.extract(document)


@pytest.mark.parametrize("batch_documents", [1, 32])
def test_a_copy_whose_original_fails_extraction_is_extracted_itself(tmp_path, extractor, rules, batch_documents):
    failing = FailsOn(extractor, ORIGINAL["doc_id"])
    with open_store(rules=rules) as store:
        summary = load([write(tmp_path / "both.jsonl", [ORIGINAL, COPY])], store, extractor_factory=lambda: failing,
                       batch_documents=batch_documents)
        documents = {row["doc_id"]: (row["copy_of"], row["reports"]) for row in store.documents()}
    alone, _, _ = ingest(tmp_path, extractor, rules, [[COPY]])
    assert (summary.failed, summary.copies) == (1, 0)
    assert documents == {COPY["doc_id"]: (None, alone[COPY["doc_id"]]["reports"])}
    assert documents[COPY["doc_id"]][1] > 0
