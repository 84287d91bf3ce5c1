"""End to end over the bundled sample corpus and, when present, ../shared/corpus."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from diplomap.extract import Extractor
from diplomap.ingest import read_sources
from diplomap.models import Document

ROOT = Path(__file__).resolve().parents[2]
SHARED_CORPUS = ROOT.parent / "shared" / "corpus"


@pytest.fixture(scope="module")
def full_extractor():
    return Extractor()


def test_sample_corpus_reads_and_yields_events_in_every_article(full_extractor):
    folder = ROOT / "samples" / "corpus"
    documents = [d for d in read_sources([folder]) if isinstance(d, Document)]
    expected = sum(1 for p in folder.iterdir() if p.suffix in (".txt", ".md", ".html")) + sum(
        len(p.read_text(encoding="utf-8").splitlines()) for p in folder.glob("*.jsonl"))
    assert len(documents) == expected
    silent = [d.origin for d in documents if not full_extractor.extract(d)]
    assert silent == []


@pytest.mark.skipif(not SHARED_CORPUS.exists(), reason="../shared/corpus is not present")
def test_shared_corpus_summits_are_multilateral_with_forum_place_and_days(full_extractor):
    (document,) = read_sources([SHARED_CORPUS / "strategic-autonomy-summits.txt"], date(2025, 10, 12))
    summits = {
        (e.organization, e.location.name if e.location else None, e.date_start, e.date_end)
        for e in full_extractor.extract(document)
        if e.event_type == "CONSULT" and e.mode == "multilateral" and e.time.precision == "day"
    }
    assert summits >= {
        ("EPC", "Copenhagen", "2025-10-01", "2025-10-02"),
        ("OTS", "Gabala", "2025-10-06", "2025-10-07"),
        ("CIS", "Dushanbe", "2025-10-09", "2025-10-10"),
    }


@pytest.mark.skipif(not SHARED_CORPUS.exists(), reason="../shared/corpus is not present")
def test_shared_corpus_analysis_pieces_do_not_invent_events(full_extractor):
    for name in ("east-west-pragmatism.txt", "expanding-diplomatic-trajectory.txt"):
        (document,) = read_sources([SHARED_CORPUS / name], date(2025, 3, 1))
        occurred = [e for e in full_extractor.extract(document) if e.status == "occurred"]
        sentences = len([s for s in document.text.split(".") if s.strip()])
        assert len(occurred) <= sentences // 5, [e.evidence.text for e in occurred]
