import datetime
import re

from django.utils import timezone

from agreements import workflow
from agreements.models import Meeting
from okportal.models import OutgoingMail
from tests.agreements.factories import AdjusterFactory, AgendaItemFactory, MeetingFactory
from tests.organisations.factories import CoordinatorFactory

from .conftest import flush


def requested(group, mailoutbox):
    meeting = MeetingFactory(
        group=group,
        status=Meeting.Status.HELD,
        note_taker="Lisa Lind",
        starts_at=timezone.now() - datetime.timedelta(days=3),
        ends_at=timezone.now() - datetime.timedelta(days=3, hours=-2),
    )
    AgendaItemFactory(meeting=meeting, number=1, title="Nära vård", minutes="Vi talade.")
    AdjusterFactory(meeting=meeting, name="Eva Ek", email="eva@example.org")
    AdjusterFactory(meeting=meeting, name="Per Persson", email="per@example.org")
    workflow.send_for_adjustment(meeting)
    flush()
    links = {
        m.to[0]: re.search(r"https?://[^/\s]+(/\S*justera/\S+/)", m.body).group(1)
        for m in mailoutbox
    }
    mailoutbox.clear()
    return meeting, links


def test_the_adjusters_approve_from_the_link_and_the_minutes_are_adjusted(
    client, group, mailoutbox
):
    meeting, links = requested(group, mailoutbox)
    page = client.get(links["eva@example.org"]).content.decode()
    assert "Nära vård" in page and "Vi talade." in page
    assert meeting.adjusters.get(name="Eva Ek").approved_at is None  # a GET changes nothing
    response = client.post(links["eva@example.org"], {"action": "approve"}, follow=True)
    assert "Tack, din justering är registrerad." in response.content.decode()
    client.post(links["per@example.org"], {"action": "approve"})
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.ADJUSTED
    approval = meeting.adjusters.get(name="Eva Ek").approvals.get()
    assert approval.minutes_revision == meeting.minutes_revision
    # Now the link says the minutes no longer wait, and offers nothing.
    html = client.get(links["eva@example.org"]).content.decode()
    assert 'value="approve"' not in html


def test_remarks_go_to_the_coordinators_with_the_adjuster_to_reply_to(client, group, mailoutbox):
    CoordinatorFactory(email="samordnare@example.org")
    meeting, links = requested(group, mailoutbox)
    response = client.post(
        links["per@example.org"], {"action": "comment", "comment": "§1: skriv Nära vård 2.0"}
    )
    assert response.status_code == 302
    flush()
    assert [m.to for m in mailoutbox] == [["samordnare@example.org"]]
    assert "skriv Nära vård 2.0" in mailoutbox[0].body and "Lisa Lind" in mailoutbox[0].body
    assert mailoutbox[0].reply_to == ["per@example.org"]
    assert meeting.adjusters.get(name="Per Persson").approved_at is None


def test_an_empty_remark_is_asked_for_again(client, group, mailoutbox):
    _meeting, links = requested(group, mailoutbox)
    response = client.post(links["per@example.org"], {"action": "comment", "comment": ""})
    assert response.status_code == 200
    assert "Detta fält måste fyllas i." in response.content.decode()
    assert not OutgoingMail.objects.filter(template="invitations_adjustment_comment").exists()


def test_a_tampered_adjustment_link_is_refused(client, group, mailoutbox):
    _meeting, links = requested(group, mailoutbox)
    response = client.post(links["eva@example.org"].replace("/justera/", "/justera/x"))
    assert response.status_code == 404
