"""The admin's start page lists what waits for the coordinators, with counts and links."""

import datetime
import re

import pytest
from django.utils import timezone

from agreements.models import ConsultationComment, Meeting
from okportal.models import OutgoingMail
from okportal.waiting import what_waits
from organisations.models import Membership, Organisation
from tests.agreements.factories import MeetingFactory, SectionFactory
from tests.organisations.factories import (
    CoordinatorFactory,
    MembershipFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting_work():
    now = timezone.now()
    OrganisationFactory.create_batch(2, status=Organisation.Status.PENDING)
    OrganisationFactory(status=Organisation.Status.APPROVED)
    MembershipFactory(status=Membership.Status.REQUESTED)
    MembershipFactory(status=Membership.Status.ACTIVE)
    held = now - datetime.timedelta(days=3)
    MeetingFactory(starts_at=held, status=Meeting.Status.HELD)
    MeetingFactory(starts_at=held - datetime.timedelta(days=1), status=Meeting.Status.PLANNED)
    MeetingFactory(starts_at=held, status=Meeting.Status.CANCELLED)
    MeetingFactory(status=Meeting.Status.PLANNED)  # still to come
    sent = now - datetime.timedelta(days=20)
    MeetingFactory(starts_at=sent, status=Meeting.Status.DRAFT, adjustment_requested_at=sent)
    MeetingFactory(starts_at=held, status=Meeting.Status.DRAFT, adjustment_requested_at=held)
    for status in (OutgoingMail.Status.FAILED, OutgoingMail.Status.SENT):
        OutgoingMail.objects.create(
            key=f"test:{status}", recipient="a@example.org", subject="Ämne", body_text="Text",
            status=status,
        )  # fmt: skip
    section = SectionFactory()
    organisation = OrganisationFactory()
    for text, answer, handled in (("Fråga", "", False), ("Svar", "Tack", False),
                                  ("Klar", "", True)):  # fmt: skip
        ConsultationComment.objects.create(
            section=section, organisation=organisation, text=text, answer=answer,
            is_handled=handled,
        )  # fmt: skip


def test_each_line_counts_what_waits_in_one_query(waiting_work, django_assert_num_queries):
    coordinator = CoordinatorFactory()
    # one COUNT per line: organisations, requests, meetings without minutes, overdue
    # adjustments, failed messages, unanswered comments
    with django_assert_num_queries(6):
        lines = what_waits(coordinator)
    assert [line.count for line in lines] == [2, 1, 2, 1, 1, 1]


def test_admin_start_page_shows_the_counts_and_links_that_lead_to_them(
    client, waiting_work, django_assert_num_queries
):
    client.force_login(CoordinatorFactory())
    # user, the six counts, the recent actions (the session is read through the cache)
    with django_assert_num_queries(8):
        html = client.get("/admin/").content.decode()
    rows = re.findall(r'<th scope="row"><a href="([^"]+)">([^<]+)</a></th><td>(.*?)</td>', html)
    assert [(label, count) for _url, label, count in rows] == [
        ("Organisationer att godkänna", "<strong>2</strong>"),
        ("Ansökningar om att gå med i en grupp", "<strong>1</strong>"),
        ("Möten som hållits utan minnesanteckningar", "<strong>2</strong>"),
        ("Justeringar som dröjt (mer än två veckor)", "<strong>1</strong>"),
        ("Meddelanden som inte kunde skickas", "<strong>1</strong>"),
        ("Remissynpunkter utan svar", "<strong>1</strong>"),
    ]
    for url, _label, count in rows:
        changelist = client.get(url.replace("&amp;", "&")).content.decode()
        number = re.search(r"<strong>(\d+)</strong>", count).group(1)
        paginator = re.search(r'<p class="paginator">\s*(\d+)', changelist)
        assert paginator and paginator.group(1) == number, url


def test_nothing_waiting_says_none(client):
    client.force_login(CoordinatorFactory())
    html = client.get("/en/admin/").content.decode()
    assert html.count("<td>none</td>") == 6
