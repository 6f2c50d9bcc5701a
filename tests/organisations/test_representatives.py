import pytest

from okportal.models import OutgoingMail
from organisations.models import Invitation, Representative

from .factories import RepresentativeFactory, UserFactory

pytestmark = pytest.mark.django_db


def invite(client, representative, email="kollega@example.org", role="Kassör"):
    return client.post(
        f"/organisationer/{representative.organisation.slug}/representanter/",
        {"email": email, "role": role},
    )


def test_a_representative_invites_a_colleague_by_email(client, representative):
    client.force_login(representative.user)
    response = invite(client, representative)
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    mail = OutgoingMail.objects.get()
    assert mail.recipient == "kollega@example.org"
    assert mail.subject == "Du är inbjuden att företräda Föreningen Klarälven"
    assert f"/organisationer/inbjudan/{invitation.token}/" in mail.body_text
    assert f"/organisationer/inbjudan/{invitation.token}/" in mail.body_html


def test_inviting_the_same_address_twice_is_refused_and_explained(client, representative):
    client.force_login(representative.user)
    invite(client, representative)
    response = invite(client, representative, email="KOLLEGA@example.org")
    assert "En inbjudan till den här adressen väntar redan på svar" in response.content.decode()
    assert Invitation.objects.count() == 1


def test_inviting_someone_who_already_represents_is_refused(client, representative):
    client.force_login(representative.user)
    html = invite(client, representative, email="karin@example.org").content.decode()
    assert "Personen företräder redan organisationen" in html


def test_a_bad_address_is_explained_and_kept(client, representative):
    client.force_login(representative.user)
    html = invite(client, representative, email="kollega@").content.decode()
    assert 'id="id_email_error"' in html
    assert 'value="kollega@"' in html
    assert not Invitation.objects.exists()


def test_the_invited_person_accepts_with_the_invited_address(client, representative):
    invitation = Invitation.objects.create(
        organisation=representative.organisation, email="kollega@example.org", role="Kassör"
    )
    colleague = UserFactory(email="kollega@example.org")
    client.force_login(colleague)
    response = client.post(f"/organisationer/inbjudan/{invitation.token}/")
    assert response.status_code == 302
    assert Representative.objects.get(user=colleague).role == "Kassör"
    assert client.post(f"/organisationer/inbjudan/{invitation.token}/").status_code == 404


def test_someone_else_cannot_use_the_invitation(client, representative, person):
    invitation = Invitation.objects.create(
        organisation=representative.organisation, email="kollega@example.org"
    )
    client.force_login(person)
    response = client.post(f"/organisationer/inbjudan/{invitation.token}/")
    assert response.status_code == 400
    assert "Logga in med den adressen" in response.content.decode()
    assert not Representative.objects.filter(user=person).exists()


def test_the_last_representative_is_warned_before_leaving(client, representative):
    client.force_login(representative.user)
    url = f"/organisationer/{representative.organisation.slug}/lamna/"
    assert "Du är den sista företrädaren" in client.get(url).content.decode()
    RepresentativeFactory(organisation=representative.organisation)
    assert "Du är den sista företrädaren" not in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    assert not Representative.objects.filter(pk=representative.pk).exists()
    assert representative.organisation.__class__.objects.filter(
        pk=representative.organisation.pk
    ).exists()
