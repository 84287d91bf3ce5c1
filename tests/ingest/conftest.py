"""Fixtures for the ingest tests."""

import pytest


@pytest.fixture
def write(tmp_path):
    """write(name, content) -> Path; str is written as UTF-8, bytes as they are."""

    def _write(name: str, content: str | bytes):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return _write
