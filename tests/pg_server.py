"""A PostgreSQL server of the test's own, to restart, stop and cut connections of.

Made with Debian's `pg_createcluster` on a free port (as root, which CI is), dropped at the
end. The shared server other tests use is never touched.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest


def _installed_version() -> str:
    """The newest PostgreSQL major version installed (Debian keeps them in /usr/lib/postgresql)."""
    root = Path("/usr/lib/postgresql")
    versions = (
        sorted((p.name for p in root.iterdir() if p.name.isdigit()), key=int)
        if root.is_dir()
        else []
    )
    return versions[-1] if versions else "15"


VERSION = _installed_version()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def can_run() -> str:
    """Why an own server cannot be made here ('' when it can)."""
    if os.geteuid() != 0:
        return "needs root to create its own PostgreSQL cluster"
    if shutil.which("pg_createcluster") is None:
        return "pg_createcluster (postgresql-common) is not installed"
    return ""


def _run(*command: str) -> str:
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    if done.returncode:
        raise RuntimeError(f"{' '.join(command)} failed: {done.stderr or done.stdout}")
    return done.stdout


@dataclass
class OwnServer:
    name: str
    port: int

    @property
    def url(self) -> str:
        return f"postgresql://kefu:kefu@127.0.0.1:{self.port}/kefu"

    def ctl(self, action: str) -> None:
        """`pg_ctlcluster 15 <name> start|stop|restart` (fast mode: sessions are cut)."""
        command = ["pg_ctlcluster", VERSION, self.name, action]
        if action in ("stop", "restart"):
            command += ["-m", "fast"]
        _run(*command)
        if action != "stop":
            self.wait_ready()

    def wait_ready(self) -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                self.psql("SELECT 1")
                return
            except RuntimeError:
                time.sleep(0.2)
        raise RuntimeError(f"cluster {self.name} did not come up")

    def psql(self, sql: str, database: str = "postgres") -> str:
        """Run `sql` as the superuser over the local socket."""
        return _run(
            "runuser", "-u", "postgres", "--", "psql", "-X", "-q", "-t", "-A",
            "-p", str(self.port), "-d", database, "-c", sql,
        )  # fmt: skip

    def cut_app_connections(self) -> int:
        """`pg_terminate_backend` every connection of the app (as a firewall or blip would)."""
        out = self.psql(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE application_name = 'kefu-desktop' AND pid <> pg_backend_pid()"
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and self.psql(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'kefu-desktop'"
        ).strip() not in ("0", ""):
            time.sleep(0.05)
        return int(out.strip() or 0)

    def terminate(self, pid: int) -> None:
        """Cut one backend and wait until it is gone."""
        self.psql(f"SELECT pg_terminate_backend({pid})")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and self.psql(
            f"SELECT count(*) FROM pg_stat_activity WHERE pid = {pid}"
        ).strip() not in ("0", ""):
            time.sleep(0.05)

    def drop(self) -> None:
        subprocess.run(
            ["pg_dropcluster", "--stop", VERSION, self.name], capture_output=True, timeout=120
        )


def create_server() -> OwnServer:
    """A fresh cluster `kefu_restart_<port>` with role and database kefu/kefu, started
    (`pg_createcluster <version> kefu_restart_<port> --port <port>`)."""
    reason = can_run()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the server-restart tests: {reason}")
        pytest.skip(reason)
    port = free_port()
    server = OwnServer(f"kefu_restart_{port}", port)
    _run("pg_createcluster", VERSION, server.name, "--port", str(port))
    try:
        server.ctl("start")
        server.psql("CREATE ROLE kefu LOGIN PASSWORD 'kefu'")
        server.psql("CREATE DATABASE kefu OWNER kefu ENCODING 'UTF8' TEMPLATE template0")
    except Exception:
        server.drop()
        raise
    return server
