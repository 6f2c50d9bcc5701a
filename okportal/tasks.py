import logging

from celery import shared_task
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import OutgoingMail

logger = logging.getLogger(__name__)


@shared_task
def send_mail(mail_id: int) -> None:
    """Send one queued message; a row another worker holds, or one already sent, is left alone."""
    with transaction.atomic():
        mail = (
            OutgoingMail.objects.due()
            .select_for_update(skip_locked=True)
            .filter(pk=mail_id, attempts__lt=OutgoingMail.MAX_ATTEMPTS)
            .first()
        )
        if mail is None:
            return
        message = EmailMultiAlternatives(mail.subject, mail.body_text, to=[mail.recipient])
        if mail.body_html:
            message.attach_alternative(mail.body_html, "text/html")
        try:
            message.send()
        except OSError as error:
            logger.warning("sending %s failed: %s", mail, error)
            OutgoingMail.objects.filter(pk=mail.pk).update(
                attempts=F("attempts") + 1,
                last_error=str(error),
                status=OutgoingMail.Status.FAILED
                if mail.attempts + 1 >= OutgoingMail.MAX_ATTEMPTS
                else OutgoingMail.Status.QUEUED,
            )
            return
        mail.status = OutgoingMail.Status.SENT
        mail.sent_at = timezone.now()
        mail.attempts += 1
        mail.save(update_fields=["status", "sent_at", "attempts"])


@shared_task
def send_due_mail() -> None:
    """Beat's sweep: queue again what a lost task or a failed attempt left unsent."""
    due = OutgoingMail.objects.due().filter(attempts__lt=OutgoingMail.MAX_ATTEMPTS)
    for mail_id in due.values_list("pk", flat=True)[:500]:
        send_mail.delay(mail_id)
