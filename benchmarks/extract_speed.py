"""Extraction throughput of the rules tier on the sample corpus, on one core.

Prints words per second and documents per second, and, when an English spaCy
pipeline is installed (``--baseline en_core_web_sm``), the ratio to that pipeline's
full pass over the same texts in the same run.

    python benchmarks/extract_speed.py [--repeat 5] [--baseline en_core_web_sm] [PATH ...]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from diplomap.extract import Extractor
from diplomap.ingest import read_sources
from diplomap.models import Document

ROOT = Path(__file__).resolve().parents[1]


def load(paths: list[str]) -> list[Document]:
    return [d for d in read_sources(paths) if isinstance(d, Document)]


def timed(function, repeat: int) -> float:
    """The best of ``repeat`` runs, in seconds (the least disturbed by other work)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", default=[str(ROOT / "samples" / "corpus")])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--baseline", default=None, help="installed spaCy pipeline to compare with")
    args = parser.parse_args()

    documents = load(args.paths)
    words = sum(len(d.text.split()) for d in documents)
    started = time.perf_counter()
    extractor = Extractor()
    setup = time.perf_counter() - started
    extractor.extract(documents[0])                       # warm caches once
    events = sum(len(extractor.extract(d)) for d in documents)
    seconds = timed(lambda: [extractor.extract(d) for d in documents], args.repeat)
    print(f"corpus: {len(documents)} documents, {words} words, {events} events")
    print(f"set-up (knowledge base + pipeline): {setup:.2f} s")
    print(f"rules tier: {words / seconds:,.0f} words/s, {len(documents) / seconds:,.1f} documents/s "
          f"(best of {args.repeat}: {seconds * 1000:.1f} ms)")
    if args.baseline:
        import spacy

        nlp = spacy.load(args.baseline)
        texts = [d.text for d in documents]
        base = timed(lambda: list(nlp.pipe(texts)), args.repeat)
        print(f"{args.baseline} full pipeline: {words / base:,.0f} words/s")
        print(f"ratio rules tier / {args.baseline}: {base / seconds:.1f}x")


if __name__ == "__main__":
    main()
