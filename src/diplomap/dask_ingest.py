"""Extraction on a Dask cluster: documents out to the workers, Parquet shards back.

    summary = extract_to_shards(["articles/"], "shards/", scheduler="tcp://10.0.0.5:8786")
    load_shards(["shards/"], store)          # diplomap.load: into the store, with fusion

This process reads the sources (files, folders, URLs) and sends documents to the
workers in parts of ``part_documents``; each worker builds the extractor once (a cached
function of the spaCy model name, so every task in that worker process reuses it),
extracts, and writes the part's Parquet files into the shard folder, which must be a
path the workers can write and the loader can read (a shared file system). Only a
few parts per worker are in flight at once, so memory stays bounded on both sides.
Needs the ``scale`` extra (``pip install 'diplomap[scale]'``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from diplomap.errors import DiplomapError, InputError

logger = logging.getLogger(__name__)
PART_DOCUMENTS = 200


@dataclass
class ShardSummary:
    """What a Dask extraction wrote."""

    parts: int = 0
    documents: int = 0
    events: int = 0
    failed: int = 0
    workers: int = 0


def extract_to_shards(paths: Iterable[str | Path], folder: str | Path, *, scheduler: str | None = None,
                      client=None, model: str | None = None, pub_date: date | None = None,
                      part_documents: int = PART_DOCUMENTS,
                      on_progress: Callable[[ShardSummary], None] | None = None) -> ShardSummary:
    """Extract the documents of ``paths`` on a Dask cluster into Parquet shards under ``folder``.

    ``client`` is a ``distributed.Client``; else one is connected to ``scheduler`` (an
    address such as ``tcp://host:8786``), else a local cluster is started on this
    machine. Raises DiplomapError when dask.distributed is missing or the cluster fails.
    """
    from diplomap.load import read_all

    try:
        from distributed import Client, as_completed
    except ImportError:
        raise DiplomapError("the dask engine needs dask.distributed: pip install 'diplomap[scale]'") from None
    own = client is None
    if own:
        client = Client(scheduler) if scheduler else Client(processes=True)
    folder = Path(folder).resolve()
    summary = ShardSummary(workers=len(client.scheduler_info().get("workers", {})))
    try:
        in_flight = as_completed()
        limit = max(2, 2 * summary.workers)
        unread: list[InputError] = []
        documents = _documents(read_all(paths, pub_date), unread)
        for number, part in enumerate(_parts(documents, part_documents)):
            in_flight.add(client.submit(extract_part, part, str(folder), f"part-{number:05d}", model, pure=False))
            while in_flight.count() >= limit:
                _count(next(in_flight).result(), summary, on_progress)
        for future in in_flight:
            _count(future.result(), summary, on_progress)
        if unread:        # inputs that could not be read here: a part of failures only
            from diplomap.store.shards import write_shard

            _count(write_shard(folder, "part-unread", [], unread), summary, on_progress)
    except DiplomapError:
        raise
    except Exception as exc:  # the cluster's errors come in many types; say which part of the work failed
        raise DiplomapError(f"extraction on the Dask cluster failed: {type(exc).__name__}: {exc}") from exc
    finally:
        if own:
            client.close()
    return summary


def _documents(items: Iterable, unread: list[InputError]) -> Iterator:
    """The documents of ``items``; the read errors among them go to ``unread``."""
    for item in items:
        if isinstance(item, InputError):
            unread.append(item)
        else:
            yield item


def _parts(items: Iterable, size: int) -> Iterator[list]:
    part = []
    for item in items:
        part.append(item)
        if len(part) >= size:
            yield part
            part = []
    if part:
        yield part


def _count(counts: dict, summary: ShardSummary, on_progress) -> None:
    summary.parts += 1
    summary.documents += counts["documents"]
    summary.events += counts["reports"]
    summary.failed += counts["failures"]
    if on_progress is not None:
        on_progress(summary)


@cache
def worker_extractor(model: str | None):
    """The extractor of a worker process, built on its first task and kept for the next ones."""
    from diplomap.load import default_extractor

    return default_extractor(model)


def extract_part(documents: list, folder: str, part: str, model: str | None) -> dict[str, int]:
    """On a worker: extract a part's documents and write its shard files; rows written per table."""
    from diplomap.load import _extract_one
    from diplomap.store.shards import write_shard

    extractor = worker_extractor(model)
    extracted, failures = [], []
    for document in documents:
        outcome = _extract_one(extractor, document)
        if outcome.error is not None:
            failures.append(outcome.error)
        else:
            extracted.append(outcome.extracted)
    return write_shard(folder, part, extracted, failures)


__all__ = ["PART_DOCUMENTS", "ShardSummary", "extract_part", "extract_to_shards", "worker_extractor"]
