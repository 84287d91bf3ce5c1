"""Sources to the store: read, extract (in a process pool if asked), write in batches.

    summary = load(["articles/"], store, workers=4)

Reading and the single store writer stay in this process; extraction runs in worker
processes, each loading the pipeline and knowledge base once. A document already
stored with the same text is skipped before extraction. Every batch of documents is
one transaction, so a crash loses at most the batch in flight, and a re-run picks
up where the last commit left off. Bad inputs never stop the batch: each is
reported to ``on_error``, recorded in the store's failures, and counted. Fusion
runs once, when all batches are in (see ``Store.fuse_pending``); after a crash the
store fuses what was left pending when it is next opened.
"""

from __future__ import annotations

import itertools
import logging
import multiprocessing
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from datetime import date
from functools import partial
from pathlib import Path

from diplomap.copies import Signature, original_key, signature, similarity
from diplomap.errors import DiplomapError, InputError, PipelineError, StoreError
from diplomap.fuse import PUBLICATION_DAYS, FusionRules
from diplomap.models import Document
from diplomap.store import ExtractedDocument, Store

logger = logging.getLogger(__name__)
BATCH_DOCUMENTS = 32
BATCH_SECONDS = 5.0
CHECK_DOCUMENTS = 32         # documents checked for copies with one look-up in the store's index
SHARD_REPORTS = 200_000      # reports per transaction of load_shards (a few large ones load fastest)


@dataclass
class LoadSummary:
    """Counts of one load, updated as it goes."""

    documents: int = 0      # stored (new or changed)
    events: int = 0         # reports stored
    skipped: int = 0        # already stored with the same text
    copies: int = 0         # copies of an original found before extraction (stored, not extracted)
    replaced: int = 0       # older versions replaced
    failed: int = 0         # inputs that could not be read or extracted
    batches: int = 0
    tier: str | None = None


@dataclass(frozen=True)
class _Outcome:
    document: Document
    extracted: ExtractedDocument | None
    error: InputError | None


def fusion_rules(kb=None, publication_days: int = PUBLICATION_DAYS) -> FusionRules:
    """Fusion rules from a knowledge base (the shipped one, without cities, by default)."""
    if kb is None:
        from diplomap.kb import KnowledgeBase

        kb = KnowledgeBase.load(cities=False)
    return FusionRules(frozenset(state.name.casefold() for state in kb.states.values()), publication_days)


def default_extractor(model: str | None = None):
    from diplomap.extract import Extractor

    return Extractor(model=model)


def extractor_for_model(model: str | None):
    """A picklable factory for ``default_extractor`` with a given spaCy model."""
    return partial(default_extractor, model)


def load(
    paths: Iterable[str | Path],
    store: Store,
    *,
    pub_date: date | None = None,
    workers: int = 1,
    extractor_factory: Callable[[], object] | None = None,
    batch_documents: int = BATCH_DOCUMENTS,
    on_progress: Callable[[LoadSummary], None] | None = None,
    on_error: Callable[[InputError], None] | None = None,
) -> LoadSummary:
    """Read ``paths`` (files, folders, http(s) URLs), extract events from new or changed documents, store them.

    ``extractor_factory`` builds the extractor (in each worker when ``workers`` > 1; it
    must then be picklable, e.g. a module-level function or a functools.partial).
    Raises StoreError when the store cannot be written; documents committed before stay.
    """
    factory = extractor_factory or default_extractor
    summary = LoadSummary()
    check = _CopyCheck(store)
    writer = _Writer(store, summary, batch_documents, on_progress, on_error, check)
    candidates = _candidates(read_all(paths, pub_date), store, summary, writer, on_error)
    with store.loading():
        for outcome in _extract_all(candidates, factory, workers, store.pause, check):
            if outcome.error is not None:
                _failed(outcome.error, summary, writer, on_error)
            else:
                summary.tier = outcome.extracted.tier
                writer.add(outcome.extracted)
        writer.flush()
        canonical = store.fuse_pending()
    logger.info("fused: %d canonical events rewritten", canonical)
    return summary


def load_shards(folders: Iterable[str | Path], store: Store,
                on_progress: Callable[[LoadSummary], None] | None = None) -> LoadSummary:
    """Put the Parquet shards of a Dask ingest (see ``diplomap.store.shards``) into ``store``, then fuse.

    Consecutive parts holding together SHARD_REPORTS reports or more are one transaction;
    documents stored already with the same text are skipped, changed ones replace their
    older version, as in ``load``. Raises StoreError for a folder that is not a shard
    folder or a part that cannot be read.
    """
    from diplomap.store.shards import read_parts

    summary = LoadSummary()
    with store.loading():
        for tables, failures in read_parts(list(folders), reports=SHARD_REPORTS):
            result = store.write_tables(tables, failures)
            summary.documents += result.documents
            summary.events += result.reports
            summary.replaced += result.replaced
            summary.skipped += result.skipped
            summary.failed += result.failures
            summary.batches += 1
            tiers = tables["documents"]["tier"].drop_null().unique().to_pylist()
            summary.tier = tiers[0] if tiers else summary.tier
            if on_progress is not None:
                on_progress(summary)
        canonical = store.fuse_pending()
    logger.info("fused: %d canonical events rewritten", canonical)
    return summary


def read_all(paths: Iterable[str | Path], pub_date: date | None = None) -> Iterator[Document | InputError]:
    """Documents and errors from files, folders and http(s) URLs (pages and feeds)."""
    from diplomap.fetch import fetch_sources, is_url
    from diplomap.ingest import read_sources

    paths = list(paths)
    urls = [path for path in paths if is_url(path)]
    files = [path for path in paths if not is_url(path)]
    if files:
        yield from read_sources(files, pub_date)
    if urls:
        yield from fetch_sources(urls, pub_date)


def _candidates(items, store: Store, summary: LoadSummary, writer: _Writer, on_error) -> Iterator[Document]:
    """The documents that need extraction; errors and unchanged documents are dealt with here."""
    seen: set[str] = set()
    for item in items:
        if isinstance(item, InputError):
            _failed(item, summary, writer, on_error)
        elif item.doc_id in seen or store.is_stored(item):
            summary.skipped += 1
            writer.tick()
        else:
            seen.add(item.doc_id)
            yield item


def _failed(error: InputError, summary: LoadSummary, writer: _Writer, on_error) -> None:
    summary.failed += 1
    writer.failures.append(error)
    if on_error is not None:
        on_error(error)
    writer.tick()


class _CopyCheck:
    """Before extraction: whether a document copies an original stored or on its way to the store
    (``diplomap.copies``); such a copy is stored without extraction. The documents on their way
    are indexed here, in memory, until their batch commits: the rest of the index is the store's.
    Each document's signature is computed once, here, and reused by the store's write."""

    def __init__(self, store: Store):
        self.store, self.rules = store, getattr(store, "copy_rules", None)
        self.waiting: dict[tuple[int, int], list[str]] = {}         # band key -> doc_ids on their way
        self.known: dict[str, tuple[Signature, tuple]] = {}   # doc_id on its way -> (signature, its original's key, id)

    def originals(self, documents: Sequence[Document]) -> list[str | None]:
        """For each of ``documents``, in order, the original it copies if that precedes it, else None
        (it is extracted); one look-up in the store's index for them all."""
        if self.rules is None or not self.rules.enabled:
            return [None] * len(documents)
        signed = [(document, signature(document.text, self.rules)) for document in documents]
        stored = self.store.copy_originals(signed)
        return [self._original(document, signed_, stored.get(document.doc_id, [])) for document, signed_ in signed]

    def signature(self, doc_id: str) -> Signature | None:
        """The signature computed for a document on its way, if any."""
        entry = self.known.get(doc_id)
        return entry[0] if entry else None

    def _original(self, document: Document, signed: Signature, found: list[tuple]) -> str | None:
        waiting = {doc_id for band in signed.bands for doc_id in self.waiting.get(band, ())}
        found = found + [self.known[doc_id][1] for doc_id in sorted(waiting)
                         if similarity(signed.shingled, self.known[doc_id][0].shingled) >= self.rules.threshold]
        mine = (original_key(document.published, document.doc_id), document.doc_id)
        first = min([mine, *found])
        self.known[document.doc_id] = (signed, first)
        for band in signed.bands:
            self.waiting.setdefault(band, []).append(document.doc_id)
        return None if first == mine else first[1]

    def committed(self, doc_ids: Iterable[str]) -> None:
        """Forget documents now in the store (the store's index finds them from now on) or never to be stored."""
        for doc_id in doc_ids:
            entry = self.known.pop(doc_id, None)
            for band in entry[0].bands if entry else ():
                waiting = self.waiting.get(band)
                if waiting and doc_id in waiting:
                    waiting.remove(doc_id)
                    if not waiting:
                        del self.waiting[band]


def _extract_all(documents: Iterator[Document], factory, workers: int,
                 pause: Callable[[], None] = lambda: None, check: _CopyCheck | None = None) -> Iterator[_Outcome]:
    """Extraction outcomes in document order; the extractor is built on the first document.

    ``pause`` is called before the build, which takes seconds: the store lets readers in meanwhile.
    A document that ``check`` finds to copy an original is not extracted: its outcome names the original.
    """
    if check is not None:
        documents = _copies_aside(documents, check)
    first = next(documents, None)
    if first is None:
        return
    pause()
    documents = itertools.chain([first], documents)
    if workers <= 1:
        extractor = factory()
        yield from _orphans_extracted((document if isinstance(document, _Outcome) else _extract_one(extractor, document)
                                       for document in documents), partial(_extract_one, extractor), check)
        return
    # spawn, not fork: a forked child inherits the store's engine threads in an unusable state
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, context, initializer=_init_worker, initargs=(factory,)) as pool:
        yield from _orphans_extracted(_in_pool(documents, pool, workers),
                                      lambda document: _result(pool.submit(_extract_in_worker, document)), check)


def _in_pool(documents: Iterator[Document | _Outcome], pool: ProcessPoolExecutor, workers: int) -> Iterator[_Outcome]:
    pending: deque[Future] = deque()
    for document in documents:
        pending.append(_done(document) if isinstance(document, _Outcome) else pool.submit(_extract_in_worker, document))
        if len(pending) >= workers * 4:        # bounded memory: a few documents per worker in flight
            yield _result(pending.popleft())
    while pending:
        yield _result(pending.popleft())


def _orphans_extracted(outcomes: Iterator[_Outcome], extract: Callable[[Document], _Outcome],
                       check: _CopyCheck | None) -> Iterator[_Outcome]:
    """``outcomes``; but a copy whose original failed extraction is extracted after all, since that
    original will not be stored (copies come after their original: it was on its way when they were checked)."""
    failed: set[str] = set()
    for outcome in outcomes:
        if outcome.error is not None:
            failed.add(outcome.document.doc_id)
            if check is not None:
                check.committed([outcome.document.doc_id])      # later documents must not copy it
        elif outcome.extracted.copy_of in failed:
            logger.info("%s: its original %s failed extraction; extracting it", outcome.document.doc_id,
                        outcome.extracted.copy_of)
            outcome = extract(outcome.document)
        yield outcome


def _copies_aside(documents: Iterator[Document], check: _CopyCheck) -> Iterator[Document | _Outcome]:
    """``documents``, a copy of an original as its outcome (not to extract); checked CHECK_DOCUMENTS at a time."""
    while chunk := list(itertools.islice(documents, CHECK_DOCUMENTS)):
        for document, original in zip(chunk, check.originals(chunk)):
            yield document if original is None else _Outcome(document, ExtractedDocument(
                document, (), copy_of=original, signature=check.signature(document.doc_id)), None)


def _result(future: Future) -> _Outcome:
    try:
        return future.result()
    except BrokenProcessPool as exc:
        raise PipelineError(f"extraction worker processes failed ({exc}); try --workers 1 to see why") from exc


def _done(outcome: _Outcome) -> Future:
    future: Future = Future()
    future.set_result(outcome)
    return future


def _extract_one(extractor, document: Document) -> _Outcome:
    origin = document.origin or document.doc_id
    try:
        events = tuple(extractor.extract(document))
    except DiplomapError as exc:
        return _Outcome(document, None, InputError(origin, f"extraction failed: {exc}"))
    except Exception as exc:  # a bug on one document must not stop the batch; keep the reason
        logger.debug("extraction of %s failed", origin, exc_info=True)
        return _Outcome(document, None, InputError(origin, f"extraction failed: {type(exc).__name__}: {exc}"))
    kb_version = getattr(getattr(extractor, "kb", None), "version", None)
    return _Outcome(document, ExtractedDocument(document, events, extractor.tier, kb_version), None)


# Worker processes: the extractor is built once per process by the pool's initializer.
_worker_extractor = None


def _init_worker(factory) -> None:
    global _worker_extractor
    _worker_extractor = factory()


def _extract_in_worker(document: Document) -> _Outcome:
    return _extract_one(_worker_extractor, document)


class _Writer:
    """Collects extracted documents and failures; commits them in batches."""

    def __init__(self, store: Store, summary: LoadSummary, size: int, on_progress, on_error,
                 check: _CopyCheck | None = None):
        self.store, self.summary, self.size, self.check = store, summary, max(1, size), check
        self.on_progress, self.on_error = on_progress, on_error
        self.pending: list[ExtractedDocument] = []
        self.failures: list[InputError] = []
        self.started = time.monotonic()

    def add(self, item: ExtractedDocument) -> None:
        if self.check is not None and item.signature is None:
            item = replace(item, signature=self.check.signature(item.document.doc_id))
        self.pending.append(item)
        if len(self.pending) >= self.size or time.monotonic() - self.started > BATCH_SECONDS:
            self.flush()
        self.tick()

    def tick(self) -> None:
        if self.on_progress is not None:
            self.on_progress(self.summary)

    def flush(self) -> None:
        if not self.pending and not self.failures:
            return
        try:
            result = self.store.write_batch(self.pending, self.failures, fuse=False)
        except StoreError as exc:
            if len(self.pending) <= 1:
                raise
            logger.warning("batch not stored (%s); storing its documents one by one", exc)
            self._one_by_one()
            return
        self._count(result)

    def _one_by_one(self) -> None:
        """Store each pending document alone; one that still fails becomes a failure."""
        items, self.pending = self.pending, []
        for item in items:
            try:
                self._count(self.store.write_batch([item], fuse=False))
            except StoreError as exc:
                error = InputError(item.document.origin or item.document.doc_id, f"not stored: {exc}")
                self.summary.failed += 1
                self.failures.append(error)
                if self.on_error is not None:
                    self.on_error(error)
        self.store.write_batch([], self.failures, fuse=False)
        self.failures = []

    def _count(self, result) -> None:
        self.summary.documents += result.documents
        self.summary.events += result.reports
        self.summary.replaced += result.replaced
        self.summary.skipped += result.skipped
        self.summary.batches += 1
        self.summary.copies += sum(1 for item in self.pending if item.copy_of)
        if self.check is not None:
            self.check.committed(item.document.doc_id for item in self.pending)
        logger.info("committed batch %d: %d documents, %d events, %d failures",
                    self.summary.batches, result.documents, result.reports, result.failures)
        self.pending, self.failures = [], []
        self.started = time.monotonic()


__all__ = ["LoadSummary", "default_extractor", "extractor_for_model", "fusion_rules", "load", "load_shards"]
