import pytest
from allauth.account.models import EmailAddress

from okportal.models import User

pytestmark = pytest.mark.django_db


def test_login_and_signup_pages_are_swedish_and_english(client):
    assert "Logga in" in client.get("/accounts/login/").content.decode()
    assert "Sign in" in client.get("/en/accounts/login/").content.decode()
    assert client.get("/accounts/signup/").status_code == 200


def test_signup_needs_no_username_and_sends_a_verification_mail(client, mailoutbox):
    response = client.post(
        "/accounts/signup/",
        {
            "name": "Anna Berg",
            "email": "anna@example.org",
            "password1": "Lingon-Sylt-42",
            "password2": "Lingon-Sylt-42",
        },
    )
    assert response.status_code == 302
    assert User.objects.filter(email="anna@example.org").exists()
    assert not EmailAddress.objects.get(email="anna@example.org").verified
    assert len(mailoutbox) == 1
    assert "/accounts/confirm-email/" in mailoutbox[0].body


def test_allauth_mails_link_to_site_url_whatever_host_was_asked(client, mailoutbox, settings):
    settings.SITE_URL = "https://portal.example.se"
    client.post(
        "/accounts/signup/",
        {"name": "Anna Berg", "email": "anna@example.org",
         "password1": "Lingon-Sylt-42", "password2": "Lingon-Sylt-42"},
        HTTP_HOST="testserver",
    )  # fmt: skip
    client.post("/accounts/password/reset/", {"email": "anna@example.org"})
    bodies = [message.body for message in mailoutbox]
    assert len(bodies) == 2
    assert "https://portal.example.se/accounts/confirm-email/" in bodies[0]
    assert "https://portal.example.se/accounts/password/reset/key/" in bodies[1]
    assert not any("testserver" in body for body in bodies)


def test_unverified_address_cannot_log_in(client):
    user = User.objects.create_user("anna", "anna@example.org", "Lingon-Sylt-42")
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    response = client.post(
        "/accounts/login/", {"login": "anna@example.org", "password": "Lingon-Sylt-42"}
    )
    assert response.status_code == 302
    assert response.url == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session


def test_bad_signup_keeps_the_address_and_explains_in_swedish(client):
    response = client.post(
        "/accounts/signup/",
        {
            "name": "Anna Berg",
            "email": "anna@example.org",
            "password1": "Lingon-Sylt-42",
            "password2": "Lingon-Sylt-43",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="anna@example.org"' in html
    assert "samma lösenord" in html
    assert not User.objects.exists()


def test_sign_up_errors_are_listed_at_the_top_and_linked_to_their_fields(client):
    # allauth's forms are shown the portal's way too (templates/allauth/elements/fields.html)
    html = client.post(
        "/accounts/signup/", {"name": "", "email": "inte-en-adress", "password1": "x"}
    ).content.decode()
    summary = html[
        html.index('class="error-summary') : html.index("</ul>", html.index("error-summary"))
    ]
    assert 'href="#id_name"' in summary and 'href="#id_email"' in summary
    assert "Fält markerade med * måste fyllas i." in html
    assert 'value="inte-en-adress"' in html


def test_failed_logins_are_rate_limited_through_the_cache(client):
    user = User.objects.create_user("anna", "anna@example.org", "Lingon-Sylt-42")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    for _ in range(10):
        response = client.post("/accounts/login/", {"login": "anna@example.org", "password": "fel"})
    assert "För många misslyckade inloggningsförsök" in response.content.decode()
