"""Extraction: events from sentences (triggers, roles, time, place, status).

``Extractor`` loads spaCy; it is imported on first use, so that reading a small module of the
package (the calibration's threshold, for the measures) does not pay for it.
"""

__all__ = ["Extractor", "split_paragraphs"]


def __getattr__(name: str):
    if name in __all__:
        from diplomap.extract import extractor

        return getattr(extractor, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
