"""Knowledge is data: the lowercase English word literals left in extract/ and nlp/ may only go down.

scripts/count_literals.py counts them; the ceiling is the count when it was last lowered. Moving a
word list to kb/data/lang/en/ lowers the count: lower the ceiling with it. The goal is under 300.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CEILING = 570


def test_word_literals_in_the_extraction_code_do_not_grow():
    spec = importlib.util.spec_from_file_location("count_literals", ROOT / "scripts" / "count_literals.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    counts = module.count()
    total = sum(counts.values())
    largest = ", ".join(f"{name} {n}" for name, n in counts.most_common(3))
    assert total <= CEILING, f"{total} word literals in extract/ and nlp/ (ceiling {CEILING}; most: {largest}): " \
                             "put the new words in kb/data/lang/en/"
