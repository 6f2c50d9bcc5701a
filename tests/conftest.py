"""Shared fixtures: a real SMTP server on loopback, a real Celery worker, a real browser."""

import os
import shutil
import subprocess
import sys
import tempfile
import time
from importlib import import_module
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import connection
from django.utils import translation

from okportal import english_content
from okportal.local_copies import forget_every_copy
from okportal.local_services import free_port

BASE_DIR = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


class MailCollector:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 OK"

    def wait_for(self, count: int, seconds: float = 30):
        deadline = time.monotonic() + seconds
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(self.messages) >= count, f"{len(self.messages)} of {count} messages arrived"
        return self.messages


@pytest.fixture(autouse=True)
def empty_cache():
    """Rate limits and cached pages of one test must not reach the next."""
    cache.clear()
    forget_every_copy()


@pytest.fixture(autouse=True)
def site_language():
    """Each test starts and ends in the site's language (Swedish): a request under /en/ leaves
    English active in the thread, and work done outside a request (tasks, direct calls,
    reverse()) must not inherit it from an earlier request or test."""
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture
def coordinator(db):
    """A coordinator (staff), not signed in: tests sign in with `client.force_login`."""
    from tests.organisations.factories import CoordinatorFactory

    return CoordinatorFactory(email="samordnare@example.org")


@pytest.fixture(autouse=True)
def reference_data(request):
    """A transactional test empties every table when it ends, the rows that data migrations
    put there (municipalities, themes and their keywords) included; the next one gets them back.

    Use this, not `serialized_rollback`: after a flush by a transactional test without it,
    Django's post_migrate puts content types back, and reloading the serialized ones on top of
    them fails on a duplicate content type."""
    marker = request.node.get_closest_marker("django_db")
    if not (marker and marker.kwargs.get("transaction")):
        return
    assert not marker.kwargs.get("serialized_rollback"), "reference_data restores the data"
    request.getfixturevalue("_django_db_helper")
    from django.apps import apps

    data = import_module("organisations.migrations.0002_trigram_municipalities_themes")
    data.add_data(apps, None)
    import_module("organisations.migrations.0006_theme_keywords").add_keywords(apps, None)
    english_content.fill_all(apps)


@pytest.fixture
def server_dir():
    """A folder for a test's own embedded servers. Not under pytest's temporary folder: each
    pytest that starts sets that to mode 700, which would lock the servers' user out."""
    root = BASE_DIR / ".local" / "test-servers"
    root.mkdir(parents=True, exist_ok=True)
    path = Path(tempfile.mkdtemp(dir=root))
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on loopback; Django in this process sends to it."""
    collector = MailCollector()
    controller = Controller(collector, hostname="127.0.0.1", port=free_port())
    controller.start()
    collector.port = controller.port
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    yield collector
    controller.stop()


def database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@pytest.fixture
def celery_worker_process(transactional_db, smtp_server):
    """A real `celery worker` process on the real broker, using the test database."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_server.port),
        "CONN_MAX_AGE": "0",
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "okportal", "worker", "--pool=solo",
         "--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "warning",
         "-Q", django_settings.CELERY_TASK_DEFAULT_QUEUE],
        cwd=BASE_DIR, env=env,
    )  # fmt: skip
    yield worker
    worker.terminate()
    worker.wait(timeout=30)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"],
        )  # fmt: skip
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, settings):
    # The links in the mails (on SITE_URL) lead the browser to the server under test.
    settings.SITE_URL = live_server.url
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.csp_violations = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and page.csp_violations.append(message.text)
        ),
    )
    yield page
    context.close()
