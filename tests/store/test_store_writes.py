"""Writes: idempotent ingest, replacement of changed documents, fusion, failures, atomic batches."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

import pytest

from diplomap.errors import StoreError
from diplomap.extract import Extractor
from diplomap.load import load
from diplomap.models import Document, Event, Evidence, Place, TimeSpan
from diplomap.nlp.pipeline import build_pipeline
from diplomap.store import ExtractedDocument, open_store


def small_extractor(kb):
    """Module-level, so a process pool can build it in each worker."""
    return Extractor(kb=kb, nlp=build_pipeline(kb))


def fused_sources(store) -> set[tuple[str, ...]]:
    return {tuple(record["sources"]) for record in store.events()}


def test_ingest_stores_documents_reports_roles_and_people(store, ingest, corpus):
    summary = ingest([corpus], store)
    counts = store.counts()
    assert summary.documents == counts["documents"] == 4
    assert summary.events == counts["reports"] >= 4 and summary.failed == 0
    roles = dict(store.engine.values("SELECT role, count(*) FROM participants GROUP BY 1"))
    assert roles["source"] >= 1 and roles["organization"] >= 1
    people = {row[0] for row in store.engine.values("SELECT name FROM people")}
    assert "Ilham Aliyev" in people
    documents = {row["origin"].rsplit("/", 1)[-1]: row for row in store.documents()}
    assert documents["call.txt"]["published"].isoformat() == "2024-12-29"
    assert documents["call.txt"]["tier"] == "rules" and documents["call.txt"]["kb_version"] == "test"


def test_ingesting_again_adds_nothing(tmp_path, rules, ingest, corpus):
    path = tmp_path / "events.duckdb"
    with open_store(path, rules=rules) as store:
        ingest([corpus], store)
        before = store.counts()
        ids = {r["event_id"] for r in store.events()}
    with open_store(path, rules=rules) as store:
        again = ingest([corpus, corpus / "call.txt"], store)
        assert store.counts() == before
        assert {r["event_id"] for r in store.events()} == ids
    assert (again.documents, again.events, again.skipped) == (0, 0, 4)


def test_a_changed_document_replaces_its_old_version(store, ingest, corpus):
    ingest([corpus], store)
    before = store.counts()
    old_reports = {r["event_id"] for r in store.reports() if r["participants"] == ["AZE", "KAZ"]}
    article = corpus / "astana.txt"
    article.write_text(article.read_text(encoding="utf-8").replace("20 October", "19 October"), encoding="utf-8")
    summary = ingest([corpus], store)
    assert (summary.documents, summary.replaced, summary.skipped) == (1, 1, 3)
    assert store.counts() == before
    dates = {r["date_start"] for r in store.reports() if set(r["participants"]) == {"AZE", "KAZ"}}
    assert dates == {"2025-10-19"}
    assert not old_reports & {r["event_id"] for r in store.reports()}
    assert store.engine.values("SELECT count(*) FROM participants WHERE event_id NOT IN "
                               "(SELECT event_id FROM reports)")[0][0] == 0


def test_a_stated_doc_id_with_new_text_replaces_the_old_text(store, ingest, tmp_path):
    dump = tmp_path / "wire.jsonl"
    line = {"doc_id": "wire-1", "published": "2025-10-21", "text": "President Ilham Aliyev met Kazakh President "
            "Kassym-Jomart Tokayev in Astana on 20 October 2025."}
    dump.write_text(json.dumps(line) + "\n", encoding="utf-8")
    ingest([dump], store)
    line["text"] = line["text"].replace("Astana", "Baku")
    dump.write_text(json.dumps(line) + "\n", encoding="utf-8")
    summary = ingest([dump], store)
    assert summary.replaced == 1 and store.counts()["documents"] == 1
    assert {r["location"]["name"] for r in store.reports() if r["location"]} == {"Baku"}


def test_items_moving_in_a_stream_do_not_replace_each_other(store, ingest, tmp_path):
    texts = [f"Vladimir Putin held a telephone conversation with Ilham Aliyev on {day} December 2024."
             for day in (26, 27, 28)]
    dump = tmp_path / "stream.jsonl"
    dump.write_text("".join(json.dumps({"text": t}) + "\n" for t in texts[1:]), encoding="utf-8")
    ingest([dump], store)
    dump.write_text("".join(json.dumps({"text": t}) + "\n" for t in texts), encoding="utf-8")
    summary = ingest([dump], store)
    assert (summary.documents, summary.replaced) == (1, 0)
    assert store.counts()["documents"] == 3


def test_two_articles_on_one_summit_fuse_and_other_events_do_not(store, ingest, corpus):
    ingest([corpus], store)
    summits = [r for r in store.events() if r["organization"] == "EPC" and r["mode"] == "multilateral"]
    assert len(summits) == 1
    [summit] = summits
    assert summit["source_count"] == 2 and len(summit["sources"]) == 2
    assert summit["date_start"] == "2025-10-02" and summit["location"]["name"] == "Copenhagen"
    rules = {row[0] for row in store.engine.values(
        "SELECT fusion_rule FROM event_sources WHERE canonical_id = ?", [summit["event_id"]])}
    assert "anchor" in rules and any("same-forum" in rule and "overlapping-dates" in rule for rule in rules)
    singles = [r for r in store.events() if r["organization"] != "EPC"]
    assert singles and all(r["source_count"] == 1 for r in singles)


def grounded(doc_id: str, kind: str, participants: tuple[str, ...], grounds: tuple, confidence: float) -> ExtractedDocument:
    """A document of one sentence and its one event, whose participants are grounded by ``grounds``."""
    text = f"The sentence of {doc_id}."
    event = Event(doc_id=doc_id, event_type=kind, mode=None, status="occurred", source_actors=participants[:1],
                  target_actors=participants[1:2], participants=participants, evidence=Evidence(text, 0, len(text)),
                  time=TimeSpan(date(2025, 10, 2), date(2025, 10, 2), "day"),
                  location=Place("Copenhagen", "DNK", 55.68, 12.57), confidence=confidence,
                  participant_sources=grounds)
    return ExtractedDocument(Document(doc_id, text, published=date(2025, 10, 3), origin=f"{doc_id}.txt"), (event,))


def test_reports_and_fused_events_keep_why_each_participant_is_in_them(store):
    items = [
        grounded("doc-a", "CONSULT", ("AZE", "DNK"), (("AZE", "named: Aliyev"), ("DNK", "place: Copenhagen")), 0.6),
        grounded("doc-b", "CONSULT", ("AZE", "DNK"), (("AZE", "pronoun: Ilham Aliyev"),), 0.8),
        grounded("doc-c", "REJECT", ("RUS", "AZE"), (("RUS", "earlier sentence"), ("AZE", "named: Baku")), 0.7),
        grounded("doc-d", "ACCUSE", ("TUR",), (), 0.7),           # none recorded
    ]
    store.write_batch(items)
    events = {item.document.doc_id: item.events[0] for item in items}
    assert sorted(store.reports(), key=lambda r: r["doc_id"]) == [events[doc].to_dict() for doc in sorted(events)]
    expected = {
        ("doc-a", "doc-b"): {"AZE": "pronoun: Ilham Aliyev", "DNK": "place: Copenhagen"},   # the surer report's
        ("doc-c",): {"RUS": "earlier sentence", "AZE": "named: Baku"},                      # a lone report's own
        ("doc-d",): {},
    }
    fused = {tuple(record["sources"]): record["participant_sources"] for record in store.events()}
    assert fused == expected
    store.refuse()
    assert {tuple(record["sources"]): record["participant_sources"] for record in store.events()} == expected
    [summit] = [record for record in store.events() if record["source_count"] == 2]
    detail = store.event_detail(summit["event_id"])
    assert detail["event"]["participant_sources"] == expected[("doc-a", "doc-b")]
    assert [source["report"]["participant_sources"] for source in detail["sources"]] == [
        {"AZE": "named: Aliyev", "DNK": "place: Copenhagen"}, {"AZE": "pronoun: Ilham Aliyev"}]


@pytest.mark.parametrize("batch", [1, 2, 100])
def test_fusing_batch_by_batch_equals_fusing_everything_at_once(store, ingest, corpus, batch):
    ingest([corpus], store, batch_documents=batch)
    incremental = fused_sources(store)
    assert len(store.engine.values("SELECT event_id FROM event_sources")) == store.counts()["reports"]
    store.refuse()
    assert fused_sources(store) == incremental


def test_removing_a_source_refuses_its_event(store, ingest, corpus):
    ingest([corpus], store)
    (corpus / "summit-b.txt").write_text("Aliyev in Denmark\ndate: 2025-10-04\n\nPresident Ilham Aliyev met "
                                        "Kazakh President Kassym-Jomart Tokayev in Astana on 1 March 2025.\n",
                                        encoding="utf-8")
    ingest([corpus], store)
    [summit] = [r for r in store.events() if r["organization"] == "EPC" and r["mode"] == "multilateral"]
    assert summit["source_count"] == 1


def test_bad_inputs_are_recorded_and_cleared_once_they_read(store, ingest, corpus):
    empty = corpus / "empty.txt"
    empty.write_text("", encoding="utf-8")
    errors = []
    summary = ingest([corpus, corpus / "missing.txt"], store, on_error=errors.append)
    assert summary.failed == 2 and summary.documents == 4
    failures = {row["origin"].rsplit("/", 1)[-1]: row["reason"] for row in store.failures()}
    assert set(failures) == {"empty.txt", "missing.txt"} and "empty" in failures["empty.txt"]
    assert len(errors) == 2
    empty.write_text("Vladimir Putin held a telephone conversation with Ilham Aliyev on 3 May 2025.\n",
                     encoding="utf-8")
    ingest([corpus], store)
    assert {row["origin"].rsplit("/", 1)[-1] for row in store.failures()} == {"missing.txt"}


def test_a_batch_that_fails_commits_nothing(store, ingest, corpus, monkeypatch):
    real = store.engine.insert

    def failing_on_people(name, data):
        if name == "people":          # after documents, reports and roles went in
            raise store.engine.Error("disk full")
        real(name, data)

    monkeypatch.setattr(store.engine, "insert", failing_on_people)
    with pytest.raises(StoreError, match="rolled back"):
        ingest([corpus / "call.txt"], store)
    monkeypatch.undo()
    assert store.counts() == {"documents": 0, "reports": 0, "events": 0, "sources": 0, "failures": 0}
    assert store.pending_fusion() == 0


def test_fusion_waits_for_the_end_of_a_load_and_survives_a_crash(rules, tmp_path, corpus, extractor):
    from diplomap.store.records import ExtractedDocument
    from diplomap.ingest import read_sources

    path = tmp_path / "pending.duckdb"
    items = [ExtractedDocument(d, tuple(extractor.extract(d)), "rules", "test") for d in read_sources([corpus])]
    with open_store(path, rules=rules) as store:
        store.write_batch(items, fuse=False)
        assert store.counts()["events"] == 0 and store.pending_fusion() == store.counts()["reports"]
    with open_store(path, rules=rules) as store:       # as after a crash: opening fuses what was pending
        assert store.pending_fusion() == 0
        fused = fused_sources(store)
        store.refuse()
        assert fused_sources(store) == fused and len(fused) < store.counts()["reports"]



def test_a_fusion_too_large_for_the_capped_memory_runs_again_without_the_cap(rules, tmp_path, corpus, extractor,
                                                                             monkeypatch):
    from diplomap.ingest import read_sources
    from diplomap.store import fusion
    from diplomap.store.records import ExtractedDocument

    items = [ExtractedDocument(d, tuple(extractor.extract(d)), "rules", "test") for d in read_sources([corpus])]
    real, limits = fusion.refresh_pending, []

    def short_of_memory(engine, fusion_rules):
        limits.append(engine.values("SELECT current_setting('memory_limit')")[0][0])
        if len(limits) == 1:
            engine.execute("DELETE FROM fusion_pending")      # half done: rolled back, or the retry finds nothing
            raise engine.OutOfMemory("Out of Memory Error: failed to allocate data of size 16.0 MiB")
        return real(engine, fusion_rules)

    with open_store(tmp_path / "big.duckdb", rules=rules) as store, store.loading():
        store.write_batch(items, fuse=False)
        monkeypatch.setattr(fusion, "refresh_pending", short_of_memory)
        assert store.fuse_pending() > 0
        capped = store.engine.values("SELECT current_setting('memory_limit')")[0][0]
    assert limits[0] == capped != limits[1]                  # the second try ran with DuckDB's own limit
    with open_store(tmp_path / "big.duckdb", rules=rules) as store:
        assert store.pending_fusion() == 0 and store.counts()["events"] > 0


def test_extraction_in_worker_processes_gives_the_same_store(rules, small_kb, corpus, ingest):
    from functools import partial

    with open_store(":memory:", rules=rules) as one, open_store(":memory:", rules=rules) as pooled:
        ingest([corpus], one)
        summary = load([str(corpus)], pooled, workers=2, extractor_factory=partial(small_extractor, small_kb))
        assert summary.documents == 4 and summary.tier == "rules"
        assert {r["event_id"] for r in pooled.reports()} == {r["event_id"] for r in one.reports()}
        assert fused_sources(pooled) == fused_sources(one)


def test_a_store_held_by_another_process_is_a_clear_error(tmp_path):
    path = tmp_path / "held.duckdb"
    open_store(path).close()
    holder = subprocess.Popen([sys.executable, "-c", f"import duckdb, time; c = duckdb.connect({str(path)!r}); "
                               "print('open', flush=True); time.sleep(60)"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        with pytest.raises(StoreError, match="held.duckdb: cannot open the store"):
            open_store(path)
    finally:
        holder.kill()
        holder.communicate()
    with pytest.raises(StoreError, match="no such folder|No such file"):
        open_store(tmp_path / "no-such-folder" / "x.duckdb")
    with pytest.raises(StoreError, match="no such store"):
        open_store(tmp_path / "absent.duckdb", create=False)
