"""Count the lowercase English word literals left in the extraction code (issue: knowledge as data).

A literal counts when it is a string constant (not a docstring) of one to three words of lower-case
letters, with spaces, hyphens or apostrophes between words: "summit", "relations to", "n't". The
record's own codes are not English vocabulary and do not count (statuses, modes, frames, flags,
date precisions, verb forms, mention kinds, anaphor kinds, tiers: "occurred", "phone", "meet",
"needs_verb", "day", "past", "person"), nor do the names ``__all__`` exports, nor the names of the
data files' word lists a call reads (function_words("be_forms"), words["light_verbs"]).
Each occurrence counts. Prints the total and the count per module, most first.

    .venv/bin/python scripts/count_literals.py [PATH ...]     (default: src/diplomap/extract src/diplomap/nlp)
"""

from __future__ import annotations

import ast
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = (ROOT / "src" / "diplomap" / "extract", ROOT / "src" / "diplomap" / "nlp")
WORDLIKE = re.compile(r"^[a-z][a-z'’]*(?:[ -][a-z'’]+){0,2}$|^n[’']t$|^'[a-z]+$")   # up to three words: prose is not vocabulary


def docstrings(tree: ast.AST) -> set[int]:
    """ids of the constant nodes that are docstrings."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def codes() -> frozenset[str]:
    """The contract's and the lexicon's codes (diplomap.models, diplomap.nlp.lexicon)."""
    from diplomap.models import PRECISIONS, STATUSES
    from diplomap.nlp.lexicon import CODE_FLAGS, CONSTRAINT_TESTS, FRAMES, MODES, POSES, VERB_FORMS

    mention_kinds = {"state", "capital", "demonym", "org", "person", "place", "project", "region",
                     "region_demonym", "firm"}
    anaphors = {"singular", "plural", "protagonist"}          # Roles.anaphor
    return frozenset({*STATUSES, *PRECISIONS, *MODES, *FRAMES, *CODE_FLAGS, *CONSTRAINT_TESTS, *POSES,
                      *VERB_FORMS, *mention_kinds, *anaphors, "noun", "rules", "parsed"})


def exported_names(tree: ast.AST) -> set[int]:
    """ids of the constants of ``__all__``: Python names, not words."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
            found |= {id(c) for c in ast.walk(node.value) if isinstance(c, ast.Constant)}
    return found


LIST_READERS = {"function_words", "word_list", "time_words"}


def list_names(tree: ast.AST) -> set[int]:
    """ids of the constants that name a list of the language's data files (function_words("be_forms"),
    words["light_verbs"]): the name of a list, not a word of the language."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) in LIST_READERS:
            found |= {id(arg) for arg in node.args[:1] if isinstance(arg, ast.Constant)}
        elif isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute) and node.value.attr == "words" \
                and isinstance(node.slice, ast.Constant):
            found.add(id(node.slice))
    return found


def word_literals(path: Path, skip_codes: frozenset[str] = frozenset()) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = docstrings(tree) | exported_names(tree) | list_names(tree)
    return [node.value for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip
            and WORDLIKE.match(node.value) and node.value not in skip_codes]


def count(paths=DEFAULT) -> Counter:
    counts: Counter = Counter()
    skip_codes = codes()
    for folder in map(Path, paths):
        for path in sorted(folder.rglob("*.py")):
            counts[str(path.relative_to(ROOT))] = len(word_literals(path, skip_codes))
    return counts


def main() -> None:
    counts = count(sys.argv[1:] or DEFAULT)
    lines = [f"{sum(counts.values())} lowercase English word literals"]
    lines += [f"{n:6}  {name}" for name, n in counts.most_common()]
    print("\n".join(lines))


if __name__ == "__main__":
    main()
