from celery import shared_task

from .mail import deliver, send_on_commit
from .models import OutgoingMail

# A task is acknowledged only when it has run, and handed back to the broker when its worker
# dies: the rows of a killed worker are sent by the next one (see okportal/mail.py).
RELIABLE = {"acks_late": True, "reject_on_worker_lost": True}


@shared_task(**RELIABLE)
def send_mail(mail_id: int) -> None:
    deliver([mail_id])


@shared_task(**RELIABLE)
def send_mail_batch(mail_ids: list[int]) -> None:
    deliver(mail_ids)


@shared_task
def send_due_mail(limit: int = 5000) -> int:
    """Beat's sweep: hand again to the workers what is due for another attempt or what a lost
    task left unsent. Sending checks each row again, so a row queued twice goes out once."""
    ids = list(
        OutgoingMail.objects.for_sweep()
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    send_on_commit(ids)
    return len(ids)


@shared_task
def prune_mail() -> int:
    """Sent and failed rows are deleted after MAIL_RETENTION_DAYS."""
    deleted, _ = OutgoingMail.objects.expired().delete()
    return deleted
