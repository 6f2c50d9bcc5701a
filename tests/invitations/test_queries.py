"""Query counts of the pages a link in a mail opens, pinned."""

from invitations import inviting
from invitations.links import answer_token
from invitations.models import Invitation


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
    # user, the invitations with their meetings, groups and organisations (the session is read
    # through the cache)
    with django_assert_num_queries(2):
        assert client.get("/mina-moten/").status_code == 200
