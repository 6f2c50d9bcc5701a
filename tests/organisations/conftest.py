import pytest

from .factories import (
    CoordinatorFactory,
    OrganisationFactory,
    RepresentativeFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Hashing passwords the slow, safe way is not what these tests are about."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def swedish_outside_requests():
    """Work done outside a request (tasks, direct calls) runs in the site's language; a
    request under /en/ earlier in the thread must not leak into the next test."""
    from django.utils import translation

    with translation.override("sv"):
        yield


@pytest.fixture
def coordinator(db):
    return CoordinatorFactory(email="samordnare@example.org")


@pytest.fixture
def representative(db):
    """Karin represents Föreningen Klarälven, approved."""
    user = UserFactory(email="karin@example.org", first_name="Karin", last_name="Berg")
    organisation = OrganisationFactory(name="Föreningen Klarälven", slug="foreningen-klaralven")
    return RepresentativeFactory(user=user, organisation=organisation)


@pytest.fixture
def other_representative(db):
    """Olle represents another organisation."""
    user = UserFactory(email="olle@example.org")
    return RepresentativeFactory(
        user=user, organisation=OrganisationFactory(name="Fryksdalens IF", slug="fryksdalens-if")
    )


@pytest.fixture
def person(db):
    """Signed up and verified, represents nobody."""
    return UserFactory(email="nina@example.org")
