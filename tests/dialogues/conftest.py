import io

import pytest
from django.conf import settings
from django.utils import translation

from dialogues import demo


@pytest.fixture(autouse=True)
def default_language():
    """A request under /en/ leaves English active in the thread; reverse() would follow it."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def seed_event(db):
    """The October 2015 day, imported from the seeds through the importer."""
    return demo.load(io.StringIO())


@pytest.fixture
def coordinator(django_user_model):
    return django_user_model.objects.create_user(
        username="samordnare",
        email="samordnare@example.org",
        password="x",
        is_staff=True,
        is_superuser=True,
    )
