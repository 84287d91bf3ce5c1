"""The shared corpus (read at run time; skipped when it is not there)."""

from pathlib import Path

import pytest

from diplomap.errors import InputError
from diplomap.ingest import read_sources, strip_boilerplate

CORPUS = Path("/work/shared/corpus")
FILES = ("east-west-pragmatism.txt", "expanding-diplomatic-trajectory.txt", "strategic-autonomy-summits.txt")

pytestmark = pytest.mark.skipif(
    not all((CORPUS / name).is_file() for name in FILES), reason="shared corpus not available"
)


@pytest.fixture(scope="module")
def documents():
    return {Path(d.origin).name: d for d in read_sources([CORPUS]) if not isinstance(d, InputError)}


def test_all_three_files_are_read_with_titles(documents):
    for name in FILES:
        assert name in documents
        assert documents[name].title
        assert len(documents[name].text) > 1000


def test_lede_of_expanding_trajectory_appears_once_after_stripping(documents):
    raw = (CORPUS / "expanding-diplomatic-trajectory.txt").read_text(encoding="utf-8")
    paragraphs = [p for p in raw.split("\n\n") if len(p) > 200]
    lede = paragraphs[0]
    assert raw.count(lede) == 2                  # the related-news block repeats it
    assert strip_boilerplate(raw).count(lede) == 1
    assert documents["expanding-diplomatic-trajectory.txt"].text.count(lede) == 1


def test_trailers_are_gone(documents):
    assert not documents["east-west-pragmatism.txt"].text.endswith("Leave a Comment")
    assert "Related news" not in documents["expanding-diplomatic-trajectory.txt"].text
