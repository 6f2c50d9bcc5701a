"""The coordinators' admin: pages render, upload with preview, errors never a 500."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dialogues.models import DialogueEvent, Note, SourceDocument, Topic

from .factories import EventFactory, NoteFactory, StatementFactory

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/dialogues/dialogueevent/import/"
SEEDS = __import__("pathlib").Path(__file__).resolve().parents[2] / "dialogues" / "seeds"


@pytest.fixture
def admin_client(client, coordinator):
    client.force_login(coordinator)
    return client


def _upload(admin_client, data, name, **fields):
    return admin_client.post(
        IMPORT_URL, {"file": SimpleUploadedFile(name, data), **fields}, format="multipart"
    )


def test_upload_shows_a_preview_with_unplaced_lines_and_saves_only_on_confirm(admin_client):
    data = (SEEDS / "open-space-2015-raw.txt").read_bytes()
    response = _upload(admin_client, data, "open-space-2015-raw.txt", date="2015-10-23")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Granska inläsningen innan den sparas" in html
    assert "Folkhälsa" in html
    assert "rader kunde inte placeras" in html and "Region" in html  # a PDF page artifact
    assert DialogueEvent.objects.count() == 0  # nothing saved yet
    token = response.context["form"].initial["token"]
    response = admin_client.post(
        IMPORT_URL, {"token": token, "date": "2015-10-23", "title": "Open Space 2015"}
    )
    assert response.status_code == 302
    event = DialogueEvent.objects.get()
    assert event.title == "Open Space 2015"
    assert SourceDocument.objects.get().unplaced_lines


def test_confirming_twice_saves_once(admin_client):
    data = (SEEDS / "open-space-2015-compiled.md").read_bytes()
    response = _upload(admin_client, data, "os.md", date="2015-10-23")
    token = response.context["form"].initial["token"]
    admin_client.post(IMPORT_URL, {"token": token, "date": "2015-10-23"})
    response = _upload(admin_client, data, "os.md", date="2015-10-23")
    assert "redan inläst" in response.content.decode()
    token = response.context["form"].initial["token"]
    response = admin_client.post(IMPORT_URL, {"token": token, "date": "2015-10-23"}, follow=True)
    assert "ingenting ändrades" in response.content.decode()
    assert DialogueEvent.objects.count() == 1 and Topic.objects.count() == 18


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "tom.txt", "Den skickade filen är tom."),  # Django's own check of the upload
        (bytes(range(256)) * 50, "binar.txt", "verkar inte vara en textfil"),
        (b"PK\x03\x04trasig", "trasig.docx", "Word-filen gick inte att läsa"),
        (b"- x\n" * (5 * 1024 * 1024 + 10), "stor.txt", "Filen är för stor"),
        ("## Ämne\r\n- a\r- b\n".encode("cp1252"), "blandat.txt", "Ange datumet"),
    ],
    ids=["empty", "binary", "broken docx", "too large", "no date"],
)
def test_bad_uploads_answer_with_a_clear_message_and_save_nothing(
    admin_client, data, name, message
):
    response = _upload(admin_client, data, name)
    if response.status_code == 200:  # read fine, refused on saving
        token = response.context["form"].initial["token"]
        response = admin_client.post(IMPORT_URL, {"token": token})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert DialogueEvent.objects.count() == 0 and Note.objects.count() == 0


def test_an_expired_preview_asks_for_the_file_again(admin_client):
    response = admin_client.post(IMPORT_URL, {"token": "gammal"}, follow=True)
    assert "Förhandsvisningen har gått ut" in response.content.decode()


def test_the_import_is_for_coordinators_only(client, django_user_model):
    assert client.get(IMPORT_URL).status_code == 302
    staff = django_user_model.objects.create_user("personal", "p@example.org", "x", is_staff=True)
    client.force_login(staff)
    assert client.get(IMPORT_URL).status_code == 403


def test_admin_pages_render_with_inlines_and_a_preview_of_the_notes(admin_client, seed_event):
    assert admin_client.get("/admin/dialogues/dialogueevent/").status_code == 200
    html = admin_client.get(f"/admin/dialogues/dialogueevent/{seed_event.pk}/change/").content
    assert "Folkhälsa" in html.decode()
    topic = seed_event.topics.get(title="Folkhälsa")
    html = admin_client.get(f"/admin/dialogues/topic/{topic.pk}/change/").content.decode()
    assert "Förhandsvisning av anteckningarna" in html
    assert "En gemensam plattform med" in html
    statement = seed_event.barometer_statements.first()
    assert (
        admin_client.get(f"/admin/dialogues/barometerstatement/{statement.pk}/change/").status_code
        == 200
    )
    source = seed_event.sources.first()
    assert (
        admin_client.get(f"/admin/dialogues/sourcedocument/{source.pk}/change/").status_code == 200
    )
    assert admin_client.get(IMPORT_URL).status_code == 200


def test_a_note_is_nested_and_reordered_in_the_topic_admin(admin_client):
    first = NoteFactory(text="Först", position=0)
    topic = first.topic
    second = NoteFactory(topic=topic, text="Sedan", position=1)
    url = f"/admin/dialogues/topic/{topic.pk}/change/"
    data = {
        "event": topic.event.pk, "title": topic.title, "discussed_on_own": "on",
        "position": 0,
        "notes-TOTAL_FORMS": 2, "notes-INITIAL_FORMS": 2,
        "notes-MIN_NUM_FORMS": 0, "notes-MAX_NUM_FORMS": 1000,
        "notes-0-id": first.pk, "notes-0-topic": topic.pk, "notes-0-text": "Först",
        "notes-0-group": 0, "notes-0-position": 1,
        "notes-1-id": second.pk, "notes-1-topic": topic.pk, "notes-1-text": "Sedan",
        "notes-1-group": 0, "notes-1-position": 0, "notes-1-parent": first.pk,
    }  # fmt: skip
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    second.refresh_from_db()
    assert second.parent == first


def test_publish_action(admin_client):
    event = EventFactory(is_published=False)
    admin_client.post(
        "/admin/dialogues/dialogueevent/",
        {"action": "publish", "_selected_action": [event.pk]},
    )
    event.refresh_from_db()
    assert event.is_published and event.published_at


def _event_form_data(response, **changes):
    """What the event's change page posts: its fields as shown, its inlines unchanged."""
    form = response.context["adminform"].form
    data = {name: form.initial.get(name) or "" for name in form.fields if name != "themes"}
    data["date"] = form.initial["date"].isoformat()
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        data.update({management.add_prefix(k): v for k, v in management.initial.items()})
    data.update(changes)
    return {k: v for k, v in data.items() if v is not False}


def test_publishing_from_the_change_page_goes_through_the_event(admin_client):
    event = EventFactory(is_published=False)
    url = f"/admin/dialogues/dialogueevent/{event.pk}/change/"
    response = admin_client.post(url, _event_form_data(admin_client.get(url), is_published="on"))
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.is_published and event.published_at
    published_at = event.published_at

    data = _event_form_data(admin_client.get(url))
    data.pop("is_published")
    assert admin_client.post(url, data).status_code == 302
    event.refresh_from_db()
    assert not event.is_published and event.published_at == published_at  # first publication


def test_open_and_close_actions(admin_client):
    statement = StatementFactory(status="ready")
    url = "/admin/dialogues/barometerstatement/"
    admin_client.post(url, {"action": "open_statements", "_selected_action": [statement.pk]})
    statement.refresh_from_db()
    assert statement.status == "open"
    admin_client.post(url, {"action": "close_statements", "_selected_action": [statement.pk]})
    statement.refresh_from_db()
    assert statement.status == "closed" and statement.result


def test_import_command(tmp_path):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    out = io.StringIO()
    path = SEEDS / "open-space-2015-compiled.md"
    call_command("import_dialogue", str(path), "--date", "2015-10-23", "--publish", stdout=out)
    assert "Imported" in out.getvalue()
    event = DialogueEvent.objects.get()
    assert event.is_published and event.topics.count() == 18
    out = io.StringIO()
    call_command("import_dialogue", str(path), stdout=out)
    assert "nothing changed" in out.getvalue()
    raw = SEEDS / "open-space-2015-raw.txt"
    call_command("import_dialogue", str(raw), "--event", event.slug, "--raw", stdout=io.StringIO())
    assert event.topics.count() == 18
    empty = tmp_path / "tom.txt"
    empty.write_bytes(b"")
    with pytest.raises(CommandError, match="tom"):
        call_command("import_dialogue", str(empty), "--date", "2015-10-23")
    with pytest.raises(CommandError):
        call_command("import_dialogue", str(tmp_path / "saknas.txt"))


def test_an_unexpected_failure_on_saving_is_a_message_not_a_500(admin_client, monkeypatch):
    from dialogues.importing import save as save_module

    def explode(self, event):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(save_module._Saver, "_statements", explode)
    data = (SEEDS / "open-space-2015-compiled.md").read_bytes()
    response = _upload(admin_client, data, "os.md", date="2015-10-23")
    token = response.context["form"].initial["token"]
    response = admin_client.post(IMPORT_URL, {"token": token, "date": "2015-10-23"})
    assert response.status_code == 400
    assert "inget sparades" in response.content.decode()
    assert DialogueEvent.objects.count() == 0 and Topic.objects.count() == 0


def test_another_coordinators_preview_cannot_be_confirmed(admin_client, django_user_model, client):
    data = (SEEDS / "open-space-2015-compiled.md").read_bytes()
    response = _upload(admin_client, data, "os.md", date="2015-10-23")
    token = response.context["form"].initial["token"]
    other = django_user_model.objects.create_user(
        "annan", "annan@example.org", "x", is_staff=True, is_superuser=True
    )
    from django.test import Client

    other_client = Client()
    other_client.force_login(other)
    response = other_client.post(IMPORT_URL, {"token": token, "date": "2015-10-23"}, follow=True)
    assert "Förhandsvisningen har gått ut" in response.content.decode()
    assert DialogueEvent.objects.count() == 0
