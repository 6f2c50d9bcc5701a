"""The Celery task that reads an uploaded document outside any request."""

from __future__ import annotations

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded

from okportal.models import ImportUpload

from . import uploads


@shared_task(soft_time_limit=uploads.READ_SECONDS, time_limit=uploads.READ_SECONDS + 15)
def read_upload(upload_id: int) -> None:
    upload = ImportUpload.objects.filter(pk=upload_id, state=ImportUpload.State.WAITING).first()
    if upload is None:  # read already, or removed
        return
    try:
        with uploads.memory_limit(uploads.READ_MEMORY_BYTES):
            uploads.read(upload)
    except MemoryError:
        uploads.fail(upload_id, "too_large")
    except SoftTimeLimitExceeded:
        uploads.fail(upload_id, "too_slow")
