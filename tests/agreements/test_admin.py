import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from agreements.models import AgendaItem, Meeting
from okportal.models import OutgoingMail

from .factories import (
    AdjusterFactory,
    AgendaItemFactory,
    AttendanceFactory,
    CoordinatorFactory,
    CouncilFactory,
    MeetingFactory,
    UserFactory,
)
from .test_import import COUNCIL_SEED
from .test_meetings import held_meeting

pytestmark = pytest.mark.django_db

INLINES = ("items", "adjusters", "attendances", "season_dates", "plan", "invitations")


def local(value):
    return timezone.localtime(value)


def change_data(meeting, items=None, **changes):
    """What the admin's change form posts for `meeting`, with `items` as inline rows."""
    data = {
        "group": meeting.group_id, "title": meeting.title, "slug": meeting.slug,
        "status": meeting.status, "lock_version": meeting.lock_version,
        "starts_at_0": local(meeting.starts_at).date().isoformat(),
        "starts_at_1": local(meeting.starts_at).strftime("%H:%M"),
        "ends_at_0": local(meeting.ends_at).date().isoformat(),
        "ends_at_1": local(meeting.ends_at).strftime("%H:%M"),
        "place": meeting.place, "online_url": meeting.online_url, "chair": meeting.chair,
        "note_taker": meeting.note_taker, "description": meeting.description,
        "next_meeting_at_0": "", "next_meeting_at_1": "", "next_meeting_note": "",
    }  # fmt: skip
    for prefix in INLINES:
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0,
                     f"{prefix}-MIN_NUM_FORMS": 0, f"{prefix}-MAX_NUM_FORMS": 1000})  # fmt: skip
    existing = list(meeting.items.all()) if meeting.pk else []
    rows = items if items is not None else [{} for _ in existing]
    data["items-TOTAL_FORMS"] = len(rows)
    data["items-INITIAL_FORMS"] = len(existing)
    for i, row in enumerate(rows):
        base = {"number": i + 1, "title": f"Punkt {i + 1}", "presenter": "", "minutes": "",
                "decision": "", "links": "", "lock_version": 0, "meeting": meeting.pk}  # fmt: skip
        if i < len(existing):
            item = existing[i]
            base.update(
                id=item.pk, number=item.number, title=item.title, minutes=item.minutes,
                decision=item.decision, links=item.links, lock_version=item.lock_version,
            )  # fmt: skip
        base.update(row)
        data.update({f"items-{i}-{key}": value for key, value in base.items()})
    data.update(changes)
    return data


def test_admin_pages_show_a_coordinator_what_they_are_for(client, coordinator):
    client.force_login(coordinator)
    meeting = held_meeting(title="Rådets junimöte")
    item = AgendaItemFactory(meeting=meeting, title="Nära vård")
    for url, shown in (
        ("/admin/agreements/meeting/", ["Rådets junimöte", "Importera minnesanteckningar"]),
        ("/admin/agreements/meeting/add/", ['name="title"', 'name="status"']),
        (f"/admin/agreements/meeting/{meeting.pk}/change/",
         ['value="Nära vård"', "Minnesanteckningar:", "Publicera minnesanteckningar"]),
        ("/admin/agreements/meeting/import/", ['type="file"']),
        (f"/admin/agreements/agendaitem/{item.pk}/change/", ['value="Nära vård"']),
        ("/admin/agreements/agreementversion/add/", ['name="number"']),
        ("/admin/agreements/agreement/add/", ['name="vision"']),
        ("/admin/agreements/signature/", ["Välj underskrift att ändra"]),
    ):  # fmt: skip
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        for text in shown:
            assert text in html, (url, text)


def test_admin_is_closed_to_the_public(client):
    client.force_login(UserFactory())
    assert client.get("/admin/agreements/meeting/").status_code == 302
    assert client.post("/admin/agreements/meeting/preview/", {"text": "x"}).status_code == 302


def test_coordinator_writes_minutes_for_items_inline(client, coordinator):
    client.force_login(coordinator)
    meeting = held_meeting()
    data = change_data(meeting, items=[{"minutes": f"Text {n}"} for n in range(3)])
    response = client.post(f"/admin/agreements/meeting/{meeting.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(meeting.items.values_list("minutes", flat=True)) == ["Text 0", "Text 1", "Text 2"]


def test_a_stale_save_of_an_item_is_refused_and_nothing_is_lost(client, coordinator):
    client.force_login(coordinator)
    meeting = held_meeting()
    item = AgendaItemFactory(meeting=meeting, minutes="Ursprunglig text.")
    seen_by_second = change_data(meeting)  # both coordinators opened the page now
    first = change_data(meeting, items=[{"minutes": "Första samordnarens text."}])
    assert client.post(f"/admin/agreements/meeting/{meeting.pk}/change/", first).status_code == 302
    seen_by_second["items-0-minutes"] = "Andra samordnarens text."
    response = client.post(f"/admin/agreements/meeting/{meeting.pk}/change/", seen_by_second)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Någon annan sparade de här anteckningarna medan du redigerade dem" in html
    assert "Andra samordnarens text." in html  # still in the form
    item.refresh_from_db()
    assert item.minutes == "Första samordnarens text."
    assert item.lock_version == 1


def test_a_stale_save_of_the_meeting_itself_is_refused(client, coordinator):
    client.force_login(coordinator)
    meeting = held_meeting(place="Karlstad")
    stale = change_data(meeting, place="Arvika")
    fresh = change_data(meeting, place="Kil")
    assert client.post(f"/admin/agreements/meeting/{meeting.pk}/change/", fresh).status_code == 302
    response = client.post(f"/admin/agreements/meeting/{meeting.pk}/change/", stale)
    assert response.status_code == 200
    meeting.refresh_from_db()
    assert meeting.place == "Kil"


def test_admin_refuses_a_new_planned_meeting_in_the_past_and_keeps_the_input(client, coordinator):
    client.force_login(coordinator)
    group = CouncilFactory()
    starts = timezone.localtime() - datetime.timedelta(days=3)
    data = change_data(
        Meeting(group=group, title="Glömt möte", starts_at=starts,
                ends_at=starts + datetime.timedelta(hours=1), status="planned"),
        items=[],
    )  # fmt: skip
    data.pop("slug")
    response = client.post("/admin/agreements/meeting/add/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ett nytt planerat möte kan inte börja i det förflutna." in html
    assert 'value="Glömt möte"' in html
    assert not Meeting.objects.exists()


def test_publishing_waits_for_the_adjusters_then_mails_the_participants(
    client, coordinator, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    meeting = held_meeting()
    AgendaItemFactory(meeting=meeting)
    AttendanceFactory(meeting=meeting, email="anna@example.org")
    AttendanceFactory(meeting=meeting)  # the organisation's own address
    AttendanceFactory(meeting=meeting, organisation=None, person="Utan adress", email="")
    AdjusterFactory(meeting=meeting, name="Per Persson", user=coordinator)
    other = AdjusterFactory(meeting=meeting, name="Eva Ek")
    response = client.post(f"/admin/agreements/meeting/{meeting.pk}/publish/", follow=True)
    assert "väntar på justering av: Per Persson, Eva Ek" in response.content.decode()
    client.post(f"/admin/agreements/meeting/{meeting.pk}/approve/")
    data = change_data(meeting)
    data.update({
        "adjusters-TOTAL_FORMS": 2, "adjusters-INITIAL_FORMS": 2,
        "adjusters-0-id": meeting.adjusters.get(name="Per Persson").pk,
        "adjusters-0-name": "Per Persson", "adjusters-0-user": coordinator.pk,
        "adjusters-0-approved": "on", "adjusters-0-meeting": meeting.pk,
        "adjusters-1-id": other.pk, "adjusters-1-name": "Eva Ek", "adjusters-1-approved": "on",
        "adjusters-1-meeting": meeting.pk,
    })  # fmt: skip
    assert client.post(f"/admin/agreements/meeting/{meeting.pk}/change/", data).status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.ADJUSTED
    other.refresh_from_db()
    assert other.approved_at and other.recorded_by == coordinator
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(f"/admin/agreements/meeting/{meeting.pk}/publish/")
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PUBLISHED and meeting.published_by == coordinator
    mails = OutgoingMail.objects.filter(key=f"agreements:minutes:{meeting.pk}")
    assert mails.count() == 2
    assert len([c for c in callbacks if "send_mail" in repr(c)]) == 2
    mail = mails.get(recipient="anna@example.org")
    assert mail.subject.startswith("Minnesanteckningar publicerade: ")
    assert (
        meeting.get_absolute_url() in mail.body_text
        and meeting.get_absolute_url() in mail.body_html
    )
    response = client.post(f"/admin/agreements/meeting/{meeting.pk}/publish/", follow=True)
    assert "redan publicerade" in response.content.decode()
    assert mails.count() == 2


def test_status_cannot_be_set_by_hand(client, coordinator):
    client.force_login(coordinator)
    meeting = held_meeting()
    url = f"/admin/agreements/meeting/{meeting.pk}/change/"
    assert 'name="status"' not in client.get(url).content.decode()
    response = client.post(url, change_data(meeting, status=Meeting.Status.PUBLISHED))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.DRAFT


def test_a_new_meeting_starts_planned_or_held_only(client, coordinator):
    client.force_login(coordinator)
    html = client.get("/admin/agreements/meeting/add/").content.decode()
    select = html[
        html.index('name="status"') : html.index("</select>", html.index('name="status"'))
    ]
    assert "Planerat" in select and "Genomfört" in select
    assert "publicerade" not in select and "Inställt" not in select


def test_every_text_of_an_item_is_kept_and_an_earlier_one_can_be_restored(client, coordinator):
    client.force_login(coordinator)
    meeting = held_meeting()
    AgendaItemFactory(meeting=meeting, minutes="Version ett.")
    item = AgendaItem.objects.get()
    for text in ("Version två.", "Version tre."):
        item.refresh_from_db()
        data = change_data(meeting, items=[{"minutes": text}])
        data["lock_version"] = Meeting.objects.get().lock_version
        assert (
            client.post(f"/admin/agreements/meeting/{meeting.pk}/change/", data).status_code == 302
        )
    history = list(item.history.order_by("history_date"))
    assert [h.minutes for h in history] == ["Version ett.", "Version två.", "Version tre."]
    assert history[-1].history_user == coordinator
    listing = client.get(f"/admin/agreements/agendaitem/{item.pk}/history/").content.decode()
    assert "Version" in listing
    first = history[0]
    url = f"/admin/agreements/agendaitem/{item.pk}/history/{first.history_id}/"
    page = client.get(url)
    assert page.status_code == 200 and "Version ett." in page.content.decode()
    item.refresh_from_db()
    data = {"number": item.number, "title": item.title, "presenter": "", "minutes": "Version ett.",
            "decision": "", "links": "", "lock_version": item.lock_version,
            "attachments-TOTAL_FORMS": 0, "attachments-INITIAL_FORMS": 0,
            "attachments-MIN_NUM_FORMS": 0, "attachments-MAX_NUM_FORMS": 1000}  # fmt: skip
    assert client.post(url, data).status_code == 302
    item.refresh_from_db()
    assert item.minutes == "Version ett."


def test_markdown_preview_is_sanitised(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        "/admin/agreements/meeting/preview/", {"text": "**fet** <script>x</script>"}
    )
    # what looks like HTML is shown as text, never run
    assert response.json()["html"] == "<p><strong>fet</strong> &lt;script&gt;x&lt;/script&gt;</p>"


def upload(client, name, content, **fields):
    return client.post(
        "/admin/agreements/meeting/import/", {"file": SimpleUploadedFile(name, content), **fields}
    )


def test_upload_shows_a_preview_with_unplaced_lines_then_imports_once(client, coordinator):
    client.force_login(coordinator)
    group = CouncilFactory()
    response = upload(
        client, COUNCIL_SEED.name, COUNCIL_SEED.read_bytes(), group=group.pk, date="2021-04-29"
    )
    assert response.status_code == 302
    preview_url = response.url
    html = client.get(preview_url).content.decode()
    assert "11 punkter" in html and "Nära vård" in html
    assert "länk som upprepas i slutet av en sida" in html
    assert not Meeting.objects.exists()
    confirm = {"confirm": "1", "group": group.pk, "date": "2021-04-29", "title": ""}
    response = client.post(preview_url, confirm)
    meeting = Meeting.objects.get()
    assert response.url == f"/admin/agreements/meeting/{meeting.pk}/change/"
    assert meeting.status == Meeting.Status.DRAFT
    assert client.post(preview_url, confirm).status_code == 404  # the upload is gone
    assert Meeting.objects.count() == 1 and AgendaItem.objects.count() == 11


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("protokoll.pdf", b"%PDF-1.4", "Filtypen stöds inte"),
        ("protokoll.docx", b"inte en zip", "Word-filen gick inte att läsa"),
    ],
)
def test_upload_errors_are_shown_next_to_the_field_with_400(
    client, coordinator, name, content, message
):
    client.force_login(coordinator)
    response = upload(client, name, content, group=CouncilFactory().pk)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Meeting.objects.exists()


def test_a_document_without_a_date_says_so_and_is_saved_once_the_date_is_given(client, coordinator):
    client.force_login(coordinator)
    group = CouncilFactory()
    text = "1\nÖppnande\nText utan datum.\n2\nAvslut\nSlut.\n".encode()
    preview_url = upload(client, "protokoll.txt", text, group=group.pk).url
    html = client.get(preview_url).content.decode()
    assert "Inget datum hittades" in html
    response = client.post(preview_url, {"confirm": "1", "group": group.pk})
    assert response.status_code == 400
    assert "Dokumentet säger inte när mötet hölls" in response.content.decode()
    response = client.post(
        preview_url, {"confirm": "1", "group": group.pk, "date": "2020-02-03", "start": "13:15"}
    )
    meeting = Meeting.objects.get()
    assert local(meeting.starts_at) == datetime.datetime(
        2020, 2, 3, 13, 15, tzinfo=local(meeting.starts_at).tzinfo
    )


def test_a_line_corrected_into_a_heading_becomes_an_item_and_the_count_of_guesses_shows(
    client, coordinator
):
    client.force_login(coordinator)
    group = CouncilFactory()
    text = (
        "Styrelsemöte 2022-03-01\n\n1. Öppnande\nOrdföranden hälsar välkommen.\n"
        "Ekonomi\nKassören redovisar läget.\n\n2. Avslutning\nMötet avslutas.\n"
    ).encode()
    preview_url = upload(client, "styrelse.txt", text, group=group.pk).url
    html = client.get(preview_url).content.decode()
    assert "2 punkter" in html
    response = client.post(
        preview_url,
        {
            "update": "1",
            "group": group.pk,
            "date": "2022-03-01",
            "first_line": 5,
            "role": "heading",
        },
    )
    assert response.status_code == 302
    html = client.get(response.url).content.decode()
    assert "3 punkter" in html and "(rättad)" in html
    client.post(preview_url, {"confirm": "1", "group": group.pk, "date": "2022-03-01"})
    titles = list(AgendaItem.objects.order_by("number").values_list("number", "title"))
    assert titles == [(1, "Öppnande"), (2, "Ekonomi"), (3, "Avslutning")]


def test_a_correction_range_past_the_end_is_refused_with_400(client, coordinator):
    client.force_login(coordinator)
    group = CouncilFactory()
    text = "Möte 2022-03-01\n\n1. Öppnande\nHej.\n\n2. Slut\nHej då.\n".encode()
    preview_url = upload(client, "m.txt", text, group=group.pk).url
    response = client.post(
        preview_url, {"update": "1", "group": group.pk, "first_line": 2, "last_line": 99}
    )
    assert response.status_code == 400
    assert "Dokumentet har 8 rader" in response.content.decode()


def test_importing_again_lists_hand_edits_and_replaces_only_when_asked(client, coordinator):
    client.force_login(coordinator)
    group = CouncilFactory()
    text = "Möte 2022-03-01\n\n1. Öppnande\nHej.\n\n2. Slut\nHej då.\n".encode()
    first = upload(client, "m.txt", text, group=group.pk).url
    client.post(first, {"confirm": "1", "group": group.pk})
    meeting = Meeting.objects.get()
    item = meeting.items.get(number=1)
    item.title = "Öppnande av mötet"
    item.save()
    again = upload(client, "m.txt", text, group=group.pk).url
    html = client.get(again).content.decode()
    assert "importerats tidigare" in html and "Öppnande av mötet" in html
    assert "tas bort: §1 Öppnande av mötet" in html and "läggs till: §1 Öppnande" in html
    response = client.post(again, {"confirm": "1", "group": group.pk})
    assert response.status_code == 400
    client.post(again, {"confirm": "1", "group": group.pk, "replace": "on"})
    assert Meeting.objects.get().pk == meeting.pk
    assert meeting.items.get(number=1).title == "Öppnande"


def test_imported_minutes_are_published_only_when_asked_and_without_mail(client, coordinator):
    client.force_login(coordinator)
    group = CouncilFactory()
    text = "Möte 2022-03-01\n\n1. Öppnande\nHej.\n\n2. Slut\nHej då.\n".encode()
    preview_url = upload(client, "m.txt", text, group=group.pk).url
    client.post(preview_url, {"confirm": "1", "group": group.pk, "publish": "on"})
    meeting = Meeting.objects.get()
    assert meeting.status == Meeting.Status.PUBLISHED and meeting.published_by == coordinator
    assert not OutgoingMail.objects.exists()


def test_someone_elses_upload_is_404(client, coordinator):
    client.force_login(coordinator)
    group = CouncilFactory()
    text = "Möte 2022-03-01\n\n1. Öppnande\nHej.\n\n2. Slut\nHej då.\n".encode()
    preview_url = upload(client, "m.txt", text, group=group.pk).url
    client.force_login(CoordinatorFactory())
    assert client.get(preview_url).status_code == 404


def test_adjuster_without_rights_cannot_approve_someone_elses_minutes(client, coordinator):
    client.force_login(coordinator)
    meeting = held_meeting()
    AdjusterFactory(meeting=meeting, name="Eva Ek")
    response = client.post(f"/admin/agreements/meeting/{meeting.pk}/approve/", follow=True)
    assert "Du är inte en av justerarna" in response.content.decode()
    assert meeting.adjusters.get().approved_at is None


def test_planned_meeting_can_be_moved_and_gets_a_new_sequence(client, coordinator):
    client.force_login(coordinator)
    meeting = MeetingFactory()
    moved = local(meeting.starts_at) + datetime.timedelta(days=1)
    data = change_data(meeting, starts_at_0=moved.date().isoformat(),
                       ends_at_0=moved.date().isoformat())  # fmt: skip
    assert client.post(f"/admin/agreements/meeting/{meeting.pk}/change/", data).status_code == 302
    meeting.refresh_from_db()
    assert meeting.sequence == 1


def test_items_can_swap_numbers_but_two_items_cannot_share_one(client, coordinator):
    client.force_login(coordinator)
    meeting = held_meeting()
    first = AgendaItemFactory(meeting=meeting, number=1, title="Ett")
    AgendaItemFactory(meeting=meeting, number=2, title="Två")
    url = f"/admin/agreements/meeting/{meeting.pk}/change/"
    response = client.post(url, change_data(meeting, items=[{"number": 2}, {"number": 1}]))
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.number == 2
    meeting.refresh_from_db()
    response = client.post(url, change_data(meeting, items=[{"number": 1}, {"number": 1}]))
    assert response.status_code == 200
    assert sorted(meeting.items.values_list("number", flat=True)) == [1, 2]


def test_renumber_action_numbers_items_one_two_three(client, coordinator):
    client.force_login(coordinator)
    meeting = held_meeting()
    for number in (2, 5, 9):
        AgendaItemFactory(meeting=meeting, number=number)
    client.post(
        "/admin/agreements/meeting/",
        {"action": "renumber_items", "_selected_action": [meeting.pk]},
    )
    assert list(meeting.items.values_list("number", flat=True)) == [1, 2, 3]


def test_a_long_meeting_page_folds_what_is_seldom_changed(client, coordinator):
    client.force_login(coordinator)
    meeting = held_meeting()
    html = client.get(f"/admin/agreements/meeting/{meeting.pk}/change/").content.decode()
    folded = re.findall(r"<details[^>]*>\s*<summary[^>]*>(.*?)</summary>", html, re.S)
    text = " ".join(re.sub(r"<[^>]+>", " ", summary) for summary in folded)
    for heading in ("Om mötet", "Publicering", "Närvaro"):
        assert heading in text, heading
    assert "Dagordning" not in text  # the agenda, the page's work, stays open
