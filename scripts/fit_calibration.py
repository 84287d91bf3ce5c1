"""Fit the confidence calibration on the real development corpus and report how well it holds.

Extracts every text of realdev with raw scores, labels each scored prediction (status occurred)
right or wrong by the evaluation's matching rules, fits the logistic model of
diplomap.extract.calibration, and prints:

- leave-one-document-out figures (each document's events scored by a model fitted on the other
  documents: what to expect on texts the model has not seen), as a calibration table and as
  precision and kept events at each threshold;
- the weights of the model fitted on every document.

With --write it writes that model, with the threshold, to src/diplomap/kb/data/calibration.json.

    .venv/bin/python scripts/fit_calibration.py [--realdev ../shared/realdev] [--l2 1.0]
                                                [--threshold 0.5] [--write]
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path

from diplomap import evaluate as ev
from diplomap.extract import Extractor
from diplomap.extract.calibration import RAW, Calibration, fit
from diplomap.models import Document

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "src" / "diplomap" / "kb" / "data" / "calibration.json"
THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


def labelled(realdev: Path) -> list[tuple[str, object, bool]]:
    """(document name, event with its raw score, right) for every scored prediction."""
    extractor = Extractor(calibration=RAW)
    gold = ev.read_gold(realdev / "gold.jsonl")
    pub_dates = ev.read_pub_dates(realdev / "pubdates.tsv")
    rows = []
    for document in ev.iter_documents([str(realdev / "texts")], None, pub_dates):
        if not isinstance(document, Document):
            continue
        result = ev.evaluate(gold, [(document, extractor.extract(document))])
        name = Path(document.origin).name
        rows += [(name, event, right) for event, right in result.scored]
    return rows


def cross_validated(rows, l2: float) -> list[tuple[float, bool]]:
    """Each document's events scored by a model fitted on the other documents' events."""
    scored = []
    for name in sorted({doc for doc, _, _ in rows}):
        model = fit([(e, r) for doc, e, r in rows if doc != name], l2)
        scored += [(model.probability(e), r) for doc, e, r in rows if doc == name]
    return scored


def print_table(scored: list[tuple[float, bool]]) -> None:
    edges = ev.CONFIDENCE_BINS
    print(f"{'confidence':<14}{'events':>8}{'right':>8}{'precision':>11}{'mean confidence':>17}")
    for low, high in zip(edges, edges[1:]):
        inside = [(p, r) for p, r in scored if low <= p < high or high == 1.0 and p == 1.0]
        right = sum(r for _, r in inside)
        precision = f"{right / len(inside):.2f}" if inside else "-"
        mean = f"{sum(p for p, _ in inside) / len(inside):.2f}" if inside else "-"
        print(f"[{low:.1f}, {high:.1f}){'':<4}{len(inside):>8}{right:>8}{precision:>11}{mean:>17}")


def print_thresholds(scored: list[tuple[float, bool]]) -> dict[float, tuple[int, float]]:
    figures = {}
    print(f"{'threshold':<12}{'kept':>6}{'right':>7}{'precision':>11}")
    for threshold in THRESHOLDS:
        kept = [r for p, r in scored if p >= threshold]
        precision = sum(kept) / len(kept) if kept else 0.0
        figures[threshold] = (len(kept), precision)
        print(f">= {threshold:<9.1f}{len(kept):>6}{sum(kept):>7}{precision:>11.2f}")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--realdev", type=Path, default=ROOT.parent / "shared" / "realdev")
    parser.add_argument("--l2", type=float, default=1.0, help="L2 penalty on the weights (default 1.0)")
    parser.add_argument("--threshold", type=float, default=0.5,
                        help="default confidence from which measures count events (default 0.5)")
    parser.add_argument("--write", action="store_true", help=f"write the model to {TARGET.relative_to(ROOT)}")
    args = parser.parse_args()
    if not (args.realdev / "gold.jsonl").exists():
        raise SystemExit(f"{args.realdev}: no gold.jsonl here (is ../shared beside the project?)")

    rows = labelled(args.realdev)
    right = sum(r for _, _, r in rows)
    print(f"{len(rows)} scored predictions in {len({d for d, _, _ in rows})} documents, {right} right "
          f"({right / len(rows):.2f})\n")
    print("raw scores:")
    raw = [(e.confidence, r) for _, e, r in rows]
    print_table(raw)
    print("\nleave-one-document-out calibrated probabilities:")
    scored = cross_validated(rows, args.l2)
    print_table(scored)
    print()
    figures = print_thresholds(scored)
    model = fit([(e, r) for _, e, r in rows], args.l2)
    print("\nmodel fitted on every document:")
    print(f"  {'bias':<28}{model.bias:+.3f}")
    for name, weight in sorted(model.weights.items(), key=lambda item: -abs(item[1])):
        print(f"  {name:<28}{weight:+.3f}")
    kept, precision = figures.get(args.threshold, (0, 0.0))
    note = (f"fitted {date.today().isoformat()} on {len(rows)} scored predictions of realdev (l2 {args.l2}); "
            f"leave-one-document-out at threshold {args.threshold}: {kept} kept, precision {precision:.2f}")
    model = Calibration(model.bias, {k: round(v, 4) for k, v in model.weights.items()}, args.threshold, note)
    if args.write:
        TARGET.write_text(json.dumps(model.to_dict(), indent=2) + "\n", encoding="utf-8")
        print(f"\nwritten to {TARGET.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
