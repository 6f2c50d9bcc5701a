"""The admin has no password form of its own: it is signed in to through allauth, whose rate
limits and lockout therefore hold for coordinators too."""

import pytest

from tests.organisations.factories import PASSWORD, CoordinatorFactory, UserFactory

pytestmark = pytest.mark.django_db

LOCKED = "För många misslyckade inloggningsförsök"


def sign_in(client, password, next_url="/admin/"):
    return client.post(
        f"/accounts/login/?next={next_url}",
        {"login": "samordnare@example.org", "password": password},
    )


def test_admin_login_sends_to_allauths_sign_in_and_back(client):
    CoordinatorFactory(email="samordnare@example.org")
    response = client.get("/admin/")
    assert response.status_code == 302
    response = client.get(response.url)  # /admin/login/?next=/admin/
    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=%2Fadmin%2F"
    assert "Logga in" in client.get(response.url).content.decode()
    response = sign_in(client, PASSWORD)
    assert response.status_code == 302 and response.url == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_english_admin_login_goes_to_the_english_sign_in(client):
    response = client.get("/en/admin/login/?next=/en/admin/")
    assert response.url == "/en/accounts/login/?next=%2Fen%2Fadmin%2F"


def test_admin_login_form_takes_no_password(client):
    """A POST of the old admin form's fields signs nobody in: there is no such form."""
    CoordinatorFactory(email="samordnare@example.org", username="samordnare")
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "samordnare", "password": PASSWORD}
    )
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


def test_six_wrong_passwords_lock_the_coordinator_out_even_with_the_right_one(client):
    CoordinatorFactory(email="samordnare@example.org")
    answers = [sign_in(client, f"fel-{attempt}") for attempt in range(6)]
    assert all(response.status_code == 200 for response in answers)
    assert LOCKED not in answers[4].content.decode()
    assert LOCKED in answers[5].content.decode()
    response = sign_in(client, PASSWORD)
    assert response.status_code == 200
    assert LOCKED in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


def test_a_signed_in_person_who_is_not_staff_is_refused_the_admin_login(client):
    client.force_login(UserFactory())
    assert client.get("/admin/login/").status_code == 403
