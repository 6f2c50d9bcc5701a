import pytest
from django.db import transaction

from okportal.models import OutgoingMail
from organisations import groups
from organisations.models import Membership, Organisation, WorkingGroup
from tests.helpers import page_queries

from .factories import MembershipFactory, RepresentativeFactory, WorkingGroupFactory

pytestmark = pytest.mark.django_db


def join(client, group, representative, motivation="Vi vill bidra."):
    return client.post(
        f"/arbetsgrupper/{group.slug}/ansok/",
        {"representative": representative.pk, "motivation": motivation},
    )


def test_the_group_list_shows_active_groups_with_their_member_count(client):
    group = WorkingGroupFactory(name="Referensgruppen", kind="referensgrupp")
    MembershipFactory(group=group)
    MembershipFactory(group=group, status="requested")
    WorkingGroupFactory(name="Nedlagd grupp", is_active=False)
    html = client.get("/arbetsgrupper/").content.decode()
    assert "Referensgruppen" in html
    assert "Referensgrupp · 1 medlemsorganisation" in html
    assert "Nedlagd grupp" not in html
    assert client.get("/arbetsgrupper/").status_code == 200


def test_an_open_group_takes_the_organisation_at_once(client, representative):
    group = WorkingGroupFactory(join_policy=WorkingGroup.JoinPolicy.OPEN)
    client.force_login(representative.user)
    response = join(client, group, representative)
    assert response.status_code == 302
    membership = Membership.objects.get()
    assert membership.status == Membership.Status.ACTIVE
    assert membership.joined_at is not None
    mail = OutgoingMail.objects.get()
    assert mail.recipient == "karin@example.org"
    assert "Föreningen Klarälven är nu med i" in mail.subject
    html = client.get(f"/arbetsgrupper/{group.slug}/").content.decode()
    assert "Föreningen Klarälven</a></td>" in html


def test_a_request_waits_and_tells_the_chair_and_the_coordinators(
    client, representative, coordinator
):
    group = WorkingGroupFactory(join_policy=WorkingGroup.JoinPolicy.REQUEST)
    chair = RepresentativeFactory(user__email="chair@example.org")
    MembershipFactory(group=group, organisation=chair.organisation, role="ordforande")
    client.force_login(representative.user)
    join(client, group, representative, "Vi arbetar med folkhälsa.")
    membership = Membership.objects.get(organisation=representative.organisation)
    assert membership.status == Membership.Status.REQUESTED
    assert membership.motivation == "Vi arbetar med folkhälsa."
    told = set(OutgoingMail.objects.values_list("recipient", flat=True))
    assert told == {"chair@example.org", "samordnare@example.org"}
    html = client.get(f"/arbetsgrupper/{group.slug}/").content.decode()
    assert "har ansökt om att gå med" in html
    assert "Föreningen Klarälven</a></td>" not in html


def test_the_chair_accepts_and_the_person_is_told(client, representative):
    group = WorkingGroupFactory()
    chair = RepresentativeFactory()
    MembershipFactory(group=group, organisation=chair.organisation, role="ordforande")
    request = groups.request_to_join(group, representative, "Gärna!")
    client.force_login(chair.user)
    page = client.get(f"/arbetsgrupper/{group.slug}/ansokningar/").content.decode()
    assert "Gärna!" in page
    response = client.post(
        f"/arbetsgrupper/{group.slug}/ansokningar/",
        {"membership": request.pk, "decision": "active", "reason": ""},
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == Membership.Status.ACTIVE
    assert request.decided_by == chair.user
    mail = OutgoingMail.objects.get(recipient="karin@example.org")
    assert group.name in mail.subject


def test_a_declined_request_tells_the_reason(representative, coordinator):
    group = WorkingGroupFactory()
    request = groups.request_to_join(group, representative)
    assert groups.decline([request.pk], coordinator, "Gruppen är full.") == 1
    assert groups.decline([request.pk], coordinator, "Igen.") == 0
    mail = OutgoingMail.objects.get(recipient="karin@example.org")
    assert "avslogs" in mail.body_text
    assert "Gruppen är full." in mail.body_html


def test_an_invitation_only_group_accepts_no_requests(client, representative):
    group = WorkingGroupFactory(join_policy=WorkingGroup.JoinPolicy.INVITATION)
    client.force_login(representative.user)
    assert (
        "bara in nya medlemmar genom inbjudan"
        in client.get(group.get_absolute_url()).content.decode()
    )
    response = join(client, group, representative)
    assert response.status_code == 400
    assert not Membership.objects.exists()


def test_a_pending_organisation_cannot_ask(client, representative):
    representative.organisation.status = Organisation.Status.PENDING
    representative.organisation.save()
    group = WorkingGroupFactory()
    client.force_login(representative.user)
    assert join(client, group, representative).status_code == 403
    with pytest.raises(groups.MembershipError):
        groups.request_to_join(group, representative)


def test_asking_twice_asks_once(client, representative):
    group = WorkingGroupFactory()
    client.force_login(representative.user)
    join(client, group, representative)
    response = join(client, group, representative)
    assert response.status_code == 403  # nothing left to join on behalf of
    with pytest.raises(groups.MembershipError), transaction.atomic():
        groups.request_to_join(group, representative)
    assert Membership.objects.count() == 1


def test_another_organisations_representative_cannot_ask_on_its_behalf(
    client, representative, other_representative
):
    group = WorkingGroupFactory()
    client.force_login(other_representative.user)
    response = join(client, group, representative)
    assert response.status_code == 400
    assert "Välj ett giltigt alternativ" in response.content.decode()
    assert not Membership.objects.exists()


def test_leaving_a_group_and_joining_again(client, representative):
    group = WorkingGroupFactory(join_policy=WorkingGroup.JoinPolicy.OPEN)
    membership = MembershipFactory(group=group, organisation=representative.organisation)
    client.force_login(representative.user)
    response = client.post(f"/arbetsgrupper/{group.slug}/lamna/{membership.pk}/")
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.status == Membership.Status.LEFT
    assert membership.left_at is not None
    join(client, group, representative)
    assert group.memberships.active().count() == 1
    assert client.post(f"/arbetsgrupper/{group.slug}/lamna/{membership.pk}/").status_code == 404


def test_members_show_their_representative_only_with_consent(client, representative):
    group = WorkingGroupFactory()
    MembershipFactory(
        group=group, organisation=representative.organisation, representative=representative
    )
    assert "Karin Berg" not in client.get(group.get_absolute_url()).content.decode()
    representative.give_consent()
    assert "Karin Berg" in client.get(group.get_absolute_url()).content.decode()


def test_the_group_page_makes_the_same_queries_for_10_and_200_members(client):
    group = WorkingGroupFactory()
    for _ in range(10):
        MembershipFactory(group=group, representative=RepresentativeFactory())
    few = page_queries(client, group.get_absolute_url())
    for _ in range(190):
        MembershipFactory(group=group, representative=RepresentativeFactory())
    # the group; its active members with organisation, representative and user; its coming
    # meetings (a new content version after the changes, so not from the cache)
    assert page_queries(client, group.get_absolute_url()) == few <= 3
    # and then the whole page from the cache
    assert page_queries(client, group.get_absolute_url()) == 0


def test_the_members_are_ordered_chair_first_then_by_swedish_name(client):
    group = WorkingGroupFactory()
    for name, role in [("Öbergs IF", "ledamot"), ("Zeta", "ledamot"), ("Åmål", "ordforande")]:
        MembershipFactory(group=group, organisation__name=name, role=role)
    html = client.get(group.get_absolute_url()).content.decode()
    assert html.index("Åmål") < html.index("Zeta") < html.index("Öbergs IF")


def test_the_group_page_for_a_representative_makes_a_fixed_number_of_queries(
    client, representative, django_assert_num_queries
):
    group = WorkingGroupFactory()
    for _ in range(5):
        MembershipFactory(group=group)
    client.force_login(representative.user)
    # user, group, members, coming meetings, the person's representations, their
    # organisations' memberships of the group, whether they chair it (the session is read
    # through the cache)
    with django_assert_num_queries(7):
        client.get(group.get_absolute_url())
    for _ in range(50):
        MembershipFactory(group=group)
    with django_assert_num_queries(6):  # the same but the user, who is kept
        client.get(group.get_absolute_url())


def test_the_group_page_lists_its_coming_meetings(client):
    import datetime

    from django.utils import timezone

    from agreements.models import Meeting

    group = WorkingGroupFactory(slug="radet")
    starts = timezone.now() + datetime.timedelta(days=7)
    html = client.get(group.get_absolute_url()).content.decode()
    assert "Inga möten är planerade." in html
    Meeting.objects.create(
        group=group,
        slug="radets-host-mote",
        title="Rådets höstmöte",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
    )
    html = client.get(group.get_absolute_url()).content.decode()
    assert 'href="/moten/radets-host-mote/">Rådets höstmöte</a>' in html
    assert 'href="/moten/?grupp=radet"' in html
