import time
from pathlib import Path

import pytest
from django.db import transaction

from okportal.mail import queue_mail
from okportal.models import OutgoingMail
from okportal.tasks import send_mail

TEST_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@pytest.fixture
def sample_templates(settings):
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [TEST_TEMPLATES, *engine["DIRS"]]}]


def wait_until_sent(mail_id: int, seconds: float = 30) -> OutgoingMail:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        mail = OutgoingMail.objects.get(pk=mail_id)
        if mail.status == OutgoingMail.Status.SENT:
            return mail
        time.sleep(0.1)
    raise AssertionError(f"mail {mail_id} still {mail.status}: {mail.last_error}")


def test_a_real_worker_sends_queued_mail_through_the_broker(
    celery_worker_process, smtp_server, sample_templates
):
    with transaction.atomic():
        mail = queue_mail("test:1", "anna@example.org", "sample", {"name": "Anna"})
    sent = wait_until_sent(mail.pk)
    messages = smtp_server.wait_for(1)
    assert messages[0].rcpt_tos == ["anna@example.org"]
    content = messages[0].content.decode()
    assert "Hej Anna!" in content
    assert "<p>Hej Anna!</p>" in content
    assert sent.sent_at is not None
    assert sent.attempts == 1


def test_the_same_occasion_is_mailed_only_once(
    db, sample_templates, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        first = queue_mail("test:2", "anna@example.org", "sample", {"name": "Anna"})
        second = queue_mail("test:2", "anna@example.org", "sample", {"name": "Anna"})
    assert first is not None
    assert second is None
    assert OutgoingMail.objects.count() == 1
    assert len(callbacks) == 1


def test_mail_is_rendered_in_the_recipients_language(db, sample_templates):
    with transaction.atomic():
        swedish = queue_mail("test:3", "a@example.org", "sample", {"name": "A"}, language="sv")
        english = queue_mail("test:3", "b@example.org", "sample", {"name": "B"}, language="en")
    assert swedish.subject == "Kontakt A"
    assert english.subject == "Contact B"


def test_sending_to_a_dead_server_keeps_the_mail_queued(db, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    mail = OutgoingMail.objects.create(
        key="t", recipient="a@example.org", subject="s", body_text="b"
    )
    send_mail(mail.pk)
    mail.refresh_from_db()
    assert mail.status == OutgoingMail.Status.QUEUED
    assert mail.attempts == 1
    assert mail.last_error


def test_a_sent_mail_is_never_sent_again(db, mailoutbox):
    mail = OutgoingMail.objects.create(
        key="t", recipient="a@example.org", subject="s", body_text="b"
    )
    send_mail(mail.pk)
    send_mail(mail.pk)
    assert len(mailoutbox) == 1
