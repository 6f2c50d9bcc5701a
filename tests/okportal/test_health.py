import os
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from okportal.local_services import Postgres, free_port, wait_for_port

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.mark.django_db
def test_healthz_is_200_when_database_and_broker_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "problems": []}


@pytest.mark.django_db
def test_healthz_is_503_naming_the_broker_when_it_is_gone(client, settings):
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{free_port()}/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["problems"] == ["broker: ConnectionError"]


def test_healthz_follows_a_real_database_going_down_and_coming_back(server_dir):
    """A web server on its own PostgreSQL server: stop that server, then start it again."""
    postgres = Postgres(server_dir)
    port = postgres.start()
    web_port = free_port()
    env = {**os.environ, "DATABASE_URL": postgres.url(port), "CONN_MAX_AGE": "0"}
    web = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{web_port}", "--noreload"],
        cwd=BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wait_for_port(web_port)
        url = f"http://127.0.0.1:{web_port}/healthz"
        assert get(url)[0] == 200
        postgres.stop()
        status, body = get(url)
        assert status == 503
        assert "database" in body
        postgres.start(port)
        assert get(url)[0] == 200
    finally:
        web.terminate()
        web.wait(timeout=10)
        postgres.stop()
