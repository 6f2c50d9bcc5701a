"""docker-compose.yml cannot be run here (no Docker engine); what can be checked, is."""

import re
from pathlib import Path

import yaml

from tests.okportal.test_settings import manage

BASE_DIR = Path(__file__).resolve().parent.parent.parent
COMPOSE = yaml.safe_load((BASE_DIR / "docker-compose.yml").read_text())
SETTINGS = (BASE_DIR / "okportal" / "settings.py").read_text()


def app_environment() -> dict[str, str]:
    return COMPOSE["x-app"]["environment"]


def test_every_variable_compose_sets_is_read_by_the_settings():
    read = set(re.findall(r'env(?:_bool|\.\w+)\(\s*"([A-Z_]+)"', SETTINGS))
    for name in app_environment():
        assert name.removesuffix("_FILE") in read, f"{name} is set in compose but never read"


def test_services_have_health_checks_and_web_migrates_on_start():
    services = COMPOSE["services"]
    assert {"postgres", "redis", "web", "worker", "beat", "mailpit"} <= set(services)
    for name in ("postgres", "redis", "web", "worker", "mailpit"):
        assert "healthcheck" in services[name], name
    assert "migrate" in services["web"]["command"]
    assert "/healthz" in " ".join(services["web"]["healthcheck"]["test"])
    assert set(COMPOSE["volumes"]) >= {"postgres-data", "redis-data"}


def test_compose_environment_passes_the_deploy_check(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("s3cr3t-" * 10)
    env = {
        key: re.sub(r"\$\{\w+:-([^}]*)\}", r"\1", str(value))
        for key, value in app_environment().items()
        if key != "SECRET_KEY_FILE"
    }
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", SECRET_KEY_FILE=str(secret), **env
    )
    assert result.returncode == 0, result.stderr
