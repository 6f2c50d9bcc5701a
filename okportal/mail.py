"""The outbox: queue e-mail as rows, send them from a Celery worker after the transaction commits.

Each message is a template set in `templates/mail/`: NAME_subject.txt, NAME.txt and NAME.html,
rendered in the recipient's language.

What is guaranteed: a row, once committed, is sent or marked failed with the reason (at least
once). A worker locks the row while it talks to the SMTP server and marks it in the same
transaction; if it dies after the server accepted the message and before the commit, the row is
still queued and is sent again — the only way a message arrives twice.
"""

import logging
import re
import smtplib
from collections.abc import Iterable
from datetime import datetime
from email.mime.text import MIMEText

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation

from . import unsubscribe
from .models import MailOptOut, OutgoingMail

logger = logging.getLogger(__name__)

# Fan-out: this many messages share one task and one SMTP connection.
BATCH_SIZE = 50


def render_mail(template: str, context: dict, language: str) -> tuple[str, str, str]:
    context = {"site_url": settings.SITE_URL, "language": language, **context}
    with translation.override(language):
        subject = render_to_string(f"mail/{template}_subject.txt", context)
        text = render_to_string(f"mail/{template}.txt", context)
        html = render_to_string(f"mail/{template}.html", context)
    return " ".join(subject.split()), text, html


def queue_mail(
    key: str,
    recipient: str,
    template: str,
    context: dict,
    language: str = "sv",
    *,
    calendar: str = "",
    headers: dict | None = None,
    reply_to: str = "",
    topic: str = "",
    send: bool = True,
) -> OutgoingMail | None:
    """Store the message and (unless `send` is false) send it once the transaction commits.

    Returns None when a message for this occasion already went to this recipient, or when the
    recipient unsubscribed from the message's `topic` (see okportal/unsubscribe.py; a message
    with a topic carries the one-click unsubscribe link). With `send=False` the caller hands the
    rows to `send_on_commit` itself, in batches.
    """
    headers = dict(headers or {})
    if topic:
        if MailOptOut.objects.opted_out([recipient], topic):
            return None
        url = unsubscribe.link(recipient, topic, language)
        context = {**context, "unsubscribe_url": url}
        headers.update(unsubscribe.headers(url))
    subject, text, html = render_mail(template, context, language)
    try:
        with transaction.atomic():
            mail = OutgoingMail.objects.create(
                key=key,
                template=template,
                recipient=recipient,
                subject=subject,
                body_text=text,
                body_html=html,
                calendar=calendar,
                headers=headers,
                reply_to=reply_to,
            )
    except IntegrityError:
        return None
    if send:
        send_on_commit([mail.pk])
    return mail


def send_on_commit(mail_ids: Iterable[int]) -> None:
    """Queue Celery tasks for these rows once the transaction commits, BATCH_SIZE to a task."""
    from .tasks import send_mail_batch

    ids = list(mail_ids)
    for start in range(0, len(ids), BATCH_SIZE):
        send_mail_batch.delay_on_commit(ids[start : start + BATCH_SIZE])


def build_message(mail: OutgoingMail, connection=None) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        mail.subject,
        mail.body_text,
        to=[mail.recipient],
        reply_to=[mail.reply_to] if mail.reply_to else None,
        headers=mail.headers or None,
        connection=connection,
    )
    if mail.body_html:
        message.attach_alternative(mail.body_html, "text/html")
    if mail.calendar:
        part = MIMEText(mail.calendar, "calendar", "utf-8")
        if method := re.search(r"^METHOD:(\w+)", mail.calendar, re.MULTILINE):
            part.set_param("method", method.group(1))
        part.add_header("Content-Disposition", "attachment", filename="invitation.ics")
        message.attach(part)
    return message


def is_permanent(error: OSError) -> bool:
    """A 5xx answer will not change by trying again; refusals, timeouts and 4xx may."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _message in error.recipients.values())
    return isinstance(error, smtplib.SMTPResponseException) and error.smtp_code >= 500


def describe(error: OSError) -> str:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "; ".join(
            f"{address}: {code} {message.decode(errors='replace')}"
            for address, (code, message) in error.recipients.items()
        )
    if isinstance(error, smtplib.SMTPResponseException):
        message = error.smtp_error
        text = message.decode(errors="replace") if isinstance(message, bytes) else str(message)
        return f"{error.smtp_code} {text}"
    return f"{type(error).__name__}: {error}"


def deliver(mail_ids: Iterable[int], now: datetime | None = None) -> int:
    """Send the due rows among `mail_ids` over one SMTP connection; returns how many were sent.

    Each row is claimed on its own (`SELECT … FOR UPDATE SKIP LOCKED`, still queued and due):
    a row another worker holds, one already sent or one waiting for its next attempt is left
    alone. `now` is the clock, for tests.
    """
    connection = get_connection()
    sent = 0
    try:
        for mail_id in mail_ids:
            sent += _deliver_one(mail_id, connection, now or timezone.now())
    finally:
        connection.close()
    return sent


def _deliver_one(mail_id: int, connection, now: datetime) -> bool:
    with transaction.atomic():
        mail = OutgoingMail.objects.due(now).select_for_update(skip_locked=True).filter(pk=mail_id)
        mail = mail.first()
        if mail is None:
            return False
        try:
            connection.open()  # a no-op while open; opened here, it stays open for the next
            connection.send_messages([build_message(mail, connection)])
        except OSError as error:
            connection.close()  # the next message opens a fresh connection
            record_failure(mail, error, now)
            return False
        OutgoingMail.objects.filter(pk=mail.pk).update(
            status=OutgoingMail.Status.SENT, sent_at=now, attempts=F("attempts") + 1
        )
    return True


def record_failure(mail: OutgoingMail, error: OSError, now: datetime) -> None:
    attempts = mail.attempts + 1
    reason = describe(error)
    if is_permanent(error):
        status = OutgoingMail.Status.FAILED
    elif attempts >= OutgoingMail.MAX_ATTEMPTS:
        status = OutgoingMail.Status.FAILED
        reason = f"gave up after {attempts} attempts: {reason}"
    else:
        status = OutgoingMail.Status.QUEUED
    logger.warning("sending %s failed (%s): %s", mail.pk, status, reason)
    OutgoingMail.objects.filter(pk=mail.pk).update(
        status=status,
        attempts=attempts,
        last_error=reason,
        next_attempt_at=now + OutgoingMail.retry_delay(attempts),
    )


def retry(queryset) -> int:
    """A coordinator's retry: failed rows are queued again with a fresh count of attempts."""
    with transaction.atomic():
        ids = list(queryset.filter(status=OutgoingMail.Status.FAILED).values_list("pk", flat=True))
        OutgoingMail.objects.filter(pk__in=ids).update(
            status=OutgoingMail.Status.QUEUED, attempts=0, next_attempt_at=timezone.now()
        )
        send_on_commit(ids)
    return len(ids)
