"""A killed ingest loses nothing it committed, and a re-run completes it without duplicates."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import duckdb

ARTICLES = 200
LEADERS = [("Ilham Aliyev", "Kassym-Jomart Tokayev", "Astana"), ("Ilham Aliyev", "Vladimir Putin", "Moscow"),
           ("Ilham Aliyev", "Recep Tayyip Erdogan", "Ankara"), ("Xi Jinping", "Ilham Aliyev", "Beijing")]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September"]
DIPLOMAP = Path(sys.executable).with_name("diplomap")


def write_articles(folder: Path) -> None:
    """Small generated articles, each different (a numbered headline, its own day)."""
    folder.mkdir()
    for n in range(ARTICLES):
        host, guest, city = LEADERS[n % len(LEADERS)]
        month, day = MONTHS[n % len(MONTHS)], 1 + n % 28
        (folder / f"brief-{n:03d}.txt").write_text(
            f"Briefing {n}: talks in {city}\ndate: 2025-10-{1 + n % 28:02d}\n\n"
            f"{host} met {guest} in {city} on {day} {month} 2025 to discuss transit and energy.\n",
            encoding="utf-8")


def ingest(folder: Path, db: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([str(DIPLOMAP), "-v", "ingest", str(folder), "--db", str(db), *extra],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def stored(db: Path) -> tuple[list[tuple], list[tuple], list[tuple]]:
    conn = duckdb.connect(str(db), read_only=True)
    try:
        documents = conn.execute("SELECT doc_id, origin, report_count FROM documents ORDER BY 1").fetchall()
        reports = conn.execute("SELECT doc_id, event_id FROM reports ORDER BY 1, 2").fetchall()
        sources = conn.execute("SELECT event_id, count(*) FROM event_sources GROUP BY 1 ORDER BY 1").fetchall()
    finally:
        conn.close()
    return documents, reports, sources


def test_a_killed_ingest_resumes_without_loss_or_duplicates(tmp_path):
    folder, crashed, clean = tmp_path / "articles", tmp_path / "crashed.duckdb", tmp_path / "clean.duckdb"
    write_articles(folder)
    reference = ingest(folder, clean)
    victim = ingest(folder, crashed, "--batch-size", "2")
    for line in victim.stderr:
        if "committed batch" in line:
            os.kill(victim.pid, signal.SIGKILL)
            break
    victim.wait()
    victim.stderr.close()
    assert victim.returncode == -signal.SIGKILL

    partial_documents, partial_reports, _ = stored(crashed)
    assert 0 < len(partial_documents) < ARTICLES, "the kill should land mid-ingest"
    assert all(count == sum(1 for doc, _ in partial_reports if doc == doc_id)
               for doc_id, _, count in partial_documents), "a document committed without all its reports"

    rerun = ingest(folder, crashed)
    _, errors = rerun.communicate()
    assert rerun.returncode == 0, errors
    assert f"{len(partial_documents)} skipped" in errors
    reference.communicate()
    assert reference.returncode == 0

    documents, reports, sources = stored(crashed)
    assert len(documents) == ARTICLES and len({origin for _, origin, _ in documents}) == ARTICLES
    assert stored(clean) == (documents, reports, sources)
    assert len(reports) == len(set(reports)) and all(count == 1 for _, count in sources)
    assert {event_id for event_id, _ in sources} == {event_id for _, event_id in reports}
