import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from okportal import demo
from okportal.local_services import free_port


class Command(BaseCommand):
    help = "Migrate, load the demo content, then run the web server, a Celery worker and beat."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", 0)))

    def handle(self, *args, port, **options):
        call_command("migrate", interactive=False, verbosity=0)
        call_command("load_demo")
        port = port or self.first_free_port()
        python = sys.executable
        processes = [
            subprocess.Popen([python, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"]),
            subprocess.Popen([python, "-m", "celery", "-A", "okportal", "worker", "-l", "info",
                              "--concurrency", "2"]),
            subprocess.Popen([python, "-m", "celery", "-A", "okportal", "beat", "-l", "info",
                              "-s", settings.CELERY_BEAT_SCHEDULE_FILENAME]),
        ]  # fmt: skip
        self.stdout.write(
            self.style.SUCCESS(
                f"\nÖK-portalen: http://127.0.0.1:{port}/  (English: http://127.0.0.1:{port}/en/)\n"
                f"Coordinator login: {demo.COORDINATOR_EMAIL} / {demo.COORDINATOR_PASSWORD}\n"
                f"Mail is printed here and kept in {settings.EMAIL_FILE_PATH}. Stop with Ctrl-C.\n"
            )
        )
        self.supervise(processes)

    @staticmethod
    def first_free_port() -> int:
        import socket

        for candidate in range(8000, 8010):
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", candidate)) != 0:
                    return candidate
        return free_port()

    def supervise(self, processes) -> None:
        stopping = False

        def stop(*_):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        while not stopping and all(p.poll() is None for p in processes):
            time.sleep(0.5)
        for process in processes:
            if process.poll() is None:
                process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
