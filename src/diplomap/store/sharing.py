"""One DuckDB file, written by one process while the dashboard reads it from another.

DuckDB lets one process open a file to write, or several to read, never both at once; an
opener that finds the file taken fails at once. So that ``diplomap serve`` can answer while
``diplomap ingest`` writes, both open the file through turns, kept with byte locks on
FILE.lock beside it:

- a reader passes the *gate* (byte 0, shared, for an instant) and is then *in* (byte 1,
  shared) until it has closed the file again: it opens the file read-only as soon as the
  writer lets go, reads, and closes it (the dashboard: once per request);
- a writer keeps the file open, and before each statement outside a transaction, once it
  has had the file for ``SLICE`` seconds, looks whether a reader is in. If one is, it closes
  the file (committed work is on disk). Its next statement shuts the gate so that no new
  reader comes in, waits until the readers in are out, opens the file again and opens the
  gate. A writer about to be busy elsewhere (building the extractor, a watch round's
  sleep) lets go of the file at once (``Store.pause()``).

A reader so waits at most a slice plus the writer's current statement or transaction (one
batch of an ingest, or its final fusion); a writer waits for the reads under way. Readers
see only committed batches. A process that takes no turns (the duckdb shell, another
writer) holds the file as DuckDB always does: a writer then fails at once with DuckDB's
message, a reader after ``READ_PATIENCE`` seconds with ``StoreBusy``. Where there is no
``fcntl`` (Windows) there are no turns: DuckDB's own lock decides, as before.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from diplomap.errors import StoreBusy, StoreError
from diplomap.store.engine import DuckDBEngine, first_line

try:
    import fcntl
except ImportError:      # pragma: no cover - Windows
    fcntl = None

SLICE = 0.25             # seconds a writer keeps the file before it looks for readers
READ_PATIENCE = 20.0     # seconds a reader waits for its turn
WRITE_PATIENCE = 60.0    # seconds a writer waits for the reads under way
_POLL = 0.005
_GATE, _IN = 0, 1
_HELD = "Could not set lock"          # DuckDB's message when another process holds the file
_TEMPORARY = re.compile(r"\s*CREATE\s+(?:OR\s+REPLACE\s+)?TEMP(?:ORARY)?\s", re.IGNORECASE)


class Turns:
    """The gate and the readers' byte of FILE.lock; every method is a no-op without fcntl."""

    def __init__(self, store_path: str, writer: bool):
        self.fd = _lock_file(store_path + ".lock", writer)

    def enter(self, deadline: float) -> bool:
        """As a reader: through the gate, then in. False when the deadline came first."""
        if self.fd is None:
            return True
        if not self._wait(fcntl.LOCK_SH, _GATE, deadline):
            return False
        try:
            return self._wait(fcntl.LOCK_SH, _IN, deadline)
        finally:
            self._unlock(_GATE)

    def leave(self) -> None:
        if self.fd is not None:
            self._unlock(_IN)

    def readers_in(self) -> bool:
        """Whether a reader is in: waiting for the file or reading it."""
        if self.fd is None:
            return False
        if self._try(fcntl.LOCK_EX, _IN):
            self._unlock(_IN)
            return False
        return True

    @contextmanager
    def writing(self, where: str):
        """As a writer: the gate shut and every reader out for the block (opening the file)."""
        if self.fd is None:
            yield
            return
        deadline = time.monotonic() + WRITE_PATIENCE
        if not self._wait(fcntl.LOCK_EX, _GATE, deadline):
            raise StoreError(f"{where}: another writer is waiting for the store; try again later")
        try:
            if not self._wait(fcntl.LOCK_EX, _IN, deadline):
                raise StoreError(f"{where}: readers kept the store for {WRITE_PATIENCE:g} s; try again later")
            self._unlock(_IN)
            yield
        finally:
            self._unlock(_GATE)

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None

    def _try(self, kind: int, byte: int) -> bool:
        try:
            fcntl.lockf(self.fd, kind | fcntl.LOCK_NB, 1, byte)
        except (BlockingIOError, PermissionError):
            return False
        return True

    def _wait(self, kind: int, byte: int, deadline: float) -> bool:
        while not self._try(kind, byte):
            if time.monotonic() > deadline:
                return False
            time.sleep(_POLL)
        return True

    def _unlock(self, byte: int) -> None:
        fcntl.lockf(self.fd, fcntl.LOCK_UN, 1, byte)


def _lock_file(path: str, writer: bool) -> int | None:
    """FILE.lock opened for locking (created where the folder allows), else None: no turns.

    A reader can take its turns on a lock file it may only read; a writer needs to write it.
    """
    if fcntl is None:
        return None
    for flags in (os.O_RDWR | os.O_CREAT,) if writer else (os.O_RDWR | os.O_CREAT, os.O_RDONLY):
        try:
            return os.open(path, flags, 0o666)
        except OSError:
            continue
    return None


class SharedDuckDBEngine(DuckDBEngine):
    """A DuckDB file opened through turns: a writer that gives way to readers waiting, or a
    reader (``read_only``) that keeps the file from its first statement to ``release()``."""

    def __init__(self, where: str, read_only: bool = False):
        self.where = where
        self.read_only = read_only
        self.turns = Turns(where, writer=not read_only)
        self._conn: duckdb.DuckDBPyConnection | None = None
        self._since = 0.0
        self._busy = 0            # open transactions, registered tables and streams: state of the connection
        self._pinned = False      # a temporary table lives in the connection: never give way

    @classmethod
    def open(cls, path: str | Path, create: bool = True, read_only: bool = False) -> SharedDuckDBEngine:
        where = str(path)
        if (read_only or not create) and not Path(where).exists():
            raise StoreError(f"{where}: no such store; run `diplomap ingest` first")
        engine = cls(where, read_only)
        try:
            engine.conn        # a file that cannot be opened fails here, not at the first query
        except StoreError:
            engine.close()
            raise
        return engine

    @property
    def conn(self) -> duckdb.DuckDBPyConnection:
        """The open connection; (re)opened through the turns when the file was let go."""
        if self._conn is None:
            self._conn = self._reader_connect() if self.read_only else self._writer_connect()
            self._since = time.monotonic()
            self._apply(self._conn)      # settings of ``limited`` last across the turns
        return self._conn

    def _connected(self) -> bool:
        return self._conn is not None

    def pause(self) -> None:
        """A writer about to be busy elsewhere for a while: let go of the file unless a
        transaction, stream or temporary table holds it; the next statement opens it again."""
        if not (self._busy or self._pinned):
            self.release()

    def release(self) -> None:
        """Close the file (a reader's turn ends); the next statement opens it again."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None
            self._pinned = False
            if self.read_only:
                self.turns.leave()

    def close(self) -> None:
        self.release()
        self.turns.close()

    def execute(self, sql, params=()) -> None:
        self._give_way()
        super().execute(sql, params)
        self._pinned = self._pinned or bool(_TEMPORARY.match(sql))

    def values(self, sql, params=()) -> list[tuple]:
        self._give_way()
        return super().values(sql, params)

    def rows(self, sql, params=()) -> list[dict]:
        self._give_way()
        return super().rows(sql, params)

    def stream(self, sql, params=()):
        self._give_way()
        with self._holding():
            yield from super().stream(sql, params)

    def chunks(self, sql, params=()):
        self._give_way()
        with self._holding():
            yield from super().chunks(sql, params)

    def insert(self, name, data) -> None:
        self._give_way()
        super().insert(name, data)

    @contextmanager
    def table(self, name, data):
        with self._holding(), super().table(name, data):
            yield

    @contextmanager
    def reader(self, tables=None):
        with self._holding(), super().reader(tables or {}) as engine:     # readers hang on this connection
            yield engine

    @contextmanager
    def _holding(self) -> Iterator[None]:
        """The connection keeps state for the block (a stream, a registered table, readers): never give way."""
        self._busy += 1
        try:
            yield
        finally:
            self._busy -= 1

    def begin(self) -> None:
        self._give_way()
        super().begin()
        self._busy += 1

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            self._busy -= 1

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self._busy -= 1

    def _give_way(self) -> None:
        """A writer between statements, after its slice: let the readers in have the file."""
        if (not self.read_only and self._conn is not None and time.monotonic() - self._since >= SLICE
                and self.turns.readers_in()):
            self.pause()

    def _writer_connect(self) -> duckdb.DuckDBPyConnection:
        with self.turns.writing(self.where):
            try:
                return duckdb.connect(self.where)
            except (duckdb.Error, OSError) as exc:
                raise StoreError(f"{self.where}: cannot open the store ({first_line(exc)})") from exc

    def _reader_connect(self) -> duckdb.DuckDBPyConnection:
        deadline = time.monotonic() + READ_PATIENCE
        if not self.turns.enter(deadline):
            raise StoreBusy(f"{self.where}: a writer kept the store for {READ_PATIENCE:g} s; try again")
        try:
            return _connect_when_free(self.where, deadline)
        except BaseException:
            self.turns.leave()
            raise


def _connect_when_free(where: str, deadline: float) -> duckdb.DuckDBPyConnection:
    """The file opened read-only as soon as the writer lets go of it (before the deadline)."""
    while True:
        try:
            return duckdb.connect(where, read_only=True)
        except (duckdb.Error, OSError) as exc:
            if _HELD not in str(exc):
                raise StoreError(f"{where}: cannot open the store ({first_line(exc)})") from exc
            if time.monotonic() > deadline:
                raise StoreBusy(f"{where}: the store is being written ({first_line(exc)}); try again") from exc
        time.sleep(_POLL)
