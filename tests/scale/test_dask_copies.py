"""Copies through the Dask path (issue 17): a republished article extracted on the cluster into
shards and put into the store by ``load_shards`` (``Store.write_tables``) joins its original's
events as a source and makes no event of its own, in one load or in a later one."""

from __future__ import annotations

import json

import pytest

from diplomap.dask_ingest import extract_to_shards
from diplomap.load import fusion_rules, load_shards
from diplomap.store import open_store

# Written for this test: a visit reported by one outlet, republished by another with its own header and footer.
BODY = (
    "Kazakh President Kassym-Jomart Tokayev arrived in Baku on 11 March 2025 for a two-day state visit "
    "and held talks with President Ilham Aliyev on the Middle Corridor. The two presidents signed a "
    "declaration on strategic partnership and agreed to expand freight along the Caspian route. Their "
    "ministers will meet again in the autumn to review the work of the joint commission on trade."
)
ORIGINAL = {"doc_id": "baku-daily/311", "url": "https://baku-daily.example/tokayev-visit",
            "published": "2025-03-12", "title": "Kazakh leader visits Baku", "text": BODY}
COPY = {"doc_id": "steppe-wire/9", "url": "https://steppe-wire.example/region/9", "published": "2025-03-13",
        "title": "Kazakh leader visits Baku",
        "text": "Steppe Wire | Region\n\n" + BODY + "\n\nShare this story. All rights reserved, Steppe Wire 2025."}


def shards(tmp_path, dask_client, name: str, record: dict):
    source = tmp_path / f"{name}.jsonl"
    source.write_text(json.dumps(record) + "\n", encoding="utf-8")
    folder = tmp_path / f"shards-{name}"
    written = extract_to_shards([source], folder, client=dask_client, part_documents=1)
    assert written.documents == 1 and written.failed == 0
    return folder


def contents(store) -> tuple[dict, list, list]:
    documents = {row["doc_id"]: (row["copy_of"], row["reports"], row["copy_similarity"]) for row in store.documents()}
    events = sorted((record["event_id"], tuple(record["sources"])) for record in store.events())
    copy_rules = store.engine.values("SELECT doc_id FROM event_sources WHERE fusion_rule = 'copy-of'")
    return documents, events, sorted(doc_id for doc_id, in copy_rules)


@pytest.mark.parametrize("later", [False, True], ids=["one-load", "copy-in-a-later-load"])
def test_a_copy_from_shards_is_a_source_of_its_originals_events_not_a_new_event(tmp_path, dask_client, later):
    rules = fusion_rules()
    original, copy = shards(tmp_path, dask_client, "original", ORIGINAL), shards(tmp_path, dask_client, "copy", COPY)
    with open_store(tmp_path / "alone.duckdb", rules=rules) as alone:
        load_shards([original], alone)
        _, expected, _ = contents(alone)
    with open_store(tmp_path / "both.duckdb", rules=rules) as store:
        for folders in ([original], [copy]) if later else ([original, copy],):
            load_shards(folders, store)
        documents, events, copy_sources = contents(store)
    assert expected, "the original must give at least one event for this test to mean anything"
    assert documents[COPY["doc_id"]][:2] == (ORIGINAL["doc_id"], 0) and documents[COPY["doc_id"]][2] >= 0.8
    assert documents[ORIGINAL["doc_id"]][0] is None and documents[ORIGINAL["doc_id"]][1] > 0
    assert events == [(event_id, tuple(sorted({*sources, COPY["doc_id"]}))) for event_id, sources in expected]
    assert copy_sources == [COPY["doc_id"]] * len(expected)
