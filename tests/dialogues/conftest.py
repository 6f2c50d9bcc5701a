import io

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from dialogues import demo


@pytest.fixture(autouse=True)
def default_language():
    """A request under /en/ leaves English active in the thread; reverse() would follow it."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def own_cache_database(settings):
    """The cache server is shared by every suite running on this machine, and each of them
    empties it before every test; these tests keep their rate limits and cached pages in a
    database of the server of their own, so another suite's flush cannot reach them."""
    default = settings.CACHES["default"]
    settings.CACHES = {
        **settings.CACHES,
        "default": {**default, "LOCATION": default["LOCATION"].rsplit("/", 1)[0] + "/7"},
    }
    cache.clear()
    yield
    cache.clear()


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
