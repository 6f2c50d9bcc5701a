"""The rules of organisations/rules.py one by one; every route for every role is in
tests/test_role_matrix.py."""

import pytest
import rules

from organisations.models import Organisation
from organisations.rules import PERMISSIONS

from .factories import (
    MembershipFactory,
    OrganisationFactory,
    RepresentativeFactory,
    WorkingGroupFactory,
)

pytestmark = pytest.mark.django_db


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
