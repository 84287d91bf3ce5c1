"""diplomap: diplomatic events from foreign-policy reporting, measured and queryable.

    from diplomap import Extractor, read_sources
    extractor = Extractor()
    for document in read_sources(["articles/"]):
        events = extractor.extract(document)

In a notebook, ``diplomap.api`` opens a store, filters its events into an Arrow table or a
pandas DataFrame and runs the measures (see the README's "Python API for notebooks").
"""

__version__ = "0.1.0"

from diplomap.errors import DiplomapError, InputError  # noqa: E402
from diplomap.models import Document, Event  # noqa: E402


def __getattr__(name):
    # Heavy modules (spaCy) load on first use, not on import of the package.
    if name == "Extractor":
        from diplomap.extract import Extractor

        return Extractor
    if name == "read_sources":
        from diplomap.ingest import read_sources

        return read_sources
    raise AttributeError(name)


__all__ = ["DiplomapError", "Document", "Event", "Extractor", "InputError", "read_sources", "__version__"]
