"""The store's schema, as an ordered list of migrations.

Migration N (from 1) is a list of SQL statements that takes a database from schema
version N-1 to N; ``schema_version`` holds one row per applied migration. Opening a
store runs the migrations it lacks, each in its own transaction. Never edit a
migration that has shipped: append a new one. The statements are the same for DuckDB
and PostgreSQL but for the few types in ``TYPES`` (``{people}``, ``{grounds}``, ``{strings}``, ``{empty}``
in a statement).
"""

from __future__ import annotations

import logging

from diplomap.errors import StoreError
from diplomap.store.engine import first_line

logger = logging.getLogger(__name__)

_EVENT_FIELDS = """
    event_type VARCHAR NOT NULL,
    mode VARCHAR,
    status VARCHAR NOT NULL,
    source_actors VARCHAR[] NOT NULL,
    target_actors VARCHAR[] NOT NULL,
    participants VARCHAR[] NOT NULL,
    host VARCHAR,
    organization VARCHAR,
    contexts VARCHAR[] NOT NULL,
    projects VARCHAR[] NOT NULL,
    people {people} NOT NULL,
    date_start DATE,
    date_end DATE,
    date_precision VARCHAR NOT NULL,
    location_name VARCHAR,
    location_country VARCHAR,
    location_lat DOUBLE PRECISION,
    location_lon DOUBLE PRECISION,
    evidence_text VARCHAR NOT NULL,
    evidence_start INTEGER NOT NULL,
    evidence_end INTEGER NOT NULL,
    confidence DOUBLE PRECISION NOT NULL,
    trigger VARCHAR
"""

# Version 1: documents, their reports (one row per extracted event) and failures.
_V1 = [
    """CREATE TABLE documents (
        doc_id VARCHAR PRIMARY KEY,
        text_hash VARCHAR NOT NULL,
        origin VARCHAR,
        url VARCHAR,
        title VARCHAR,
        source VARCHAR,
        published DATE,
        date_source VARCHAR,
        kb_version VARCHAR,
        tier VARCHAR,
        ingested_at TIMESTAMP NOT NULL,
        report_count INTEGER NOT NULL,
        text VARCHAR NOT NULL
    )""",
    f"""CREATE TABLE reports (
        event_id VARCHAR PRIMARY KEY,
        doc_id VARCHAR NOT NULL,
        {_EVENT_FIELDS}
    )""",
    """CREATE TABLE participants (
        event_id VARCHAR NOT NULL,
        actor VARCHAR NOT NULL,
        role VARCHAR NOT NULL          -- source | target | host | organization | participant
    )""",
    """CREATE TABLE people (
        event_id VARCHAR NOT NULL,
        name VARCHAR NOT NULL,
        actor VARCHAR,
        role VARCHAR
    )""",
    """CREATE TABLE failures (
        origin VARCHAR PRIMARY KEY,
        reason VARCHAR NOT NULL,
        failed_at TIMESTAMP NOT NULL
    )""",
]

# Version 2: the fused layer, and the fusion key of each report. Reports stored by
# version 1 get their key and canonical events when the store is next opened.
_V2 = [
    "ALTER TABLE reports ADD COLUMN family VARCHAR",
    "ALTER TABLE reports ADD COLUMN window_start DATE",
    "ALTER TABLE reports ADD COLUMN window_end DATE",
    f"""CREATE TABLE events (
        canonical_id VARCHAR PRIMARY KEY,
        {_EVENT_FIELDS},
        source_count INTEGER NOT NULL
    )""",
    """CREATE TABLE event_sources (
        canonical_id VARCHAR NOT NULL,
        event_id VARCHAR NOT NULL,
        doc_id VARCHAR NOT NULL,
        fusion_rule VARCHAR NOT NULL
    )""",
    """CREATE TABLE event_participants (
        canonical_id VARCHAR NOT NULL,
        actor VARCHAR NOT NULL,
        role VARCHAR NOT NULL
    )""",
]

# Version 3: reports waiting to be fused. A batch records what it touched in the same
# transaction as its reports; fusion then runs once for many batches (at the end of an
# ingest, or when the store is next opened after a crash) and empties the table.
_V3 = [
    """CREATE TABLE fusion_pending (
        event_id VARCHAR NOT NULL,
        family VARCHAR NOT NULL,
        status VARCHAR NOT NULL,
        window_start DATE,
        window_end DATE
    )""",
]

# Version 4: each canonical event's actors (every actor of event_participants, distinct and
# sorted) on the event itself, so the measures select an actor's events and the window's
# network without joining event_participants.
_V4 = [
    "ALTER TABLE events ADD COLUMN actors {strings}",
    """UPDATE events SET actors = coalesce((SELECT array_agg(DISTINCT p.actor ORDER BY p.actor)
        FROM event_participants p WHERE p.canonical_id = events.canonical_id), {empty})""",
]

# Version 5: why each participant is in the event (the record's participant_sources), on reports
# and canonical events: (actor, source) pairs. Rows stored before it have none (NULL).
_V5 = [
    "ALTER TABLE reports ADD COLUMN participant_sources {grounds}",
    "ALTER TABLE events ADD COLUMN participant_sources {grounds}",
]

# Version 6: copies (issue 17). A document that copies another (the same article republished,
# see ``diplomap.copies``) names the original of its group in copy_of, with its similarity to the
# member it matched; it has no reports of its own, its original's events list it as a source.
# document_bands is the near-duplicate index: a document's LSH band keys. The fusion window of an
# undated report grows from its publication month to that month and UNDATED_REACH_DAYS (7) on
# each side of the publication day, for the rules of undated reports in ``diplomap.fuse``.
_V6 = [
    "ALTER TABLE documents ADD COLUMN copy_of VARCHAR",
    "ALTER TABLE documents ADD COLUMN copy_similarity DOUBLE PRECISION",
    """CREATE TABLE document_bands (
        doc_id VARCHAR NOT NULL,
        band INTEGER NOT NULL,
        bucket BIGINT NOT NULL
    )""",
    """UPDATE reports SET
        window_start = LEAST(CAST(date_trunc('month', d.published) AS DATE),
                             CAST(d.published - INTERVAL '7 days' AS DATE)),
        window_end = GREATEST(CAST(date_trunc('month', d.published) + INTERVAL '1 month' - INTERVAL '1 day' AS DATE),
                              CAST(d.published + INTERVAL '7 days' AS DATE))
    FROM documents d WHERE d.doc_id = reports.doc_id AND reports.date_start IS NULL AND d.published IS NOT NULL""",
]

MIGRATIONS: list[list[str]] = [_V1, _V2, _V3, _V4, _V5, _V6]
LATEST = len(MIGRATIONS)
TYPES = {
    "duckdb": {"people": "STRUCT(name VARCHAR, actor VARCHAR, role VARCHAR)[]",
               "grounds": "STRUCT(actor VARCHAR, source VARCHAR)[]", "strings": "VARCHAR[]", "empty": "[]"},
    "postgres": {"people": "JSONB", "grounds": "JSONB", "strings": "TEXT[]", "empty": "ARRAY[]::TEXT[]"},
}


def schema_version(engine) -> int:
    """The version of the schema in the database (0 for an empty one)."""
    found = engine.values(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'")[0][0]
    if not found:
        return 0
    return engine.values("SELECT coalesce(max(version), 0) FROM schema_version")[0][0]


def migrate(engine, target: int = LATEST) -> int:
    """Apply the missing migrations up to ``target``; the version reached.

    Raises StoreError for a store written by a newer diplomap, or a failed migration.
    """
    current, where = schema_version(engine), engine.where
    if current > LATEST:
        raise StoreError(f"{where}: schema version {current} is newer than this diplomap knows "
                         f"({LATEST}); upgrade diplomap")
    if current == 0:
        engine.execute("CREATE TABLE IF NOT EXISTS schema_version "
                       "(version INTEGER PRIMARY KEY, applied_at TIMESTAMP NOT NULL)")
    types = TYPES[engine.dialect]
    for version in range(current + 1, target + 1):
        engine.begin()
        try:
            if schema_version(engine) >= version:      # another process migrated it meanwhile
                engine.commit()
                continue
            for statement in MIGRATIONS[version - 1]:
                for name, spelled in types.items():
                    statement = statement.replace("{" + name + "}", spelled)
                engine.execute(statement)
            engine.execute("INSERT INTO schema_version VALUES (?, current_timestamp)", [version])
            engine.commit()
        except engine.Error as exc:
            engine.rollback()
            raise StoreError(f"{where}: migration to schema version {version} failed: {first_line(exc)}") from exc
        logger.info("%s: migrated to schema version %d", where, version)
    return max(current, target)
