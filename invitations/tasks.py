from celery import shared_task

from . import inviting, reminders


@shared_task(acks_late=True, reject_on_worker_lost=True)
def notify_change(kind: str, pk: int) -> int:
    """A meeting ("meeting") or dialogue event ("event") changed its calendar."""
    return inviting.notify_change(kind, pk)


@shared_task
def send_reminders() -> int:
    """Beat, every few minutes: reminders of coming meetings and dialogue events, and of
    overdue adjustments."""
    return reminders.send_meeting_reminders() + reminders.send_adjustment_reminders()
