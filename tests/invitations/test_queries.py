"""Query counts of the pages a link in a mail opens, pinned."""

import pytest

from invitations import inviting
from invitations.links import answer_token
from invitations.models import Invitation
from okportal.models import OutgoingMail

QUERIES_TO_INVITE = 16


def test_the_answer_page_makes_a_fixed_number_of_queries(
    client, meeting, group, django_assert_num_queries
):
    inviting.invite(meeting, groups=[group])
    invitation = Invitation.objects.get(email="anna@example.org")
    # invitation with meeting, group, organisation and substitute; the meeting's plan;
    # the agenda items
    with django_assert_num_queries(3):
        response = client.get(f"/svar/{answer_token(invitation)}/")
    assert response.status_code == 200


def test_my_meetings_makes_a_fixed_number_of_queries_however_many(
    client, meeting, group, django_assert_num_queries
):
    inviting.invite(meeting, groups=[group])
    anna = Invitation.objects.get(email="anna@example.org").user
    client.force_login(anna)
    # user, the invitations with their meetings, groups, events, plans and organisations, the
    # meetings of the groups they chair (the session is read through the cache)
    with django_assert_num_queries(3):
        assert client.get("/mina-moten/").status_code == 200


@pytest.mark.parametrize("count", [5, 50])
def test_inviting_costs_the_same_queries_for_5_or_50_recipients(
    meeting, group, count, django_assert_num_queries
):
    emails = [f"gast{n}@example.org" for n in range(count)]
    # savepoint; the meeting, locked; the groups' memberships, their organisations'
    # representatives and those people; the accounts of the addresses; who is invited already;
    # who unsubscribed; the invitations inserted, and their history; the agenda; the plan;
    # the outbox: opt-outs, what was queued before, the insert; release
    with django_assert_num_queries(QUERIES_TO_INVITE):
        result = inviting.invite(meeting, groups=[group], emails=emails)
    assert len(result.recipients) == count + 2
    assert Invitation.objects.count() == OutgoingMail.objects.count() == count + 2
