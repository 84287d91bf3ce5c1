"""A throwaway PostgreSQL server for the tests: initdb and pg_ctl on loopback, trust auth.

Uses the server binaries of Debian's postgresql package (or any on PATH). As root it
runs them as the ``postgres`` user, since PostgreSQL refuses to run as root. Every
problem becomes a pytest skip that says what is missing.
"""

from __future__ import annotations

import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

INSTALL_HINT = "install Debian's postgresql package (apt-get install postgresql) to run the PostgreSQL store tests"


def _bindir() -> Path | None:
    config = shutil.which("pg_config")
    if config:
        found = subprocess.run([config, "--bindir"], capture_output=True, text=True).stdout.strip()
        if found and (Path(found) / "initdb").exists():
            return Path(found)
    for candidate in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (candidate / "initdb").exists():
            return candidate
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PostgresServer:
    def __init__(self, bindir: Path, folder: Path, port: int, runner: list[str]):
        self.bindir, self.folder, self.port, self.runner = bindir, folder, port, runner
        self.base = f"postgresql://diplomap@127.0.0.1:{port}"
        self.names = itertools.count(1)

    @classmethod
    def start(cls) -> PostgresServer:
        """A running server in a new folder under the system's temporary folder (which the
        ``postgres`` user can reach, unlike pytest's own, private to the user running it)."""
        try:
            import psycopg  # noqa: F401
        except ImportError:
            pytest.skip("psycopg is not installed (pip install 'psycopg[binary]')")
        bindir = _bindir()
        if bindir is None:
            pytest.skip(f"PostgreSQL server binaries not found; {INSTALL_HINT}")
        folder = Path(tempfile.mkdtemp(prefix="diplomap-pg-"))
        runner = []
        if os.geteuid() == 0:
            try:
                shutil.chown(folder, user="postgres")
            except (LookupError, OSError):
                pytest.skip("running as root and there is no 'postgres' user to run the PostgreSQL server")
            runner = ["runuser", "-u", "postgres", "--"]
        server = cls(bindir, folder, _free_port(), runner)
        server._run("initdb", "-D", str(folder / "data"), "-U", "diplomap", "--auth=trust", "-E", "UTF8",
                    "--no-sync")
        options = f"-p {server.port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        server._run("pg_ctl", "-D", str(folder / "data"), "-o", options, "-l", str(folder / "log"), "-w", "-t", "30",
                    "start")
        return server

    def _run(self, program: str, *args: str) -> None:
        try:
            done = subprocess.run([*self.runner, str(self.bindir / program), *args], capture_output=True, text=True,
                                  timeout=60)
        except (OSError, subprocess.TimeoutExpired) as exc:
            pytest.skip(f"PostgreSQL {program} could not run ({exc}); {INSTALL_HINT}")
        if done.returncode != 0:
            log = self.folder / "log"
            tail = log.read_text(errors="replace")[-500:] if log.exists() else ""
            pytest.skip(f"PostgreSQL {program} failed: {(done.stderr or done.stdout).strip()[-300:]} {tail}")

    def _admin(self):
        import psycopg

        return psycopg.connect(f"{self.base}/postgres", autocommit=True)

    def create_database(self) -> str:
        name = f"diplomap_test_{os.getpid()}_{next(self.names)}"
        with self._admin() as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return f"{self.base}/{name}"

    def drop_database(self, url: str) -> None:
        with self._admin() as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {url.rsplit('/', 1)[1]} WITH (FORCE)")

    def stop(self) -> None:
        subprocess.run([*self.runner, str(self.bindir / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "immediate",
                        "stop"], capture_output=True, timeout=60)
        shutil.rmtree(self.folder, ignore_errors=True)
