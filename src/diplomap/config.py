"""Settings: defaults, overlaid by environment variables (``DIPLOMAP_*``)."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    spacy_model: str | None = None          # None: the rules tier
    database: str = "diplomap.duckdb"
    workers: int = 1
    copy_threshold: float = 0.8             # Jaccard of word shingles from which a document is a copy
    publication_days: int = 3               # days apart undated reports of one act may be published

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        return cls(
            spacy_model=env.get("DIPLOMAP_SPACY_MODEL") or None,
            database=env.get("DIPLOMAP_DB", cls.database),
            workers=int(env.get("DIPLOMAP_WORKERS", cls.workers)),
            copy_threshold=float(env.get("DIPLOMAP_COPY_THRESHOLD", cls.copy_threshold)),
            publication_days=int(env.get("DIPLOMAP_PUBLICATION_DAYS", cls.publication_days)),
        )


def settings() -> Settings:
    return Settings.from_env()


__all__ = ["Settings", "settings"]
