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
from dataclasses import dataclass, field
from datetime import datetime
from email.mime.text import MIMEText

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Lower
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


@dataclass
class Message:
    """One message to queue: `key` names its occasion (unique with the recipient), `topic` the
    kind of mail the recipient may unsubscribe from (empty: essential mail)."""

    key: str
    recipient: str
    template: str
    context: dict
    language: str = "sv"
    calendar: str = ""
    headers: dict = field(default_factory=dict)
    reply_to: str = ""
    topic: str = ""


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
    """Store one message and (unless `send` is false) send it once the transaction commits.

    Returns None when a message for this occasion already went to this recipient, or when the
    recipient unsubscribed from the message's `topic` (see okportal/unsubscribe.py; a message
    with a topic carries the one-click unsubscribe link). With `send=False` the caller hands the
    rows to `send_on_commit` itself, in batches.
    """
    message = Message(
        key, recipient, template, context, language, calendar, dict(headers or {}), reply_to, topic
    )
    try:
        with transaction.atomic():
            queued = queue_mails([message], send=send)
    except IntegrityError:  # queued for this occasion at the same moment elsewhere
        return None
    return queued[0] if queued else None


def queue_mails(messages: list[Message], *, send: bool = True) -> list[OutgoingMail]:
    """Store many messages at a fixed number of queries, however many: one for the opt-outs,
    one for what was queued before, one insert. Those already queued for their occasion and
    those unsubscribed from their topic are left out; returns the rows stored.

    Meant for a caller that holds the lock of what the messages are about (a meeting's
    invitations): a message queued in between by someone else makes the insert fail (the
    unique constraint), and the caller's transaction with it; nothing is sent twice."""
    opted_out = _opted_out(messages)
    queued = set(
        OutgoingMail.objects.filter(
            key__in={m.key for m in messages}, recipient__in={m.recipient for m in messages}
        ).values_list("key", "recipient")
    )
    rows = []
    for message in messages:
        if (message.key, message.recipient) in queued or (
            message.topic and (message.recipient.lower(), message.topic) in opted_out
        ):
            continue
        queued.add((message.key, message.recipient))
        rows.append(_row(message))
    rows = OutgoingMail.objects.bulk_create(rows)
    if send:
        send_on_commit(row.pk for row in rows)
    return rows


def _opted_out(messages: list[Message]) -> set[tuple[str, str]]:
    """(lower-cased address, topic) of the messages' recipients who unsubscribed."""
    topics = {m.topic for m in messages if m.topic}
    if not topics:
        return set()
    addresses = {m.recipient.lower() for m in messages if m.topic}
    return {
        (email.lower(), topic)
        for email, topic in MailOptOut.objects.alias(lower=Lower("email"))
        .filter(lower__in=addresses, topic__in=topics)
        .values_list("email", "topic")
    }


def _row(message: Message) -> OutgoingMail:
    context, headers = message.context, dict(message.headers)
    if message.topic:
        url = unsubscribe.link(message.recipient, message.topic, message.language)
        context = {**context, "unsubscribe_url": url}
        headers.update(unsubscribe.headers(url))
    subject, text, html = render_mail(message.template, context, message.language)
    return OutgoingMail(
        key=message.key,
        template=message.template,
        recipient=message.recipient,
        subject=subject,
        body_text=text,
        body_html=html,
        calendar=message.calendar,
        headers=headers,
        reply_to=message.reply_to,
    )


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
