import icalendar
import pytest
from django.core.management import call_command

from agreements import demo
from agreements.models import AgendaItem, Meeting, Principle, Signature

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(capsys):
    call_command("load_demo")
    return capsys


def test_demo_loads_twice_without_creating_anything_twice(loaded):
    counts = (Meeting.objects.count(), AgendaItem.objects.count(), Principle.objects.count(),
              Signature.objects.count())  # fmt: skip
    call_command("load_demo")
    assert counts == (
        Meeting.objects.count(), AgendaItem.objects.count(), Principle.objects.count(),
        Signature.objects.count(),
    )  # fmt: skip


def test_principles_page_lists_the_six_national_principles(loaded, client):
    html = client.get("/overenskommelsen/principer/").content.decode()
    for name in ("Självständighet och oberoende", "Dialog", "Långsiktighet", "Kvalitet",
                 "Öppenhet och insyn", "Mångfald"):  # fmt: skip
        assert name in html
    assert "Tillgänglighet" in html  # a regional one


def test_meeting_list_shows_the_imported_council_meeting_with_its_eleven_items(loaded, client):
    html = client.get("/moten/").content.decode()
    assert "Rådet för idéburna organisationer" in html
    assert "Dagordning (11 punkter)" in html
    assert "§6 Nära vård" in html
    meeting = Meeting.objects.get(group__slug=demo.COUNCIL[0], import_key__gt="")
    assert [i.number for i in meeting.items.all()] == list(range(1, 12))
    detail = client.get(meeting.get_absolute_url()).content.decode()
    assert "§6 Nära vård" in detail
    assert 'href="https://www.regionvarmland.se/naravard"' in detail


def test_inspiration_day_becomes_a_meeting_with_one_item_per_heading(loaded):
    meeting = Meeting.objects.get(slug__startswith="2015-10-23")
    titles = list(meeting.items.values_list("title", flat=True))
    assert titles[0] == "Inledning"
    assert "Idéburet offentligt partnerskap" in titles
    assert titles[-1] == "Avslutning"
    assert meeting.note_taker == "Elisabeth Ehne Jangehammar"


def test_calendar_parses_and_holds_every_planned_meeting(loaded, client):
    response = client.get("/moten/kalender.ics")
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    uids = {str(event["UID"]) for event in calendar.walk("VEVENT")}
    planned = Meeting.objects.filter(status=Meeting.Status.PLANNED)
    assert planned.exists()
    assert {m.calendar_uid for m in planned} <= uids


def test_agreement_page_shows_the_newest_draft_marked_as_draft_and_demo(loaded, client):
    html = client.get("/overenskommelsen/").content.decode()
    assert "Andra utkast" in html
    assert "Detta är ett utkast." in html
    assert "Den här versionen är ute på remiss." in html
    assert "Demotext." in html
    assert 'href="#samverkan"' in html
