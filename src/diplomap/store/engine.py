"""The database under the store: the few operations it needs, for DuckDB (here) and PostgreSQL.

The store writes SQL that both engines accept, with ``?`` placeholders, and moves rows
in Arrow tables: ``insert`` appends one to a table, ``table`` makes one queryable under
a name for the duration of a block (a registered view in DuckDB, a temporary table in
PostgreSQL). ``rows`` returns dicts; ``stream`` yields them in chunks.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pyarrow as pa

from diplomap.errors import StoreError

MEMORY = ":memory:"
CHUNK = 2000
# While a load writes a DuckDB file: DuckDB caches pages up to its memory limit (80% of
# the machine by default), so a long load's memory would grow with the store. Capped, it
# spills to FILE.tmp beside the store instead; fewer threads, fewer per-thread buffers.
LOAD_SETTINGS = {"memory_limit": "200MB", "threads": str(min(os.cpu_count() or 1, 4))}


class DuckDBEngine:
    """An embedded DuckDB database: a file (held by one process at a time) or memory."""

    dialect = "duckdb"
    Error = duckdb.Error
    OutOfMemory = duckdb.OutOfMemoryException
    settings: Mapping[str, str] = {}       # set for a block by ``limited``

    def __init__(self, conn: duckdb.DuckDBPyConnection, where: str):
        self.conn = conn
        self.where = where

    @classmethod
    def open(cls, path: str | Path = MEMORY, create: bool = True) -> DuckDBEngine:
        where = str(path)
        if where != MEMORY and not create and not Path(where).exists():
            raise StoreError(f"{where}: no such store; run `diplomap ingest` first")
        try:
            return cls(duckdb.connect(where), where)
        except (duckdb.Error, OSError) as exc:
            raise StoreError(f"{where}: cannot open the store ({first_line(exc)})") from exc

    @contextmanager
    def limited(self, settings: Mapping[str, str] = LOAD_SETTINGS) -> Iterator[None]:
        """DuckDB ``settings`` (e.g. ``LOAD_SETTINGS``) for the block, on a file; back to the defaults after.

        In memory nothing changes: the database itself lives within DuckDB's memory limit there.
        """
        if self.where == MEMORY:
            yield
            return
        self.settings = dict(settings)
        self._apply(self.conn)
        try:
            yield
        finally:
            self.settings = {}
            if self._connected():
                for name in settings:
                    self.conn.execute(f"RESET {name}")

    @contextmanager
    def unlimited(self) -> Iterator[None]:
        """Within ``limited``: DuckDB's own defaults for the block, the block's settings again after."""
        settings = self.settings
        self.settings = {}
        for name in settings:
            self.conn.execute(f"RESET {name}")
        try:
            yield
        finally:
            self.settings = settings
            if self._connected():
                self._apply(self.conn)

    def _apply(self, conn: duckdb.DuckDBPyConnection) -> None:
        for name, value in self.settings.items():
            conn.execute(f"SET {name} = '{value}'")

    def _connected(self) -> bool:
        return True

    def execute(self, sql: str, params: Sequence = ()) -> None:
        self.conn.execute(sql, list(params))

    def values(self, sql: str, params: Sequence = ()) -> list[tuple]:
        return self.conn.execute(sql, list(params)).fetchall()

    def rows(self, sql: str, params: Sequence = ()) -> list[dict]:
        cursor = self.conn.execute(sql, list(params))
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, values)) for values in cursor.fetchall()]

    def columns(self, sql: str, params: Sequence = ()) -> dict[str, list]:
        """A query's result as lists by column name, through Arrow (far faster than ``rows`` for many rows)."""
        return self.arrow(sql, params).to_pydict()

    def arrow(self, sql: str, params: Sequence = ()) -> pa.Table:
        """A query's result as an Arrow table."""
        relation = self.conn.sql(sql, params=list(params) or None)
        return relation.to_arrow_table() if hasattr(relation, "to_arrow_table") else relation.arrow()

    def stream(self, sql: str, params: Sequence = ()) -> Iterator[dict]:
        """Rows in chunks, on a cursor of their own, so other statements can run meanwhile."""
        cursor = self.conn.cursor()
        try:
            cursor.execute(sql, list(params))
            names = [column[0] for column in cursor.description]
            while chunk := cursor.fetchmany(CHUNK):
                for values in chunk:
                    yield dict(zip(names, values))
        finally:
            cursor.close()

    def chunks(self, sql: str, params: Sequence = ()) -> Iterator[list[tuple]]:
        """A query's rows as lists of up to CHUNK tuples, on the connection itself (so within its
        transaction and registered tables): run no other statement until the last chunk."""
        result = self.conn.execute(sql, list(params))
        while chunk := result.fetchmany(CHUNK):
            yield chunk

    def insert(self, name: str, data: pa.Table) -> None:
        if data.num_rows:
            with self.table(f"_arrow_{name}", data):
                columns = ", ".join(data.column_names)
                self.conn.execute(f"INSERT INTO {name} ({columns}) SELECT {columns} FROM _arrow_{name}")

    @contextmanager
    def table(self, name: str, data: pa.Table) -> Iterator[None]:
        self.conn.register(name, data)
        try:
            yield
        finally:
            self.conn.unregister(name)

    @contextmanager
    def reader(self, tables: Mapping[str, pa.Table] = {}) -> Iterator[DuckDBEngine]:  # noqa: B006 (never changed)
        """A second connection to the same database, for another thread to query, with the Arrow
        ``tables`` registered under their names, for the block. Temporary tables and registered
        tables are a connection's own: the reader sees ``tables``, not those of this connection."""
        cursor = self.conn.cursor()
        try:
            for name, data in tables.items():
                cursor.register(name, data)
            yield DuckDBEngine(cursor, self.where)
        finally:
            cursor.close()

    def begin(self) -> None:
        self.conn.begin()

    def commit(self) -> None:
        self.conn.commit()

    def rollback(self) -> None:
        self.conn.rollback()

    def close(self) -> None:
        self.conn.close()


def first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def is_postgres(target: str | Path) -> bool:
    return str(target).startswith(("postgresql://", "postgres://"))


def open_engine(target: str | Path = MEMORY, create: bool = True, read_only: bool = False):
    """The engine for ``target``: a postgresql:// URL, else a DuckDB file or ":memory:".

    A DuckDB file is opened through turns (``diplomap.store.sharing``), so that a reader
    such as the dashboard (``read_only``) can read it while another process writes it.
    """
    if is_postgres(target):
        from diplomap.store.postgres import PostgresEngine

        return PostgresEngine.open(str(target))
    if str(target) == MEMORY:
        return DuckDBEngine.open(target, create)
    from diplomap.store.sharing import SharedDuckDBEngine

    return SharedDuckDBEngine.open(target, create, read_only)
