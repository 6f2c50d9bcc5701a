"""A Word file uploaded to the dialogue importer is read by the real Celery worker while the
admin shows its progress; the preview and the confirmation follow from the kept upload."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dialogues.models import DialogueEvent
from tests.agreements.test_import_large import read_by_worker
from tests.corpus.documents import word_two_dialogues

pytestmark = pytest.mark.django_db(transaction=True)
IMPORT_URL = "/admin/dialogues/dialogueevent/import/"


def test_a_word_dialogue_document_is_read_by_the_worker_then_imported(
    admin_client, celery_worker_process
):
    response = admin_client.post(
        IMPORT_URL, {"file": SimpleUploadedFile("dialogdag.docx", word_two_dialogues())}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "läses i bakgrunden" in html and 'http-equiv="refresh"' in html
    token = response.context["upload"].token
    preview = read_by_worker(admin_client, f"{IMPORT_URL}?token={token}")
    html = preview.content.decode()
    assert "Dialog 1: Fysisk aktivitet" in html and "Dialog 2: Psykisk hälsa" in html
    admin_client.post(IMPORT_URL, {"token": token, "date": "2023-09-28"})
    event = DialogueEvent.objects.get()
    assert event.title == "Dialogdag om folkhälsa i Värmland"
    assert [d.title for d in event.dialogues.order_by("pk")] == [
        "Dialog 1: Fysisk aktivitet",
        "Dialog 2: Psykisk hälsa",
    ]
