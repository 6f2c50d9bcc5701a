import pytest

from .factories import (
    OrganisationFactory,
    RepresentativeFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Hashing passwords the slow, safe way is not what these tests are about."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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
