"""Invitations to 10,000 recipients through the outbox: one Celery worker, then two, into a
local SMTP server (aiosmtpd on loopback) that counts what arrives.

    make bench BENCHES=bench/invitations.py            # 10,000 recipients
    make bench BENCHES=bench/invitations.py ARGS=2000  # fewer

Prints, per run: the time to queue the invitations (rows rendered and stored, one transaction),
the time from the commit until the last message was accepted by the SMTP server, messages per
second, and how many arrived twice (0 expected without faults)."""

import collections
import datetime
import logging
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import scratch_database  # noqa: E402

BASE_DIR = Path(__file__).resolve().parent.parent
QUEUE = "bench-invitations"


class Counter:
    def __init__(self):
        self.received = collections.Counter()

    async def handle_DATA(self, server, session, envelope):
        self.received.update(envelope.rcpt_tos)
        return "250 OK"


def workers(count: int, database_url: str, smtp_port: int) -> list[subprocess.Popen]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "true",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "CELERY_QUEUE": QUEUE,
    }
    return [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "okportal",
                "worker",
                "--pool=solo",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-l",
                "error",
                "-Q",
                QUEUE,
                "-n",
                f"bench{n}@%h",
            ],
            cwd=BASE_DIR,
            env=env,
        )  # fmt: skip
        for n in range(count)
    ]


def run(recipients: int, worker_count: int, database_url: str, round_number: int) -> dict:
    from aiosmtpd.controller import Controller
    from django.db import transaction
    from django.utils import timezone

    from agreements.models import Meeting
    from invitations import inviting
    from okportal.local_services import free_port
    from okportal.models import OutgoingMail
    from organisations.models import WorkingGroup

    counter = Counter()
    smtp = Controller(counter, hostname="127.0.0.1", port=free_port())
    smtp.start()
    processes = workers(worker_count, database_url, smtp.port)
    try:
        group, _ = WorkingGroup.objects.get_or_create(
            slug="bench", defaults={"name": "Bench", "kind": "arbetsgrupp"}
        )
        starts = timezone.now() + datetime.timedelta(days=30 + round_number)
        meeting = Meeting.objects.create(
            group=group,
            title=f"Stormöte {round_number}",
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=2),
        )
        addresses = [f"person{n}@bench.example.org" for n in range(recipients)]
        began = time.monotonic()
        with transaction.atomic():
            inviting.invite(meeting, emails=addresses)
        committed = time.monotonic()
        rows = OutgoingMail.objects.filter(key=f"invitations:invite:{meeting.pk}")
        while rows.filter(status=OutgoingMail.Status.SENT).count() < recipients:
            time.sleep(0.5)
            if time.monotonic() - committed > 1800:
                raise SystemExit("not all sent within 30 minutes")
        finished = time.monotonic()
        doubled = sum(n - 1 for a, n in counter.received.items() if n > 1)
        return {
            "workers": worker_count,
            "queue_s": committed - began,
            "send_s": finished - committed,
            "per_s": recipients / (finished - committed),
            "arrived": sum(counter.received.values()),
            "doubled": doubled,
        }
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=60)
        smtp.stop()


def main() -> None:
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd's chatter
    recipients = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    with scratch_database("okportal_bench_invitations") as database_url:
        os.environ["DATABASE_URL"] = database_url
        os.environ["CELERY_QUEUE"] = QUEUE
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "okportal.settings")
        import django

        django.setup()
        results = [run(recipients, n, database_url, n) for n in (1, 2)]
    print(f"\nInvitations to {recipients} recipients (outbox → Celery → SMTP on loopback)")
    print(f"{'workers':>8} {'queue (s)':>10} {'send (s)':>9} {'msg/s':>7} {'arrived':>8} "
          f"{'doubled':>8}")  # fmt: skip
    for r in results:
        print(f"{r['workers']:>8} {r['queue_s']:>10.1f} {r['send_s']:>9.1f} {r['per_s']:>7.0f} "
              f"{r['arrived']:>8} {r['doubled']:>8}")  # fmt: skip


if __name__ == "__main__":
    main()
