import json

import pytest
from allauth.account.models import EmailAddress

from okportal.models import OutgoingMail, User
from organisations import groups
from organisations.models import Membership, Organisation, Representative

from .factories import PASSWORD, WorkingGroupFactory

pytestmark = pytest.mark.django_db


def test_the_page_lists_what_the_person_represents(client, representative):
    client.force_login(representative.user)
    html = client.get("/mina-uppgifter/").content.decode()
    assert "Föreningen Klarälven" in html
    assert "Ladda ner mina uppgifter (JSON)" in html


def test_the_export_holds_everything_about_the_person(client, representative):
    group = WorkingGroupFactory(name="Referensgruppen")
    groups.request_to_join(group, representative, "Vi vill vara med.")
    client.force_login(representative.user)
    response = client.get("/mina-uppgifter/export/")
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == "karin@example.org"
    assert data["representations"][0]["organisation"] == "Föreningen Klarälven"
    assert data["group_memberships"][0]["motivation"] == "Vi vill vara med."
    assert data["account"]["email_addresses"][0]["verified"] is True


def test_consent_is_given_and_withdrawn_from_my_data(client, representative):
    client.force_login(representative.user)
    client.post(f"/mina-uppgifter/samtycke/{representative.pk}/", {"public": "yes"})
    representative.refresh_from_db()
    assert representative.shown_publicly
    client.post(f"/mina-uppgifter/samtycke/{representative.pk}/", {"public": "no"})
    representative.refresh_from_db()
    assert not representative.shown_publicly
    assert representative.consent_withdrawn_at is not None


def test_nobody_changes_someone_elses_consent(client, representative, person):
    client.force_login(person)
    assert client.post(f"/mina-uppgifter/samtycke/{representative.pk}/").status_code == 404


def test_deleting_the_account_keeps_the_organisation_and_removes_the_person(client, representative):
    group = WorkingGroupFactory()
    membership = groups.request_to_join(group, representative, "Motivering med namn.")
    organisation = representative.organisation
    organisation.registered_by = representative.user
    organisation.save()
    OutgoingMail.objects.create(
        key="x", recipient="karin@example.org", subject="s", body_text="Hej Karin"
    )
    client.force_login(representative.user)
    response = client.post("/mina-uppgifter/radera/", {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    assert not User.objects.filter(email="karin@example.org").exists()
    assert not EmailAddress.objects.filter(email="karin@example.org").exists()
    assert not Representative.objects.exists()
    assert not OutgoingMail.objects.filter(recipient="karin@example.org").exists()
    organisation.refresh_from_db()
    assert organisation.registered_by is None
    membership = Membership.objects.get(pk=membership.pk)
    assert membership.representative is None
    assert membership.motivation == ""
    assert Organisation.objects.filter(pk=organisation.pk).exists()
    assert "_auth_user_id" not in client.session


def test_a_wrong_password_deletes_nothing(client, representative):
    client.force_login(representative.user)
    response = client.post("/mina-uppgifter/radera/", {"password": "fel", "confirm": "on"})
    assert response.status_code == 200
    assert "Lösenordet stämmer inte" in response.content.decode()
    assert User.objects.filter(pk=representative.user.pk).exists()
