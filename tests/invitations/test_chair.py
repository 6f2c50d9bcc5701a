"""A group's chair invites to the group's meetings on the portal's own page (a chair is not
staff): the same preview and confirmation as the admin's."""

import pytest

from invitations.models import Invitation
from okportal.models import OutgoingMail
from organisations.models import Membership
from tests.agreements.factories import MeetingFactory
from tests.organisations.factories import (
    CoordinatorFactory,
    MembershipFactory,
    RepresentativeFactory,
    UserFactory,
    WorkingGroupFactory,
)


@pytest.fixture
def chair(group):
    person = UserFactory(first_name="Olle", last_name="Ordf", email="olle@example.org")
    representative = RepresentativeFactory(user=person)
    MembershipFactory(
        group=group,
        organisation=representative.organisation,
        representative=representative,
        role=Membership.Role.CHAIR,
    )
    return person


def page(meeting):
    return f"/moten/{meeting.slug}/bjud-in/"


def test_the_chair_previews_then_sends_to_the_groups_meeting(client, chair, meeting, group):
    client.force_login(chair)
    html = client.get(page(meeting)).content.decode()
    assert "Bjud in till Höstmöte" in html and "Förhandsgranska" in html
    data = {"groups": [group.pk], "emails": "gast@example.org, fel-adress"}
    html = client.post(page(meeting), {**data, "preview": "1"}).content.decode()
    assert "4 personer bjuds in." in html
    assert "Föreningen Tyst" in html and "ingen e-postadress" in html
    assert "fel-adress" in html and "inte en e-postadress" in html
    assert "Inbjudan: Höstmöte" in html and "Invitation: Höstmöte" in html
    assert not OutgoingMail.objects.exists()
    response = client.post(page(meeting), {**data, "send": "1"}, follow=True)
    assert "4 inbjudningar är på väg." in response.content.decode()
    assert OutgoingMail.objects.filter(template="invitations_invitation").count() == 4
    assert set(Invitation.objects.values_list("invited_by", flat=True)) == {chair.pk}


def test_the_chair_finds_the_page_on_their_own_meetings_page(client, chair, meeting):
    MeetingFactory(group=WorkingGroupFactory(), title="Någon annans möte")
    client.force_login(chair)
    html = client.get("/mina-moten/").content.decode()
    assert "Möten i grupperna du är ordförande för" in html
    assert f'href="{page(meeting)}">Bjud in' in html
    assert "Någon annans möte" not in html


def test_nothing_chosen_is_explained_beside_the_form(client, chair, meeting):
    client.force_login(chair)
    html = client.post(page(meeting), {"preview": "1"}).content.decode()
    assert "Välj en grupp, en organisation eller en adress att bjuda in." in html
    assert not Invitation.objects.exists()


def test_only_the_chair_of_the_meetings_group_and_coordinators_may_invite(
    client, chair, meeting, group
):
    other_group_meeting = MeetingFactory(group=WorkingGroupFactory())
    client.force_login(chair)
    assert client.get(page(other_group_meeting)).status_code == 403
    client.force_login(UserFactory._meta.model.objects.get(email="anna@example.org"))
    assert client.get(page(meeting)).status_code == 403
    assert client.post(page(meeting), {"emails": "x@example.org", "send": "1"}).status_code == 403
    client.force_login(CoordinatorFactory())
    assert client.get(page(meeting)).status_code == 200
    assert client.get("/moten/finns-inte/bjud-in/").status_code == 404
    client.logout()
    assert client.get(page(meeting)).url.startswith("/accounts/login/")
    assert not Invitation.objects.exists()


def test_a_past_meeting_says_it_cannot_be_invited_to(client, chair, group):
    from datetime import timedelta

    from django.utils import timezone

    past = MeetingFactory(
        group=group,
        starts_at=timezone.now() - timedelta(days=3),
        ends_at=timezone.now() - timedelta(days=3, hours=-2),
        status="held",
    )
    client.force_login(chair)
    html = client.get(page(past)).content.decode()
    assert "Man kan bara bjuda in till ett planerat möte eller evenemang" in html
    assert "Förhandsgranska" not in html
