"""The PostgreSQL engine (psycopg 3), for teams that share one store: ``--db postgresql://...``.

Same tables and SQL as DuckDB. Batches are copied in with COPY; every write
transaction first takes a transaction-level advisory lock, so concurrent writers
(two `diplomap ingest` runs) take turns while readers go on reading.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress

import pyarrow as pa

from diplomap.errors import StoreError
from diplomap.store.engine import CHUNK, first_line

try:
    import psycopg
    from psycopg.types.json import Jsonb
except ImportError:          # an optional dependency: only needed for postgresql:// stores
    psycopg = None

WRITER_LOCK = 0x6469706C   # "dipl": one writer at a time per database
_TYPES = {pa.string(): "TEXT", pa.date32(): "DATE", pa.float64(): "DOUBLE PRECISION", pa.int32(): "INTEGER",
          pa.int64(): "BIGINT", pa.timestamp("us"): "TIMESTAMP", pa.list_(pa.string()): "TEXT[]"}


class PostgresEngine:
    dialect = "postgres"
    Error = psycopg.Error if psycopg else Exception

    def __init__(self, conn, where: str):
        self.conn = conn
        self.where = where

    @classmethod
    def open(cls, url: str) -> PostgresEngine:
        where = _redacted(url)
        if psycopg is None:
            raise StoreError(f"{where}: PostgreSQL stores need psycopg (pip install 'psycopg[binary]')")
        try:
            return cls(psycopg.connect(url, autocommit=True, connect_timeout=10), where)
        except psycopg.Error as exc:
            raise StoreError(f"{where}: cannot open the store ({first_line(exc)})") from exc

    def execute(self, sql: str, params: Sequence = ()) -> None:
        self.conn.execute(_sql(sql), list(params))

    def values(self, sql: str, params: Sequence = ()) -> list[tuple]:
        return self.conn.execute(_sql(sql), list(params)).fetchall()

    def rows(self, sql: str, params: Sequence = ()) -> list[dict]:
        cursor = self.conn.execute(_sql(sql), list(params))
        names = [column.name for column in cursor.description]
        return [dict(zip(names, values)) for values in cursor.fetchall()]

    def columns(self, sql: str, params: Sequence = ()) -> dict[str, list]:
        cursor = self.conn.execute(_sql(sql), list(params))
        names = [column.name for column in cursor.description]
        values = cursor.fetchall()
        return {name: [row[i] for row in values] for i, name in enumerate(names)}

    def stream(self, sql: str, params: Sequence = ()) -> Iterator[dict]:
        with self.conn.cursor() as cursor:
            cursor.execute(_sql(sql), list(params))
            names = [column.name for column in cursor.description]
            while chunk := cursor.fetchmany(CHUNK):
                for values in chunk:
                    yield dict(zip(names, values))

    def insert(self, name: str, data: pa.Table) -> None:
        if not data.num_rows:
            return
        columns = data.column_names
        json_columns = {i for i, field in enumerate(data.schema) if pa.types.is_list(field.type)
                        and pa.types.is_struct(field.type.value_type)}
        with self.conn.cursor() as cursor, cursor.copy(f"COPY {name} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in zip(*(data.column(c).to_pylist() for c in columns)):
                copy.write_row([Jsonb(v) if i in json_columns else v for i, v in enumerate(row)])

    @contextmanager
    def table(self, name: str, data: pa.Table) -> Iterator[None]:
        columns = ", ".join(f"{field.name} {_TYPES[field.type]}" for field in data.schema)
        self.conn.execute(f"CREATE TEMPORARY TABLE {name} ({columns})")
        try:
            self.insert(name, data)
            yield
        finally:
            # in a failed transaction this cannot run; the rollback drops the table then
            with suppress(psycopg.Error):
                self.conn.execute(f"DROP TABLE IF EXISTS {name}")

    def begin(self) -> None:
        self.conn.execute("BEGIN")
        self.conn.execute("SELECT pg_advisory_xact_lock(%s)", [WRITER_LOCK])

    def commit(self) -> None:
        self.conn.execute("COMMIT")

    def rollback(self) -> None:
        self.conn.execute("ROLLBACK")

    def close(self) -> None:
        self.conn.close()


def _sql(sql: str) -> str:
    """``?`` placeholders as psycopg's ``%s`` (a literal ``%`` doubled)."""
    return sql.replace("%", "%%").replace("?", "%s")


def _redacted(url: str) -> str:
    """The URL without its password, for messages."""
    head, at, tail = url.rpartition("@")
    if not at or ":" not in head.split("//", 1)[-1]:
        return url
    scheme, _, credentials = head.partition("//")
    return f"{scheme}//{credentials.split(':', 1)[0]}:***@{tail}"
