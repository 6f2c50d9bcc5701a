"""The outbox under SMTP trouble, with a clock the test controls: a two-hour outage loses
nothing, a permanent refusal fails at once with the reason, a coordinator can retry."""

import datetime

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone

from okportal import mail
from okportal.local_services import free_port
from okportal.mail import deliver
from okportal.models import OutgoingMail

MINUTE = datetime.timedelta(minutes=1)


class Moody:
    """An SMTP server that answers 421 while `down`, 550 for `refused` addresses."""

    def __init__(self):
        self.down = False
        self.refused = set()
        self.received = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.down:
            return "421 4.3.2 Service not available, try later"
        if address in self.refused:
            return "550 5.1.1 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.received.append(envelope.rcpt_tos[0])
        return "250 OK"


@pytest.fixture
def moody(settings):
    handler = Moody()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    yield handler
    controller.stop()


def rows(n, now):
    return [
        OutgoingMail.objects.create(
            key="t",
            recipient=f"p{i}@example.org",
            subject="s",
            body_text="b",
            created_at=now,
            next_attempt_at=now,
        )
        for i in range(n)
    ]


def beat(now):
    """One minute of beat's sweep at `now`, sending what it hands out here."""
    deliver(OutgoingMail.objects.for_sweep(now).values_list("pk", flat=True), now)


def test_a_two_hour_outage_loses_nothing(db, moody):
    start = timezone.now()
    moody.down = True
    messages = rows(5, start)
    deliver([m.pk for m in messages], start)
    now = start
    while now < start + datetime.timedelta(hours=2):
        now += MINUTE
        beat(now)
    assert moody.received == []
    assert set(OutgoingMail.objects.values_list("status", flat=True)) == {"queued"}
    attempts = OutgoingMail.objects.first().attempts
    assert 5 <= attempts <= 10  # spread out: 1, 2, 4 … minutes, at most an hour apart
    assert "421" in OutgoingMail.objects.first().last_error
    moody.down = False
    while OutgoingMail.objects.due(now + datetime.timedelta(days=1)).exists():
        now += MINUTE
        beat(now)
        assert now < start + datetime.timedelta(hours=3, minutes=5)
    assert sorted(moody.received) == sorted(m.recipient for m in messages)  # each once
    assert set(OutgoingMail.objects.values_list("status", flat=True)) == {"sent"}


def test_after_a_day_of_failures_the_row_fails_and_a_coordinator_retries_it(db, moody):
    now = timezone.now()
    moody.down = True
    (message,) = rows(1, now)
    for _ in range(OutgoingMail.MAX_ATTEMPTS):
        now = OutgoingMail.objects.get().next_attempt_at
        deliver([message.pk], now)
    message.refresh_from_db()
    assert message.status == OutgoingMail.Status.FAILED
    assert now - message.created_at > datetime.timedelta(hours=20)
    assert message.last_error.startswith("gave up after 30 attempts: ")
    assert "421 4.3.2" in message.last_error
    moody.down = False
    assert mail.retry(OutgoingMail.objects.all()) == 1
    assert deliver([message.pk]) == 1
    assert moody.received == ["p0@example.org"]


def test_a_550_fails_at_once_with_the_reason_and_the_others_go(db, moody):
    now = timezone.now()
    moody.refused = {"p1@example.org"}
    messages = rows(3, now)
    assert deliver([m.pk for m in messages], now) == 2
    refused = OutgoingMail.objects.get(recipient="p1@example.org")
    assert refused.status == OutgoingMail.Status.FAILED
    assert refused.attempts == 1 and "550" in refused.last_error
    assert sorted(moody.received) == ["p0@example.org", "p2@example.org"]


def test_a_refused_connection_is_temporary(db, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    now = timezone.now()
    (message,) = rows(1, now)
    deliver([message.pk], now)
    message.refresh_from_db()
    assert message.status == OutgoingMail.Status.QUEUED and message.attempts == 1
    assert message.next_attempt_at == now + MINUTE
    assert "ConnectionRefusedError" in message.last_error


def test_old_rows_are_pruned_after_the_retention_period(db, settings):
    settings.MAIL_RETENTION_DAYS = 180
    old = timezone.now() - datetime.timedelta(days=181)
    sent = OutgoingMail.objects.create(
        key="a", recipient="a@example.org", subject="s", body_text="b", created_at=old,
        status=OutgoingMail.Status.SENT,
    )  # fmt: skip
    queued = OutgoingMail.objects.create(
        key="b", recipient="a@example.org", subject="s", body_text="b", created_at=old
    )
    recent = OutgoingMail.objects.create(
        key="c", recipient="a@example.org", subject="s", body_text="b",
        status=OutgoingMail.Status.SENT,
    )  # fmt: skip
    from okportal.tasks import prune_mail

    assert prune_mail() == 1
    assert set(OutgoingMail.objects.values_list("pk", flat=True)) == {queued.pk, recent.pk}
    assert not OutgoingMail.objects.filter(pk=sent.pk).exists()


def test_fan_out_shares_one_connection(db, smtp_server, monkeypatch):
    from django.core.mail.backends.smtp import EmailBackend

    opened = []
    original = EmailBackend.open

    def counting_open(self):
        created = original(self)
        if created:
            opened.append(1)
        return created

    monkeypatch.setattr(EmailBackend, "open", counting_open)
    messages = rows(20, timezone.now())
    assert deliver([m.pk for m in messages]) == 20
    assert len(opened) == 1
    assert len(smtp_server.wait_for(20)) == 20


def test_password_reset_and_sign_up_mail_is_never_stored_in_the_outbox(client, db, mailoutbox):
    from tests.organisations.factories import UserFactory

    UserFactory(email="glomsk@example.org")
    client.post("/accounts/password/reset/", {"email": "glomsk@example.org"})
    assert len(mailoutbox) == 1
    password = "Klarälven-1917-ny"
    signup = {
        "name": "Ny Person",
        "email": "ny@example.org",
        "password1": password,
        "password2": password,
    }
    client.post("/accounts/signup/", signup)
    assert len(mailoutbox) == 2 and mailoutbox[1].to == ["ny@example.org"]
    assert not OutgoingMail.objects.exists()


def test_the_sweep_leaves_fresh_rows_to_their_task_and_takes_lost_and_retried_ones(db):
    now = timezone.now()
    fresh = rows(1, now)[0]
    lost = OutgoingMail.objects.create(
        key="lost", recipient="l@example.org", subject="s", body_text="b",
        created_at=now - OutgoingMail.TASK_GRACE, next_attempt_at=now - OutgoingMail.TASK_GRACE,
    )  # fmt: skip
    retried = OutgoingMail.objects.create(
        key="retry", recipient="r@example.org", subject="s", body_text="b", attempts=2,
        created_at=now, next_attempt_at=now + 2 * MINUTE,
    )  # fmt: skip
    assert set(OutgoingMail.objects.for_sweep(now)) == {lost}
    assert set(OutgoingMail.objects.for_sweep(now + 2 * MINUTE)) == {lost, retried}
    assert fresh not in OutgoingMail.objects.for_sweep(now + 2 * MINUTE)
