"""The process pool of `ingest --workers N`: each worker builds the pipeline and knowledge base once."""

from __future__ import annotations

import os
from functools import partial
from pathlib import Path

from diplomap.load import default_extractor, fusion_rules, load
from diplomap.store import open_store


def counting_extractor(log: str):
    """The default extractor, noting in ``log`` which process built one."""
    with open(log, "a", encoding="utf-8") as out:
        out.write(f"{os.getpid()}\n")
    return default_extractor()


def test_each_worker_builds_the_extractor_once(articles, tmp_path):
    for copy in range(3):                   # more documents than workers, so each worker takes several
        for path in list(articles.glob("*.txt"))[:5]:
            (articles / f"{copy}-{path.name}").write_text(path.read_text() + f"\nCopy {copy}.\n")
    log = tmp_path / "builds.log"
    with open_store(rules=fusion_rules()) as store:
        summary = load([articles], store, workers=2, extractor_factory=partial(counting_extractor, str(log)))
    builds = Path(log).read_text().split()
    assert summary.documents == 20 and summary.failed == 0
    assert len(builds) == len(set(builds)) <= 2 and str(os.getpid()) not in builds
