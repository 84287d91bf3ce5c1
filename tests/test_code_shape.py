"""Code shape: no function of the extraction code is longer than 60 lines (a long function grows a
branch for every new sentence shape; the design should change instead)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIMIT = 60


def test_no_extraction_function_is_longer_than_the_limit():
    long = []
    for folder in ("extract", "nlp"):
        for path in sorted((ROOT / "src" / "diplomap" / folder).glob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    lines = node.end_lineno - node.lineno + 1
                    if lines > LIMIT:
                        long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({lines} lines)")
    assert not long, "functions over 60 lines: " + "; ".join(long)


def test_no_extraction_code_reads_a_lexicon_rows_phrase():
    """Code reads a row's declared features (type, frame, flags), never its text."""
    reads = []
    for path in sorted((ROOT / "src" / "diplomap" / "extract").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr == "phrase":
                reads.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not reads, "code reads a trigger's phrase: " + ", ".join(reads)
