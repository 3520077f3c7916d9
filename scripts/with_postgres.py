#!/usr/bin/env python3
"""Run a command against a throwaway PostgreSQL server.

    python scripts/with_postgres.py -- <command...>

Starts a private PostgreSQL cluster (newest server found, 15 on Debian 12) in a temporary
directory, on a free TCP port of 127.0.0.1, with trust authentication and durability switched off
(fsync, synchronous_commit, full_page_writes: it is thrown away anyway). Creates the superuser
``povertyplan`` and the database ``povertyplan`` (Django's test runner creates ``test_povertyplan``
itself), exports ``DATABASE_URL=postgres://povertyplan@127.0.0.1:<port>/povertyplan`` to the command,
then always stops the server and deletes the directory, and exits with the command's exit code.

PostgreSQL refuses to run as root (initdb fails): when run as root, initdb and pg_ctl run as the
``postgres`` system user through ``runuser`` on a data directory owned by that user.

Environment: ``PG_BINDIR`` forces the directory of initdb/pg_ctl; ``WITH_POSTGRES_KEEP_LOG=1`` prints
the server log at the end.
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DB_USER = "povertyplan"
DB_NAME = "povertyplan"
SERVER_USER = "postgres"  # system account used when we are root


def log(message: str) -> None:
    print(f"[with_postgres] {message}", file=sys.stderr, flush=True)


def _version_key(path: str) -> tuple[int, ...]:
    # /usr/lib/postgresql/15/bin/initdb -> (15,)
    match = re.search(r"/postgresql/([\d.]+)/bin/", path)
    return tuple(int(p) for p in match.group(1).split(".") if p) if match else (0,)


def find_bindir() -> Path:
    """Directory holding initdb and pg_ctl (Debian keeps them off PATH)."""
    candidates: list[Path] = []
    if os.environ.get("PG_BINDIR"):
        candidates.append(Path(os.environ["PG_BINDIR"]))
    for pattern in ("/usr/lib/postgresql/*/bin/initdb", "/usr/pgsql-*/bin/initdb", "/usr/local/pgsql/bin/initdb"):
        for found in sorted(glob.glob(pattern), key=_version_key, reverse=True):
            candidates.append(Path(found).parent)
    pg_config = shutil.which("pg_config")
    if pg_config:
        try:
            out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, check=True).stdout
            candidates.append(Path(out.strip()))
        except (OSError, subprocess.CalledProcessError):
            pass
    initdb = shutil.which("initdb")
    if initdb:
        candidates.append(Path(initdb).parent)
    for bindir in candidates:
        if all((bindir / tool).is_file() for tool in ("initdb", "pg_ctl", "createdb")):
            return bindir
    raise SystemExit(
        "with_postgres: no PostgreSQL server binaries found (initdb, pg_ctl). "
        "Install the 'postgresql' package or set PG_BINDIR."
    )


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def pick_locale() -> list[str]:
    """C.UTF-8 keeps upper()/lower() Unicode-aware (Vietnamese icontains); plain C only does ASCII."""
    try:
        names = subprocess.run(["locale", "-a"], capture_output=True, text=True).stdout.split()
    except OSError:
        names = []
    normalized = {n.lower().replace("-", ""): n for n in names}
    if "c.utf8" in normalized:
        return ["--encoding=UTF8", f"--locale={normalized['c.utf8']}"]
    return ["--encoding=UTF8", "--no-locale"]


class Server:
    def __init__(self) -> None:
        self.bindir = find_bindir()
        self.as_root = os.geteuid() == 0
        self.tmp = Path(tempfile.mkdtemp(prefix="povertyplan-pg-"))
        self.data = self.tmp / "data"
        self.sock = self.tmp / "sock"
        self.logfile = self.tmp / "server.log"
        self.port = 0
        self.started = False
        self.prefix: list[str] = []
        if self.as_root:
            runuser = shutil.which("runuser") or "/usr/sbin/runuser"
            try:
                shutil.chown(self.tmp, user=SERVER_USER, group=None)
            except LookupError:
                self.cleanup()
                raise SystemExit(
                    f"with_postgres: running as root but there is no '{SERVER_USER}' system user "
                    "(the 'postgresql' package creates it)."
                ) from None
            self.prefix = [runuser, "-u", SERVER_USER, "--"]
        self.sock.mkdir()
        if self.as_root:
            shutil.chown(self.sock, user=SERVER_USER)

    def _run(self, args: list[str], **kwargs) -> subprocess.CompletedProcess:
        # cwd: the server user may not be allowed into the caller's directory (e.g. /root/...).
        return subprocess.run(self.prefix + args, cwd=self.tmp, **kwargs)

    def initdb(self) -> None:
        cmd = [
            str(self.bindir / "initdb"),
            "--pgdata",
            str(self.data),
            "--username",
            DB_USER,
            "--auth",
            "trust",
            *pick_locale(),
        ]
        result = self._run(cmd, capture_output=True, text=True)
        if result.returncode != 0:
            sys.stderr.write(result.stdout + result.stderr)
            raise SystemExit(f"with_postgres: initdb failed ({result.returncode})")

    def start(self) -> None:
        options = " ".join(
            [
                "-c listen_addresses=127.0.0.1",
                f"-c unix_socket_directories='{self.sock}'",
                "-c fsync=off",
                "-c synchronous_commit=off",
                "-c full_page_writes=off",
                "-c max_connections=100",
            ]
        )
        for attempt in range(1, 4):
            self.port = free_port()
            cmd = [
                str(self.bindir / "pg_ctl"),
                "start",
                "--pgdata",
                str(self.data),
                "--log",
                str(self.logfile),
                "--wait",
                "--timeout",
                "60",
                "--silent",
                "-o",
                f"-p {self.port} {options}",
            ]
            result = self._run(cmd, capture_output=True, text=True)
            if result.returncode == 0:
                self.started = True
                return
            # Most likely the port was taken between free_port() and the bind: try another.
            log(f"pg_ctl start failed (attempt {attempt}): {result.stderr.strip()}")
            self.print_log()
        raise SystemExit("with_postgres: could not start PostgreSQL")

    def createdb(self) -> None:
        cmd = [
            str(self.bindir / "createdb"),
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--username",
            DB_USER,
            DB_NAME,
        ]
        result = subprocess.run(cmd, cwd=self.tmp, env={**os.environ, "PGCONNECT_TIMEOUT": "10"})
        if result.returncode != 0:
            self.print_log()
            raise SystemExit(f"with_postgres: createdb {DB_NAME} failed ({result.returncode})")

    @property
    def url(self) -> str:
        return f"postgres://{DB_USER}@127.0.0.1:{self.port}/{DB_NAME}"

    def stop(self) -> None:
        if not self.started:
            return
        cmd = [str(self.bindir / "pg_ctl"), "stop", "--pgdata", str(self.data), "--mode", "immediate", "--wait"]
        result = self._run(cmd, capture_output=True, text=True)
        if result.returncode != 0:
            log(f"pg_ctl stop failed: {result.stderr.strip()}")
        else:
            self.started = False

    def print_log(self) -> None:
        try:
            sys.stderr.write(self.logfile.read_text(errors="replace"))
        except OSError:
            pass

    def cleanup(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)


def run_command(command: list[str], env: dict[str, str]) -> int:
    """Run the command; forward SIGTERM/SIGHUP to it; Ctrl-C reaches it via the process group."""
    try:
        child = subprocess.Popen(command, env=env)
    except OSError as exc:
        log(f"cannot run {command[0]!r}: {exc}")
        return 127

    def forward(signum, _frame):
        if child.poll() is None:
            child.send_signal(signum)

    previous = {sig: signal.signal(sig, forward) for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        while True:
            try:
                code = child.wait()
                break
            except KeyboardInterrupt:
                # The terminal already sent SIGINT to the child too; give it time to finish.
                try:
                    code = child.wait(timeout=10)
                except (subprocess.TimeoutExpired, KeyboardInterrupt):
                    child.kill()
                    code = child.wait()
                break
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 128 - code if code < 0 else code


def main(argv: list[str]) -> int:
    if "--" in argv:
        argv = argv[argv.index("--") + 1 :]
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__, file=sys.stderr)
        return 2
    started_at = time.monotonic()
    server = Server()
    code = 1
    try:
        # A SIGTERM during setup must still reach the finally below.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
        server.initdb()
        server.start()
        server.createdb()
        log(f"PostgreSQL ({server.bindir}) ready in {time.monotonic() - started_at:.1f} s: DATABASE_URL={server.url}")
        env = {**os.environ, "DATABASE_URL": server.url}
        code = run_command(argv, env)
    except KeyboardInterrupt:
        code = 130
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # do not leave a server behind on a second Ctrl-C
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        try:
            server.stop()
            if os.environ.get("WITH_POSTGRES_KEEP_LOG") == "1":
                server.print_log()
        finally:
            if server.started:
                log(f"server may still be running; data left in {server.tmp}")
            else:
                server.cleanup()
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
