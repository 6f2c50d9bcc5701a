import logging
import os
import signal
import subprocess
import sys
import time
from collections import deque
from collections.abc import Callable

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from okportal import demo
from okportal.local_services import free_port

logger = logging.getLogger("okportal.runportal")


class RestartLimit:
    """At most `limit` restarts within `window` seconds: a process that keeps crashing at once
    is not restarted for ever."""

    def __init__(
        self, limit: int = 5, window: float = 300, clock: Callable[[], float] | None = None
    ) -> None:
        self.limit = limit
        self.window = window
        self.clock = clock or time.monotonic
        self.restarts: deque[float] = deque()

    def allows_another(self) -> bool:
        """Whether one more restart is allowed now; counts it when it is."""
        now = self.clock()
        while self.restarts and self.restarts[0] <= now - self.window:
            self.restarts.popleft()
        if len(self.restarts) >= self.limit:
            return False
        self.restarts.append(now)
        return True


class Child:
    """One process of the portal, started again when it ends unasked (within its limit)."""

    def __init__(self, name: str, command: list[str], *, when_gone: str = "") -> None:
        self.name = name
        self.command = command
        # What is missing once it is given up on; nothing said: the portal is down without it.
        self.when_gone = when_gone
        self.limit = RestartLimit()
        self.process: subprocess.Popen | None = None
        self.given_up = False

    def start(self) -> None:
        self.process = subprocess.Popen(self.command)

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None


class Command(BaseCommand):
    help = (
        "Migrate, load the demo content, then run the web server, a Celery worker and beat; "
        "a worker or beat (or web server) that crashes is started again, at most 5 times in "
        "5 minutes each."
    )

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", 0)))

    def handle(self, *args, port, **options):
        call_command("migrate", interactive=False, verbosity=0)
        call_command("load_demo")
        port = port or self.first_free_port()
        python = sys.executable
        children = [
            Child("web server", [python, "manage.py", "runserver", f"127.0.0.1:{port}",
                                 "--noreload"]),
            Child("Celery worker", [python, "-m", "celery", "-A", "okportal", "worker", "-l",
                                    "info", "--concurrency", "2"],
                  when_gone="mail waits in the outbox"),
            Child("Celery beat", [python, "-m", "celery", "-A", "okportal", "beat", "-l", "info",
                                  "-s", settings.CELERY_BEAT_SCHEDULE_FILENAME],
                  when_gone="mail a lost task left unsent is not queued again"),
        ]  # fmt: skip
        for child in children:
            child.start()
        self.stdout.write(
            self.style.SUCCESS(
                f"\nÖK-portalen: http://127.0.0.1:{port}/  (English: http://127.0.0.1:{port}/en/)\n"
                f"Coordinator login: {demo.COORDINATOR_EMAIL} / {demo.COORDINATOR_PASSWORD}\n"
                f"Mail is printed here and kept in {settings.EMAIL_FILE_PATH}. Stop with Ctrl-C.\n"
            )
        )
        if not self.supervise(children):
            raise CommandError("the web server kept crashing; everything is stopped")

    @staticmethod
    def first_free_port() -> int:
        import socket

        for candidate in range(8000, 8010):
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", candidate)) != 0:
                    return candidate
        return free_port()

    def supervise(self, children: list[Child]) -> bool:
        """Watch the children until Ctrl-C (True) or until the web server is past its limit
        (False); then stop them all."""
        stopping = False

        def stop(*_):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        healthy = True
        while not stopping and healthy:
            healthy = self.look_after(children, stopping=lambda: stopping)
            time.sleep(0.5)
        for child in children:
            if child.running():
                child.process.terminate()
        for child in children:
            try:
                child.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                child.process.kill()
        return healthy

    @staticmethod
    def look_after(children: list[Child], stopping: Callable[[], bool] = lambda: False) -> bool:
        """Start again each child that ended (a Ctrl-C ends them all: not then), or give up on
        it past its limit. False when the portal cannot go on (the web server is given up)."""
        for child in children:
            if stopping() or child.given_up or child.running():
                continue
            code = child.process.returncode
            if child.limit.allows_another():
                logger.warning(
                    "%s ended (exit code %s); starting it again (restart %d of at most %d in "
                    "%d s)",
                    child.name, code, len(child.limit.restarts), child.limit.limit,
                    child.limit.window,
                )  # fmt: skip
                child.start()
                continue
            child.given_up = True
            if not child.when_gone:
                logger.error(
                    "%s ended (exit code %s) %d times within %d s: stopping the portal",
                    child.name, code, child.limit.limit, child.limit.window,
                )  # fmt: skip
                return False
            logger.error(
                "%s ended (exit code %s) %d times within %d s: not started again. The web "
                "server keeps serving; %s until `make run` is started again",
                child.name, code, child.limit.limit, child.limit.window, child.when_gone,
            )  # fmt: skip
        return True
