"""A person's name, the language kept through sign-up, sign-in and sign-out, allauth's wording,
the Site from SITE_URL, and the page titles."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.sites.models import Site
from django.core import mail
from django.utils import translation

from okportal.models import User
from okportal.sites import sync_site

pytestmark = pytest.mark.django_db

PASSWORD = "Lingon-Sylt-42"


def person(email="anna.berg@example.org", name="Anna Berg"):
    user = User.objects.create_user(email.split("@")[0], email, PASSWORD, name=name)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_signup_asks_for_a_name_and_keeps_it(client):
    response = client.post(
        "/accounts/signup/",
        {
            "name": "  Anna   Berg ",
            "email": "anna@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302
    assert User.objects.get(email="anna@example.org").name == "Anna Berg"


def test_signup_without_a_name_says_so_in_the_page_language(client):
    data = {"email": "anna@example.org", "password1": PASSWORD, "password2": PASSWORD}
    swedish = client.post("/accounts/signup/", data).content.decode()
    english = client.post("/en/accounts/signup/", data).content.decode()
    assert "Detta fält måste fyllas i." in swedish
    assert "This field is required." in english
    assert 'autocomplete="name"' in english
    assert english.index('name="name"') < english.index('name="email"')  # the name comes first
    assert not User.objects.exists()


@pytest.mark.parametrize(
    ("prefix", "home", "signed_in", "signed_out"),
    [
        ("", "/", "Du är inloggad som Anna Berg.", "Du har loggat ut."),
        ("/en", "/en/", "You are signed in as Anna Berg.", "You have signed out."),
    ],
)
def test_sign_in_and_out_keep_the_language_and_call_the_person_by_name(
    client, prefix, home, signed_in, signed_out
):
    person()
    response = client.post(
        f"{prefix}/accounts/login/",
        {"login": "anna.berg@example.org", "password": PASSWORD},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == home
    assert signed_in in messages_of(response)
    assert "anna.berg" not in " ".join(messages_of(response))

    response = client.post(f"{prefix}/accounts/logout/", follow=True)
    assert response.redirect_chain[-1][0] == home
    assert signed_out in messages_of(response)


def test_a_person_without_a_name_is_called_by_their_own_address(client):
    person(email="olle.nilsson@example.org", name="")
    response = client.post(
        "/accounts/login/",
        {"login": "olle.nilsson@example.org", "password": PASSWORD},
        follow=True,
    )
    assert messages_of(response) == ["Du är inloggad som olle.nilsson@example.org."]
    assert ">olle.nilsson@example.org</li>" in response.content.decode()


def test_signup_from_an_english_page_mails_in_english_from_the_site_of_site_url(client, settings):
    client.post(
        "/en/accounts/signup/",
        {"name": "Anna Berg", "email": "anna@example.org", "password1": PASSWORD,
         "password2": PASSWORD},
    )  # fmt: skip
    [message] = mail.outbox
    assert message.subject == "[ÖK-portalen] Please confirm your email address"
    assert "Hello from ÖK-portalen!" in message.body
    assert "Anna Berg has given your email address" in message.body
    assert "example.com" not in message.body
    assert re.search(r"https?://[^/\s]+/en/accounts/confirm-email/\S+/", message.body)


def test_swedish_sign_up_mail_reads_well(client):
    client.post(
        "/accounts/signup/",
        {"name": "Anna Berg", "email": "anna@example.org", "password1": PASSWORD,
         "password2": PASSWORD},
    )  # fmt: skip
    [message] = mail.outbox
    assert message.subject == "[ÖK-portalen] Bekräfta din e-postadress"
    assert "Hej från ÖK-portalen!" in message.body
    assert "Anna Berg har angett din e-postadress" in message.body
    assert "mailet" not in message.body


def test_login_page_offers_sign_up_in_words_that_say_so(client):
    swedish = client.get("/accounts/login/").content.decode()
    assert "Har du inget konto än?" in swedish
    assert "Har du redan ett konto?" not in swedish
    assert "No account yet?" in client.get("/en/accounts/login/").content.decode()
    assert "Har du redan ett konto?" in client.get("/accounts/signup/").content.decode()


def test_the_site_takes_its_domain_from_site_url(settings):
    settings.SITE_URL = "https://ok.regionvarmland.se"
    sync_site()
    site = Site.objects.get_current()
    assert (site.domain, site.name) == ("ok.regionvarmland.se", "ÖK-portalen")


def test_after_migrate_the_site_is_not_example_com():
    assert Site.objects.get_current().domain != "example.com"


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/en/",
        "/accounts/login/",
        "/en/accounts/signup/",
        "/accounts/password/reset/",
        "/organisationer/",
        "/en/arbetsgrupper/",
        "/dialoger/",
        "/en/integritet/",
        "/moten/",
        "/tillganglighet/",
    ],
)
def test_every_page_title_names_the_page_then_the_portal(client, path):
    html = client.get(path).content.decode()
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    page, separator, portal = title.rpartition(" – ")
    assert (separator, portal) == (" – ", "ÖK-portalen"), title
    assert page.strip(), title


def test_my_data_changes_the_name(client):
    user = person()
    client.force_login(user)
    response = client.post("/en/mina-uppgifter/", {"name": "Anna  Berg-Lind"}, follow=True)
    assert response.redirect_chain[-1][0] == "/en/mina-uppgifter/"
    assert "Your name is saved." in messages_of(response)
    user.refresh_from_db()
    assert user.name == "Anna Berg-Lind"


def test_my_data_without_a_name_explains_in_swedish(client):
    client.force_login(person())
    html = client.post("/mina-uppgifter/", {"name": "  "}).content.decode()
    assert "Fel:" in re.search(r"<title>(.*?)</title>", html).group(1)
    assert "Detta fält måste fyllas i." in html


def test_the_language_link_carries_where_sign_in_leads_into_that_language(client):
    html = client.get("/accounts/login/?next=/organisationer/").content.decode()
    assert 'href="/en/accounts/login/?next=/en/organisationer/"' in html
    html = client.get("/en/accounts/login/?next=/en/arbetsgrupper/").content.decode()
    assert 'href="/accounts/login/?next=/arbetsgrupper/"' in html
    html = client.get("/en/accounts/login/?next=https://example.net/").content.decode()
    assert "example.net/%3F" not in html and "next=/en/" not in html


def test_an_invitation_calls_the_inviter_by_name():
    from okportal.models import OutgoingMail
    from organisations import registration
    from tests.organisations.factories import OrganisationFactory

    inviter = person()
    with translation.override("sv"):
        registration.invite_representative(OrganisationFactory(), "olle@example.org", "", inviter)
    mail = OutgoingMail.objects.get(recipient="olle@example.org")
    assert mail.body_text.startswith("Anna Berg bjuder in dig")
    assert "anna.berg@" not in mail.body_text
