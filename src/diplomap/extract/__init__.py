"""Extraction: events from sentences (triggers, roles, time, place, status)."""

from diplomap.extract.extractor import Extractor, split_paragraphs

__all__ = ["Extractor", "split_paragraphs"]
