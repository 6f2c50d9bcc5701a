"""What `make run` does, end to end, in a data folder of its own."""

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from okportal.local_services import Valkey, free_port

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def processes_mentioning(text: str) -> list[str]:
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            command = cmdline.read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if text in command:
            found.append(command)
    return found


def wait_for_page(url: str, seconds: float = 120) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode()
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"{url} did not answer within {seconds} s")


def test_the_portal_starts_with_its_own_servers_and_ctrl_c_leaves_nothing_running(server_dir):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "TEST_DATABASE_NAME"}
    }
    env |= {
        "OKPORTAL_LOCAL_DIR": str(server_dir),
        "CELERY_BEAT_SCHEDULE_FILENAME": str(server_dir / "beat"),
        "EMAIL_FILE_PATH": str(server_dir / "mail"),
        "DEBUG": "true",
    }
    port = free_port()
    command = [sys.executable, "-m", "okportal.local_services", "run", "--",
               sys.executable, "manage.py", "runportal", "--port", str(port)]  # fmt: skip
    # Output goes to a file: a pipe nobody reads could fill up and block the portal.
    with open(server_dir / "run.log", "w") as log:
        portal = subprocess.Popen(
            command, cwd=BASE_DIR, env=env, start_new_session=True, stdout=log, stderr=log
        )
        try:
            assert '<html lang="sv">' in wait_for_page(f"http://127.0.0.1:{port}/")
            assert '<html lang="en">' in wait_for_page(f"http://127.0.0.1:{port}/en/")
            assert len(processes_mentioning("celery -A okportal")) >= 2
        finally:
            os.killpg(portal.pid, signal.SIGINT)  # what Ctrl-C does in a terminal
            portal.wait(timeout=60)
    assert "samordnare@example.org" in (server_dir / "run.log").read_text()
    assert processes_mentioning(str(server_dir / "postgres")) == []
    assert Valkey(server_dir).port() is None
    assert processes_mentioning("celery -A okportal beat -l info -s " + str(server_dir)) == []
    assert (server_dir / "postgres" / "PG_VERSION").exists()
