"""The way of a meeting and its minutes (agreements/workflow.py): its guards, the buttons the
coordinator sees, the publishing confirmation, corrections of published minutes, the import."""

import datetime

import pytest
from django.utils import timezone

from agreements import workflow
from agreements.importing.save import import_minutes
from agreements.models import Meeting
from okportal.models import OutgoingMail

from .factories import (
    AdjusterFactory,
    AgendaItemFactory,
    AttendanceFactory,
    CouncilFactory,
    MeetingFactory,
)
from .test_admin import change_data
from .test_import import COUNCIL_SEED
from .test_meetings import held_meeting

pytestmark = pytest.mark.django_db


def steps(meeting):
    return [t.name for t in workflow.available_transitions(meeting)]


def test_a_coming_meeting_can_be_cancelled_but_not_held_or_published():
    meeting = MeetingFactory()  # planned, in the future
    AgendaItemFactory(meeting=meeting)
    assert steps(meeting) == ["cancel"]
    with pytest.raises(workflow.WorkflowError, match="inte börjat"):
        workflow.hold(meeting)
    workflow.cancel(meeting)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CANCELLED
    assert steps(meeting) == []


def test_minutes_of_a_meeting_that_has_not_started_cannot_be_published(coordinator):
    starts = timezone.now() + datetime.timedelta(days=2)
    meeting = MeetingFactory(
        starts_at=starts, ends_at=starts + datetime.timedelta(hours=1), status="minutes_draft"
    )
    AgendaItemFactory(meeting=meeting)
    assert "publish" not in steps(meeting)
    with pytest.raises(workflow.WorkflowError, match="Mötet har inte börjat än"):
        workflow.publish(meeting, by=coordinator)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.DRAFT and meeting.published_at is None


def test_the_way_from_held_to_published(coordinator):
    meeting = held_meeting(status=Meeting.Status.PLANNED)
    assert steps(meeting) == ["hold", "cancel"]
    workflow.hold(meeting)
    AgendaItemFactory(meeting=meeting, minutes="Text.")
    adjuster = AdjusterFactory(meeting=meeting, email="per@example.org")
    workflow.minutes_changed(meeting)
    assert meeting.status == Meeting.Status.DRAFT
    assert steps(meeting) == ["send_for_adjustment"]  # publish waits for the adjuster
    assert workflow.send_for_adjustment(meeting, by=coordinator) == (1, [])
    assert meeting.status == Meeting.Status.IN_ADJUSTMENT
    workflow.record_approval(adjuster, by=coordinator)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.ADJUSTED
    assert steps(meeting) == ["publish"]
    workflow.publish(meeting, by=coordinator)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PUBLISHED and meeting.published_by == coordinator
    assert steps(meeting) == []


def test_the_page_shows_only_the_steps_that_can_be_taken(client, coordinator):
    client.force_login(coordinator)
    url = "/admin/agreements/meeting/{}/change/"
    coming = MeetingFactory()
    html = client.get(url.format(coming.pk)).content.decode()
    assert "Ställ in mötet" in html
    assert "Markera som genomfört" not in html and "Publicera minnesanteckningar" not in html

    held = held_meeting(status=Meeting.Status.HELD)
    AgendaItemFactory(meeting=held)
    html = client.get(url.format(held.pk)).content.decode()
    assert f'href="/admin/agreements/meeting/{held.pk}/publish/"' in html
    assert "Ställ in mötet" not in html and "Skicka för justering" not in html

    client.post(f"/admin/agreements/meeting/{coming.pk}/cancel/")
    coming.refresh_from_db()
    assert coming.status == Meeting.Status.CANCELLED


def test_publishing_asks_first_and_says_who_will_be_mailed(client, coordinator):
    client.force_login(coordinator)
    meeting = held_meeting()
    AgendaItemFactory(meeting=meeting)
    AttendanceFactory(meeting=meeting, email="anna@example.org")
    url = f"/admin/agreements/meeting/{meeting.pk}/publish/"

    html = client.get(url).content.decode()
    assert "De här 1 deltagarna" in html or "Den här 1 deltagaren" in html
    assert "anna@example.org" in html
    assert "Ja, publicera minnesanteckningarna" in html
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.DRAFT  # asking changed nothing

    other = held_meeting(starts_at=meeting.starts_at - datetime.timedelta(days=7))
    AgendaItemFactory(meeting=other)
    html = client.get(f"/admin/agreements/meeting/{other.pk}/publish/").content.decode()
    assert "Ingen får e-post:" in html


def test_the_confirmation_says_why_publishing_is_not_possible(client, coordinator):
    client.force_login(coordinator)
    meeting = held_meeting()
    AdjusterFactory(meeting=meeting, name="Eva Ek")
    AgendaItemFactory(meeting=meeting)
    html = client.get(f"/admin/agreements/meeting/{meeting.pk}/publish/").content.decode()
    assert "väntar på justering av: Eva Ek" in html
    assert "Ja, publicera" not in html


def test_a_correction_keeps_the_published_text_public_until_it_is_published(
    client, coordinator, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    meeting = held_meeting()
    AgendaItemFactory(meeting=meeting, minutes="Den publicerade texten.")
    AttendanceFactory(meeting=meeting, email="anna@example.org")
    adjuster = AdjusterFactory(meeting=meeting, name="Eva Ek")
    workflow.record_approval(adjuster, by=coordinator)
    workflow.publish(meeting, by=coordinator)
    meeting.refresh_from_db()

    response = client.post(
        f"/admin/agreements/meeting/{meeting.pk}/change/",
        change_data(meeting, items=[{"minutes": "Den rättade texten."}]),
        follow=True,
    )
    assert "en rättelse pågår" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.IN_ADJUSTMENT and meeting.correction_under_way

    # The coordinator sees the new text as a preview; the public the published one.
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "Den rättade texten." in html and "Förhandsvisning" in html
    client.logout()
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "En rättelse pågår." in html
    assert "Den publicerade texten." in html and "Den rättade texten." not in html
    assert meeting in Meeting.objects.with_published_minutes()

    client.force_login(coordinator)
    workflow.record_approval(adjuster, by=coordinator)
    with django_capture_on_commit_callbacks(execute=False):
        html = client.get(f"/admin/agreements/meeting/{meeting.pk}/publish/").content.decode()
        assert "Ingen får e-post:" in html  # the participants already have these minutes
        workflow.publish(meeting, by=coordinator)
    assert OutgoingMail.objects.filter(key=f"agreements:minutes:{meeting.pk}").count() == 1
    client.logout()
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "Den rättade texten." in html and "En rättelse pågår." not in html


def test_an_import_as_published_is_public_at_once_without_mail():
    result = import_minutes(
        COUNCIL_SEED.read_text(),
        group=CouncilFactory(),
        date=datetime.date(2021, 4, 29),
        publish=True,
    )
    meeting = result.meeting
    assert meeting.status == Meeting.Status.PUBLISHED and meeting.published_at
    assert meeting.import_key and len(meeting.published_items) == 11
    assert not OutgoingMail.objects.exists()
    with pytest.raises(workflow.WorkflowError):
        workflow.publish_imported(MeetingFactory())


def test_new_agenda_rows_come_with_the_next_number(client, coordinator):
    client.force_login(coordinator)
    meeting = held_meeting()
    for number in (1, 2, 4):
        AgendaItemFactory(meeting=meeting, number=number)
    html = client.get(f"/admin/agreements/meeting/{meeting.pk}/change/").content.decode()
    empty = html[html.index('id="items-empty"') :]
    assert 'name="items-__prefix__-number" value="5"' in empty
