import datetime
import email
import re
from email import policy

import pytest
from django.utils import timezone, translation

from invitations.models import MeetingPlan
from okportal.mail import deliver
from okportal.models import OutgoingMail
from tests.agreements.factories import MeetingFactory
from tests.organisations.factories import (
    MembershipFactory,
    OrganisationFactory,
    RepresentativeFactory,
    UserFactory,
    WorkingGroupFactory,
)


@pytest.fixture(autouse=True)
def swedish():
    with translation.override("sv"):
        yield


@pytest.fixture
def group(db):
    """A group of three member organisations: one with a representative, one reached only at
    its own address, one that cannot be reached."""
    group = WorkingGroupFactory(name="Arbetsgruppen för folkhälsa")
    anna = UserFactory(first_name="Anna", last_name="Ek", email="anna@example.org")
    with_person = OrganisationFactory(name="Föreningen Anna")
    representative = RepresentativeFactory(organisation=with_person, user=anna)
    MembershipFactory(group=group, organisation=with_person, representative=representative)
    MembershipFactory(
        group=group,
        organisation=OrganisationFactory(name="Föreningen Brev", email="brev@example.org"),
        language="en",
    )
    MembershipFactory(group=group, organisation=OrganisationFactory(name="Föreningen Tyst"))
    return group


@pytest.fixture
def meeting(group):
    # 13:00 in ten days, whatever the hour the tests run at: after a dialogue event's 09:00 start
    day = timezone.localdate() + datetime.timedelta(days=10)
    starts = timezone.make_aware(datetime.datetime.combine(day, datetime.time(13))).astimezone(
        datetime.UTC
    )
    return MeetingFactory(
        group=group,
        title="Höstmöte",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        place="Residenset, Karlstad",
    )


def plan(meeting, **values) -> MeetingPlan:
    return MeetingPlan.objects.create(meeting=meeting, **values)


def parse(raw: bytes):
    message = email.message_from_bytes(raw, policy=policy.default)
    message.subject = str(message["Subject"]).strip()
    return message


def calendar_of(message) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/calendar":
            return part.get_content()
    raise AssertionError("no calendar part")


def link_in(text: str, answer: str = "yes") -> str:
    """The path of the answer link in a mail's text."""
    match = re.search(r"https?://[^/\s]+(/(?:en/)?svar/[^/\s]+/)\?svar=" + answer, text)
    assert match, text
    return match.group(1)


def flush(now=None) -> int:
    """Send what is due in the outbox, here and now (the worker's work, without the broker)."""
    return deliver(OutgoingMail.objects.due(now).values_list("pk", flat=True), now)
