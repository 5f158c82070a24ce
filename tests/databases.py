"""The two databases the collection's tests run on: SQLite in a temporary file, and a real
PostgreSQL server (Debian's ``postgresql`` package, installed by scripts/install-postgresql.sh)
started here in a temporary folder on a free loopback port, once per test session and worker.

As root, PostgreSQL refuses to run: the server is then run as the unprivileged ``postgres`` user
that Debian's package creates. Each test gets a database of its own, dropped afterwards.
"""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

DATABASES = ("sqlite", "postgresql")
START_TIMEOUT_S = 60


def postgres_bin_dir() -> Path | None:
    """The newest PostgreSQL installed by Debian (/usr/lib/postgresql/<version>/bin)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parent.parent.name))
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PostgresServer:
    """A throw-away PostgreSQL cluster: initdb, pg_ctl start, and stop with its folder removed."""

    def __init__(self) -> None:
        bin_dir = postgres_bin_dir()
        if bin_dir is None:
            pytest.fail("PostgreSQL is not installed: run `bash scripts/install-postgresql.sh` (or `make test`)")
        self.bin_dir = bin_dir
        self.as_user: list[str] = []
        self.folder = Path(tempfile.mkdtemp(prefix="collection-pg-"))
        if os.geteuid() == 0:  # initdb and postgres refuse root
            self.as_user = ["runuser", "-u", "postgres", "--"]
            shutil.chown(self.folder, "postgres", "postgres")
        self.data = self.folder / "data"
        self.password = os.urandom(12).hex()
        self.port = 0
        self._names = itertools.count(1)

    def _run(self, *command: str, timeout: float = START_TIMEOUT_S) -> None:
        result = subprocess.run([*self.as_user, *command], capture_output=True, text=True, timeout=timeout,
                                check=False, cwd=self.folder)
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")

    def start(self) -> None:
        password_file = self.folder / "password"
        password_file.write_text(self.password)
        if self.as_user:
            shutil.chown(password_file, "postgres", "postgres")
        self._run(str(self.bin_dir / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "scram-sha-256",
                  "--pwfile", str(password_file), "-E", "UTF8", "--locale", "C.UTF-8", "--no-sync")
        for attempt in range(3):  # the free port may be taken between the check and the start
            self.port = _free_port()
            options = (f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 "
                       # A test server: what it loses in a crash of the machine does not matter.
                       "-c fsync=off -c synchronous_commit=off -c full_page_writes=off")
            try:
                self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-l", str(self.folder / "log"),
                          "-o", options, "-w", "-t", str(START_TIMEOUT_S), "start")
                return
            except RuntimeError:
                if attempt == 2:
                    raise RuntimeError("PostgreSQL did not start:\n" + self.log_tail()) from None

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join((self.folder / "log").read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def stop(self) -> None:
        with contextlib.suppress(RuntimeError, subprocess.TimeoutExpired):
            self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres:{self.password}@127.0.0.1:{self.port}/{database}"

    def create_database(self) -> str:
        """A new empty database; its URL."""
        import psycopg

        name = f"test_{os.getpid()}_{next(self._names)}"
        with psycopg.connect(self.url(), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return name

    def drop_database(self, name: str) -> None:
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """One PostgreSQL server for the whole test session (per xdist worker)."""
    server = PostgresServer()
    started = time.monotonic()
    server.start()
    print(f"PostgreSQL on 127.0.0.1:{server.port}, started in {time.monotonic() - started:.1f} s")
    yield server
    server.stop()


@pytest.fixture(params=DATABASES)
def database_url(request, tmp_path) -> Iterator[str]:
    """An empty database of each kind: every test that takes it runs on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'collection.db'}"
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    name = server.create_database()
    yield server.url(name)
    server.drop_database(name)
