"""Every view, for anonymous / another organisation's representative / the representative /
a coordinator. 302 is the way to the login page; 404 where the thing is not theirs to see."""

import pytest
import rules

from organisations.models import Invitation, Organisation
from organisations.rules import PERMISSIONS

from .factories import (
    CoordinatorFactory,
    MembershipFactory,
    OrganisationFactory,
    RepresentativeFactory,
    UserFactory,
    WorkingGroupFactory,
)

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "other", "representative", "coordinator"]

# (method, url, expected status per role in ROLES order)
MATRIX = [
    ("get", "/organisationer/", [200, 200, 200, 200]),
    ("get", "/organisationer/klaralven/", [200, 200, 200, 200]),
    ("get", "/organisationer/vantande/", [404, 404, 200, 200]),
    ("get", "/organisationer/finns-inte/", [404, 404, 404, 404]),
    ("get", "/organisationer/registrera/", [302, 200, 200, 200]),
    ("get", "/organisationer/klaralven/redigera/", [302, 403, 200, 200]),
    ("post", "/organisationer/klaralven/redigera/", [302, 403, 200, 200]),
    ("get", "/organisationer/vantande/redigera/", [302, 404, 200, 200]),
    ("get", "/organisationer/klaralven/representanter/", [302, 403, 200, 200]),
    ("post", "/organisationer/klaralven/representanter/", [302, 403, 200, 200]),
    ("get", "/organisationer/klaralven/lamna/", [302, 403, 200, 403]),
    ("get", "/organisationer/inbjudan/{token}/", [302, 200, 200, 200]),
    ("get", "/arbetsgrupper/", [200, 200, 200, 200]),
    ("get", "/arbetsgrupper/gruppen/", [200, 200, 200, 200]),
    ("get", "/arbetsgrupper/finns-inte/", [404, 404, 404, 404]),
    ("get", "/arbetsgrupper/gruppen/ansokningar/", [302, 403, 403, 200]),
    ("post", "/arbetsgrupper/gruppen/lamna/{membership}/", [302, 403, 302, 403]),
    ("get", "/arbetsgrupper/gruppen/lamna/{membership}/", [302, 405, 405, 405]),
    ("get", "/mina-uppgifter/", [302, 200, 200, 200]),
    ("get", "/mina-uppgifter/export/", [302, 200, 200, 200]),
    ("get", "/mina-uppgifter/radera/", [302, 200, 200, 200]),
    ("get", "/admin/organisations/pendingorganisation/", [302, 302, 302, 200]),
    ("get", "/admin/organisations/organisation/export.csv", [302, 302, 302, 200]),
]


@pytest.fixture
def world(db):
    klaralven = OrganisationFactory(name="Klarälven", slug="klaralven")
    pending = OrganisationFactory(
        name="Väntande", slug="vantande", status=Organisation.Status.PENDING
    )
    representative = UserFactory()
    RepresentativeFactory(organisation=klaralven, user=representative)
    RepresentativeFactory(organisation=pending, user=representative)
    other = RepresentativeFactory(organisation=OrganisationFactory()).user
    group = WorkingGroupFactory(slug="gruppen")
    membership = MembershipFactory(group=group, organisation=klaralven)
    invitation = Invitation.objects.create(organisation=klaralven, email="ny@example.org")
    return {
        "users": {
            "anonymous": None,
            "other": other,
            "representative": representative,
            "coordinator": CoordinatorFactory(),
        },
        "format": {"token": invitation.token, "membership": membership.pk},
    }


@pytest.mark.parametrize("method, url, expected", MATRIX)
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client, world, method, url, expected, role):
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    response = getattr(client, method)(url.format(**world["format"]))
    assert response.status_code == expected[ROLES.index(role)]


def test_the_chair_decides_on_requests_and_a_plain_member_does_not(client):
    group = WorkingGroupFactory()
    chair = RepresentativeFactory()
    member = RepresentativeFactory()
    MembershipFactory(group=group, organisation=chair.organisation, role="ordforande")
    MembershipFactory(group=group, organisation=member.organisation, role="ledamot")
    url = f"/arbetsgrupper/{group.slug}/ansokningar/"
    client.force_login(chair.user)
    assert client.get(url).status_code == 200
    client.force_login(member.user)
    assert client.get(url).status_code == 403


def test_a_chair_who_left_no_longer_decides():
    group = WorkingGroupFactory()
    chair = RepresentativeFactory()
    MembershipFactory(
        group=group, organisation=chair.organisation, role="ordforande", status="left"
    )
    assert not rules.has_perm("groups.decide_requests", chair.user, group)


def test_every_rule_has_a_name_and_answers_for_anonymous():
    from django.contrib.auth.models import AnonymousUser

    organisation = OrganisationFactory(status=Organisation.Status.PENDING)
    for name in PERMISSIONS:
        assert rules.has_perm(name, AnonymousUser(), organisation) is False, name
