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


def children_of(pid: int) -> dict[int, str]:
    """The processes whose parent is `pid`, with their command lines."""
    found = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                cmdline = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode()
                found[int(stat.parent.name)] = cmdline
        except (OSError, IndexError, ValueError):
            continue
    return found


def child_running(parent: int, text: str, seconds: float = 60) -> int:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for pid, command in children_of(parent).items():
            if text in command:
                return pid
        time.sleep(0.2)
    raise AssertionError(f"no child of {parent} runs {text!r} after {seconds} s")


def test_a_killed_worker_is_started_again_and_the_web_server_keeps_answering(server_dir):
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
    with open(server_dir / "run.log", "w") as log:
        portal = subprocess.Popen(
            command, cwd=BASE_DIR, env=env, start_new_session=True, stdout=log, stderr=log
        )
        try:
            wait_for_page(f"http://127.0.0.1:{port}/")
            runportal = child_running(portal.pid, "runportal")
            worker = child_running(runportal, "celery -A okportal worker")
            beat = child_running(runportal, "celery -A okportal beat")
            os.kill(worker, signal.SIGKILL)
            os.kill(beat, signal.SIGKILL)
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                new_worker = child_running(runportal, "celery -A okportal worker")
                new_beat = child_running(runportal, "celery -A okportal beat")
                if {new_worker, new_beat}.isdisjoint({worker, beat}):
                    break
                time.sleep(0.5)
            assert new_worker != worker and new_beat != beat
            for _ in range(5):  # the web server answers all along
                assert '<html lang="sv">' in wait_for_page(f"http://127.0.0.1:{port}/", 5)
                time.sleep(1)
            assert portal.poll() is None
        finally:
            os.killpg(portal.pid, signal.SIGINT)
            portal.wait(timeout=60)
    output = (server_dir / "run.log").read_text()
    assert "Celery worker ended (exit code -9); starting it again (restart 1 of at most 5" in output
    assert "Celery beat ended (exit code -9); starting it again" in output
    assert Valkey(server_dir).port() is None
    assert processes_mentioning("celery -A okportal beat -l info -s " + str(server_dir)) == []


def test_a_process_that_keeps_crashing_is_given_up_and_the_web_server_stays(caplog):
    from okportal.management.commands.runportal import Child, Command

    sleep = [sys.executable, "-c", "import time; time.sleep(120)"]
    web = Child("web server", sleep)
    worker = Child("Celery worker", [sys.executable, "-c", "raise SystemExit(3)"],
                   when_gone="mail waits in the outbox")  # fmt: skip
    children = [web, worker]
    for child in children:
        child.start()
    try:
        deadline = time.monotonic() + 60
        while not worker.given_up and time.monotonic() < deadline:
            assert Command.look_after(children)
            time.sleep(0.1)
        assert worker.given_up and len(worker.limit.restarts) == 5
        assert web.running()
        assert "Celery worker ended (exit code 3) 5 times within 300 s: not started again" in (
            caplog.text
        )
        web.process.kill()
        web.process.wait()
        assert Command.look_after(children)
        assert web.running()  # the web server is started again too
    finally:
        for child in children:
            child.process.kill()
            child.process.wait()


def test_a_web_server_past_its_limit_stops_the_portal():
    from okportal.management.commands.runportal import Child, Command

    web = Child("web server", [sys.executable, "-c", "raise SystemExit(1)"])
    web.start()
    deadline = time.monotonic() + 60
    while Command.look_after([web]) and time.monotonic() < deadline:
        web.process.wait()
    assert web.given_up and len(web.limit.restarts) == 5


def test_restart_limit_counts_restarts_within_its_window():
    from okportal.management.commands.runportal import RestartLimit

    now = [0.0]
    limit = RestartLimit(limit=2, window=60, clock=lambda: now[0])
    assert limit.allows_another()
    now[0] = 30.0
    assert limit.allows_another()
    assert not limit.allows_another()
    now[0] = 59.9
    assert not limit.allows_another()
    now[0] = 60.1  # the first restart is out of the window: one more
    assert limit.allows_another()
    assert not limit.allows_another()
