"""The reading task's limits: an address-space limit while it reads, lifted afterwards, and a
time limit; a failed reading is reported with its code, never as a crash."""

import pytest

from okportal.importing import tasks, uploads


def test_reading_runs_under_a_memory_limit_that_is_lifted_afterwards():
    with pytest.raises(MemoryError), uploads.memory_limit(256 * 1024 * 1024):
        bytearray(2 * 1024 * 1024 * 1024)
    assert len(bytearray(512 * 1024 * 1024)) == 512 * 1024 * 1024  # limit lifted


def test_the_reading_task_has_a_time_limit():
    assert tasks.read_upload.soft_time_limit == uploads.READ_SECONDS
    assert tasks.read_upload.time_limit > uploads.READ_SECONDS


@pytest.mark.django_db
def test_a_reading_that_fails_marks_the_upload_failed_with_its_code(django_user_model):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from okportal.models import ImportUpload

    user = django_user_model.objects.create(username="samordnare")
    upload = uploads.store(user, "minutes", SimpleUploadedFile("m.txt", b"\x00\x01" * 100), {})
    uploads.read(upload)
    upload.refresh_from_db()
    assert upload.state == ImportUpload.State.FAILED and upload.error_code == "binary"
