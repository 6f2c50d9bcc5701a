"""Large and Word uploads are read by the real Celery worker, never inside the request; a 9 MB
minutes file goes from upload through preview to import (the text never travels in a form)."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from agreements.models import AgendaItem, Meeting
from okportal.models import ImportUpload
from tests.okportal.test_document_limits import bomb

from .factories import CoordinatorFactory, CouncilFactory

pytestmark = pytest.mark.django_db(transaction=True)
PARAGRAPH = (
    "Rådet diskuterar samverkan mellan regionen och de idéburna organisationerna, bidragen "
    "och hur arbetet ska följas upp under året som kommer.\n"
)


def big_minutes(size: int) -> bytes:
    items, number = [], 1
    per_item = size // 900
    while sum(len(item) for item in items) < size:
        items.append(f"§ {number} Ärende nummer {number}\n" + PARAGRAPH * (per_item // 140) + "\n")
        number += 1
    return (
        "Protokoll Rådet för idéburna organisationer\nDatum: 2023-09-14\n\n" + "".join(items)
    ).encode()


def read_by_worker(client, url: str, seconds: float = 240):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        response = client.get(url)
        if "Dokumentet läses" not in response.content.decode():
            return response
        assert 'http-equiv="refresh"' in response.content.decode()
        time.sleep(1)
    raise AssertionError("the worker did not read the upload in time")


def test_a_9_mb_minutes_file_is_read_by_the_worker_previewed_and_imported(
    client, celery_worker_process
):
    client.force_login(CoordinatorFactory())
    group = CouncilFactory()
    data = big_minutes(9 * 1024 * 1024)
    assert 9 * 1024 * 1024 <= len(data) < 10 * 1024 * 1024
    response = client.post(
        "/admin/agreements/meeting/import/",
        {"file": SimpleUploadedFile("stort.txt", data), "group": group.pk},
    )
    assert response.status_code == 302
    upload = ImportUpload.objects.get()
    assert upload.state in {ImportUpload.State.WAITING, ImportUpload.State.READING,
                            ImportUpload.State.READY}  # fmt: skip
    preview = read_by_worker(client, response.url)
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "Ärende nummer 1" in html and "punkter" in html
    assert 'name="text"' not in html  # nothing of the document travels back in the form
    response = client.post(response.url, {"confirm": "1", "group": group.pk})
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    written = data.decode().count("Ärende nummer")
    assert written > 800
    assert AgendaItem.objects.filter(meeting=meeting).count() == written
    assert not ImportUpload.objects.exists()


def test_a_word_zip_bomb_uploaded_in_the_admin_fails_in_the_worker_with_a_clear_400(
    client, celery_worker_process
):
    client.force_login(CoordinatorFactory())
    group = CouncilFactory()
    data = bomb(95 * 1024 * 1024)
    started = time.monotonic()
    response = client.post(
        "/admin/agreements/meeting/import/",
        {"file": SimpleUploadedFile("bomb.docx", data), "group": group.pk},
    )
    assert response.status_code == 302
    assert time.monotonic() - started < 5  # the request does not read the document
    failed = read_by_worker(client, response.url, seconds=60)
    assert failed.status_code == 400
    assert "Filen är för stor" in failed.content.decode()
    assert not Meeting.objects.exists()
