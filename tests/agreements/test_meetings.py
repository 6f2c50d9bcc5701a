import datetime

import icalendar
import pytest
from django.utils import timezone

from agreements.models import Attendance, Meeting

from .factories import (
    AdjusterFactory,
    AgendaItemFactory,
    AttendanceFactory,
    CoordinatorFactory,
    MeetingFactory,
    WorkingGroupFactory,
)

pytestmark = pytest.mark.django_db


def _past(days, hour=9):
    day = timezone.localdate() - datetime.timedelta(days=days)
    return datetime.datetime.combine(
        day, datetime.time(hour), tzinfo=timezone.get_current_timezone()
    )


def held_meeting(**kwargs):
    starts = kwargs.pop("starts_at", _past(30))
    return MeetingFactory(
        starts_at=starts, ends_at=starts + datetime.timedelta(hours=2),
        status=kwargs.pop("status", Meeting.Status.DRAFT), **kwargs,
    )  # fmt: skip


def test_list_shows_upcoming_and_archive_of_the_latest_year(client):
    upcoming = MeetingFactory(title="Kommande rådsmöte")
    old = held_meeting(title="Tidigare möte", status=Meeting.Status.PUBLISHED)
    html = client.get("/moten/").content.decode()
    assert html.index("Kommande möten") < html.index(upcoming.title) < html.index("Arkiv")
    assert html.index("Arkiv") < html.index(old.title)


def test_list_is_filtered_by_group_and_an_unknown_group_is_404(client):
    mine = MeetingFactory(title="Gruppens möte")
    MeetingFactory(title="Annat möte")
    html = client.get(f"/moten/?grupp={mine.group.slug}").content.decode()
    assert "Gruppens möte" in html and "Annat möte" not in html
    assert f"/moten/kalender/{mine.group.slug}.ics" in html
    assert client.get("/moten/?grupp=finns-inte").status_code == 404


def test_archive_by_year(client):
    group = WorkingGroupFactory()
    held_meeting(group=group, title="Möte 2021", starts_at=_past(365 * 4))
    held_meeting(group=group, title="Möte nyss", starts_at=_past(3))
    year = timezone.localtime(_past(365 * 4)).year
    html = client.get(f"/moten/?ar={year}").content.decode()
    assert "Möte 2021" in html and "Möte nyss" not in html
    assert client.get("/moten/?ar=abc").status_code == 200


def test_unpublished_minutes_are_hidden_and_their_print_page_is_404(client):
    meeting = held_meeting()
    AgendaItemFactory(meeting=meeting, title="Nära vård", minutes="Hemlig text.")
    response = client.get(meeting.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nära vård" in html  # the agenda is public
    assert "Hemlig text." not in html
    assert client.get(f"/moten/{meeting.slug}/utskrift/").status_code == 404


def test_coordinator_previews_unpublished_minutes(client):
    meeting = held_meeting()
    AgendaItemFactory(meeting=meeting, minutes="Utkast till text.")
    client.force_login(CoordinatorFactory())
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "Utkast till text." in html and "Förhandsvisning:" in html
    assert client.get(f"/moten/{meeting.slug}/utskrift/").status_code == 200


def test_published_minutes_show_with_links_decisions_and_adjusters(client):
    meeting = held_meeting(status=Meeting.Status.PUBLISHED, note_taker="Elisabeth Ehne")
    meeting.published_at = timezone.now()
    meeting.save()
    AgendaItemFactory(
        meeting=meeting, number=6, title="Nära vård", minutes="Se [sidan](https://example.org/).",
        decision="Rådet beslutar att gå vidare.", links="https://example.org/naravard",
    )  # fmt: skip
    AdjusterFactory(meeting=meeting, name="Per Persson", approved_at=timezone.now())
    AttendanceFactory(meeting=meeting, person="Anna")
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert 'id="p6"' in html and "§6 Nära vård" in html
    assert '<a href="https://example.org/" rel="noopener noreferrer nofollow">sidan</a>' in html
    assert "Rådet beslutar att gå vidare." in html
    assert "Per Persson" in html and "Elisabeth Ehne" in html
    printed = client.get(f"/moten/{meeting.slug}/utskrift/").content.decode()
    assert "§6 Nära vård" in printed and "print-page" in printed


def test_unknown_meeting_is_404(client):
    assert client.get("/moten/finns-inte/").status_code == 404


def test_calendar_is_valid_icalendar_with_stable_uid_and_sequence_that_grows(client):
    meeting = MeetingFactory(place="Karlstad")
    first = icalendar.Calendar.from_ical(client.get("/moten/kalender.ics").content)
    (event,) = first.walk("VEVENT")
    assert event["UID"] == meeting.calendar_uid
    assert event["SEQUENCE"] == 0 and event["STATUS"] == "CONFIRMED"
    assert event["LOCATION"] == "Karlstad"
    meeting.refresh_from_db()
    meeting.starts_at += datetime.timedelta(hours=1)
    meeting.ends_at += datetime.timedelta(hours=1)
    meeting.save()
    meeting.refresh_from_db()
    meeting.status = Meeting.Status.CANCELLED
    meeting.save()
    meeting.refresh_from_db()
    meeting.chair = "Ny ordförande"  # not in the calendar: no new sequence
    meeting.save()
    (event,) = icalendar.Calendar.from_ical(client.get("/moten/kalender.ics").content).walk(
        "VEVENT"
    )
    assert event["UID"] == meeting.calendar_uid
    assert event["SEQUENCE"] == 2
    assert event["STATUS"] == "CANCELLED"
    assert event.decoded("DTSTART") == meeting.starts_at


def test_group_calendar_holds_only_that_group(client):
    mine = MeetingFactory()
    MeetingFactory()
    calendar = icalendar.Calendar.from_ical(
        client.get(f"/moten/kalender/{mine.group.slug}.ics").content
    )
    assert [str(e["UID"]) for e in calendar.walk("VEVENT")] == [mine.calendar_uid]
    assert client.get("/moten/kalender/finns-inte.ics").status_code == 404


def test_atom_feed_lists_only_published_minutes(client):
    published = held_meeting(title="Publicerat möte", status=Meeting.Status.PUBLISHED)
    published.published_at = timezone.now()
    published.save()
    held_meeting(title="Utkastmöte")
    response = client.get("/moten/anteckningar.atom")
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert "Publicerat möte" in body and "Utkastmöte" not in body


def _meetings(group, start, stop):
    for i in range(start, stop):
        meeting = held_meeting(
            group=group, starts_at=_past(10 + i), status=Meeting.Status.PUBLISHED
        )
        MeetingFactory(group=group)
        for n in range(1, 4):
            AgendaItemFactory(meeting=meeting, number=n)


def test_meeting_list_makes_the_same_number_of_queries_however_many_meetings(
    client, django_assert_num_queries
):
    group = WorkingGroupFactory()
    _meetings(group, 0, 2)
    # groups that meet, archive years, upcoming meetings, the year's archive, its items
    with django_assert_num_queries(5):
        client.get("/moten/")
    _meetings(group, 2, 20)
    with django_assert_num_queries(5):
        client.get("/moten/")
    with django_assert_num_queries(5):  # the same, for one group
        client.get(f"/moten/?grupp={group.slug}")


def test_minutes_page_makes_the_same_number_of_queries_however_many_items(
    client, django_assert_num_queries
):
    meeting = held_meeting(status=Meeting.Status.PUBLISHED)
    for n in range(1, 3):
        AgendaItemFactory(meeting=meeting, number=n)
        AttendanceFactory(meeting=meeting, status=Attendance.Status.ATTENDING)
    # meeting with group, items, attachments, agreement sections, season dates, adjusters,
    # attendance with organisations
    with django_assert_num_queries(7):
        client.get(meeting.get_absolute_url())
    for n in range(3, 40):
        AgendaItemFactory(meeting=meeting, number=n, links="https://example.org/a")
        AttendanceFactory(meeting=meeting)
        AdjusterFactory(meeting=meeting, approved_at=timezone.now())
    with django_assert_num_queries(7):
        client.get(meeting.get_absolute_url())


def test_cached_pages_show_a_change_at_once(client):
    assert "Nytt möte" not in client.get("/moten/").content.decode()
    MeetingFactory(title="Nytt möte")
    assert "Nytt möte" in client.get("/moten/").content.decode()


def test_a_coordinator_is_never_served_a_cached_public_page(client):
    meeting = held_meeting()
    AgendaItemFactory(meeting=meeting, minutes="Utkast.")
    assert "Utkast." not in client.get(meeting.get_absolute_url()).content.decode()
    client.force_login(CoordinatorFactory())
    assert "Utkast." in client.get(meeting.get_absolute_url()).content.decode()


def test_meeting_pages_are_english_under_en(client):
    meeting = MeetingFactory(title="Rådets möte")
    html = client.get("/en/moten/").content.decode()
    assert "Meetings and minutes" in html and "Upcoming meetings" in html
    assert "Planned" in client.get(f"/en/moten/{meeting.slug}/").content.decode()


def test_a_visitor_with_a_message_waiting_gets_a_fresh_page(client):
    from django.contrib.messages import constants
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.http import HttpResponse
    from django.test import RequestFactory

    client.get("/moten/")  # cached now
    storage = CookieStorage(RequestFactory().get("/"))
    storage.add(constants.SUCCESS, "Du är utloggad.")
    response = HttpResponse()
    storage.update(response)
    client.cookies["messages"] = response.cookies["messages"].value
    assert "Du är utloggad." in client.get("/moten/").content.decode()


def test_emptying_the_cache_never_brings_back_a_page_a_process_kept(client):
    from django.core.cache import cache

    meeting = MeetingFactory(title="Före")
    assert "Före" in client.get("/moten/").content.decode()
    cache.clear()
    Meeting.objects.filter(pk=meeting.pk).update(title="Efter")  # no signal
    assert "Efter" in client.get("/moten/").content.decode()
