from celery import shared_task

from . import inviting, reminders


@shared_task(acks_late=True, reject_on_worker_lost=True)
def notify_meeting_change(meeting_id: int) -> int:
    return inviting.notify_change(meeting_id)


@shared_task
def send_reminders() -> int:
    """Beat, every few minutes: reminders of coming meetings and of overdue adjustments."""
    return reminders.send_meeting_reminders() + reminders.send_adjustment_reminders()
