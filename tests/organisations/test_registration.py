import pytest
from django.db import transaction

from okportal.models import OutgoingMail
from organisations import registration
from organisations.models import Municipality, Organisation, Representative, Theme

from .factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/organisationer/registrera/"


def form_data(**changes):
    data = {
        "name": "Föreningen Vänerns Vänner",
        "organisation_number": "802000-1239",
        "sector": "ideburen",
        "legal_form": "ideell-forening",
        "level": "regional",
        "municipalities": [Municipality.objects.get(slug="karlstad").pk],
        "themes": [Theme.objects.get(slug="folkhalsa").pk],
        "description": "Vi städar stränder.",
        "website": "vanernsvanner.example.org",
        "email": "info@vanernsvanner.example.org",
        "phone": "054-12 34 56",
        "role": "Ordförande",
        "public_consent": "on",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_the_form_asks_anonymous_people_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_a_person_without_a_verified_address_may_not_register(client):
    user = UserFactory(verified=False)
    client.force_login(user)
    assert client.get(URL).status_code == 403


def test_the_form_is_swedish_and_english(client, person):
    client.force_login(person)
    assert "Registrera din organisation" in client.get(URL).content.decode()
    assert "Register your organisation" in client.get("/en" + URL).content.decode()


def test_registering_saves_a_pending_organisation_and_tells_the_coordinators(
    client, person, coordinator
):
    client.force_login(person)
    response = client.post(URL, form_data())
    organisation = Organisation.objects.get()
    assert response.status_code == 302
    assert response.url == "/organisationer/foreningen-vanerns-vanner/"
    assert organisation.status == Organisation.Status.PENDING
    assert organisation.organisation_number == "802000-1239"
    assert organisation.website == "https://vanernsvanner.example.org"
    assert [m.slug for m in organisation.municipalities.all()] == ["karlstad"]
    representative = Representative.objects.get()
    assert representative.user == person
    assert representative.public_consent_at is not None
    mail = OutgoingMail.objects.get()
    assert mail.recipient == "samordnare@example.org"
    assert "Föreningen Vänerns Vänner" in mail.subject
    assert "/admin/organisations/pendingorganisation/" in mail.body_text


def test_the_registrant_sees_the_pending_profile_and_the_public_does_not(client, person):
    client.force_login(person)
    client.post(URL, form_data())
    html = client.get("/organisationer/foreningen-vanerns-vanner/").content.decode()
    assert "väntar på godkännande" in html
    client.logout()
    assert client.get("/organisationer/foreningen-vanerns-vanner/").status_code == 404
    assert "Vänerns Vänner" not in client.get("/organisationer/").content.decode()


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("organisation_number", "802000-1234", "Kontrollsiffran stämmer inte"),
        ("organisation_number", "12345", "tio siffror"),
        ("organisation_number", "", "Ange organisationsnumret"),
        ("website", "inte en adress", "Ange en webbadress, som https://www.example.org."),
        ("name", "", "Detta fält måste fyllas i"),
        ("email", "info@", "Fyll i en giltig e-postadress"),
    ],
)
def test_bad_input_is_explained_next_to_the_field_and_kept(client, person, field, value, message):
    client.force_login(person)
    response = client.post(URL, form_data(**{field: value}))
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert f'id="id_{field}_error"' in html
    assert 'value="Föreningen Vänerns Vänner"' in html or field == "name"
    assert "Vi städar stränder." in html
    assert not Organisation.objects.exists()
    assert not Representative.objects.exists()


def test_bad_input_is_explained_in_english_under_en(client, person):
    client.force_login(person)
    html = client.post("/en" + URL, form_data(organisation_number="802000-1234")).content.decode()
    assert "The check digit does not match" in html


def test_a_network_may_leave_the_number_empty(client, person):
    client.force_login(person)
    client.post(URL, form_data(organisation_number="", legal_form="natverk"))
    assert Organisation.objects.get().organisation_number == ""


def test_a_number_already_registered_is_refused(client, person):
    OrganisationFactory(organisation_number="802000-1239")
    client.force_login(person)
    html = client.post(URL, form_data(organisation_number="8020001239")).content.decode()
    assert "En organisation med det här numret är redan registrerad" in html
    assert Organisation.objects.count() == 1


def test_a_nearly_identical_name_needs_a_confirmation(client, person):
    OrganisationFactory(name="Föreningen Vänerns vänner i Värmland", organisation_number="")
    client.force_login(person)
    html = client.post(URL, form_data(name="Föreningen Vänerns Vänner Värmland")).content.decode()
    assert "ett mycket likt namn är redan registrerad: Föreningen Vänerns vänner i Värmland" in html
    assert 'name="different_organisation"' in html
    assert Organisation.objects.count() == 1
    client.post(
        URL, form_data(name="Vänerns Vänner, föreningen i Värmland", different_organisation="on")
    )
    assert Organisation.objects.count() == 2


@pytest.mark.parametrize("typed", ["NATVERKET VI!", "Nätverket  V.I.", "Natverket Vi"])
def test_near_identical_names_differ_only_in_case_accents_or_punctuation(person, typed):
    OrganisationFactory(name="Nätverket VI", organisation_number="")
    assert Organisation.objects.similar_names(typed).exists()
    assert not Organisation.objects.similar_names("Nätverket för unga i Kil").exists()


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_submitting_twice_shows_the_first_submissions_success(client, person, coordinator, prefix):
    client.force_login(person)
    first = client.post(prefix + URL, form_data(), follow=True)
    second = client.post(prefix + URL, form_data(name=" föreningen  vänerns vänner"), follow=True)
    organisation = Organisation.objects.get()
    assert first.redirect_chain == second.redirect_chain
    assert second.redirect_chain[-1][0].endswith(f"/organisationer/{organisation.slug}/")
    success = [str(m) for m in second.context["messages"]]
    assert success == [str(m) for m in first.context["messages"]]
    assert "already" not in success[0] and "redan" not in success[0]
    assert Representative.objects.count() == 1
    assert OutgoingMail.objects.filter(key__startswith="organisations:pending").count() == 1


def test_the_database_stops_a_double_that_slips_past_the_form(person):
    fields = {
        "name": "Föreningen Dubbel",
        "organisation_number": "802000-1239",
        "sector": "ideburen",
        "legal_form": "ideell-forening",
        "level": "lokal",
    }
    registration.register_organisation(person, fields=fields)
    with pytest.raises(registration.RegistrationError) as error, transaction.atomic():
        registration.register_organisation(person, fields={**fields, "name": "Annan"})
    assert error.value.field == "organisation_number"
    with pytest.raises(registration.RegistrationError) as error, transaction.atomic():
        registration.register_organisation(
            UserFactory(), fields={**fields, "name": "FÖRENINGEN DUBBEL", "organisation_number": ""}
        )
    assert error.value.field == "name"
    # the same person's second submission (at the same moment) gets the first one back
    again = registration.register_organisation(
        person, fields={**fields, "name": "Föreningen DUBBEL"}
    )
    assert again == Organisation.objects.get()


def test_approval_tells_the_registrant_in_their_language(client, person, coordinator):
    client.force_login(person)
    client.post("/en" + URL, form_data())
    organisation = Organisation.objects.get()
    assert registration.approve([organisation.pk], coordinator) == 1
    assert registration.approve([organisation.pk], coordinator) == 0
    mail = OutgoingMail.objects.get(recipient=person.email)
    assert mail.subject == "Föreningen Vänerns Vänner is approved"
    assert "http://localhost:8000/en/organisationer/foreningen-vanerns-vanner/" in mail.body_text
    organisation.refresh_from_db()
    assert organisation.decided_by == coordinator
    assert organisation.history.first().status == "approved"


def test_rejection_tells_the_reason(person, coordinator):
    organisation = registration.register_organisation(
        person,
        fields={"name": "X", "sector": "ideburen", "legal_form": "natverk", "level": "lokal"},
    )
    registration.reject([organisation.pk], coordinator, "Ingen verksamhet i Värmland.")
    mail = OutgoingMail.objects.get(recipient=person.email)
    assert mail.subject == "X godkändes inte"
    assert "Ingen verksamhet i Värmland." in mail.body_text
    assert "Ingen verksamhet i Värmland." in mail.body_html


def test_representatives_edit_their_profile(client, representative):
    client.force_login(representative.user)
    url = f"/organisationer/{representative.organisation.slug}/redigera/"
    data = form_data(name="Föreningen Klarälven", organisation_number="802000-1239")
    response = client.post(url, data)
    assert response.status_code == 302
    representative.organisation.refresh_from_db()
    assert representative.organisation.description == "Vi städar stränder."


def test_editing_into_another_organisations_number_is_refused(client, representative):
    OrganisationFactory(organisation_number="802000-1239")
    client.force_login(representative.user)
    url = f"/organisationer/{representative.organisation.slug}/redigera/"
    html = client.post(url, form_data(name="Föreningen Klarälven")).content.decode()
    assert "redan registrerad" in html
