import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k3!vP9x#" * 8,
    "ALLOWED_HOSTS": "ok.example.org",
    "DATABASE_URL": "postgres://ok@db/okportal",
    "REDIS_URL": "redis://redis:6379/0",
}


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    # The browser fixture allows Django's ORM inside Playwright's event loop; production must not.
    leave_out = {*PRODUCTION, "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in leave_out}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
    )


def test_deploy_check_is_clean_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", **{**PRODUCTION, "SECRET_KEY": ""})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_a_bad_boolean_stops_start_up_with_a_clear_message():
    result = manage("check", **{**PRODUCTION, "DEBUG": "maybe"})
    assert result.returncode != 0
    assert "DEBUG must be true or false, not 'maybe'" in result.stderr


def test_sqlite_is_refused():
    result = manage("check", **{**PRODUCTION, "DATABASE_URL": "sqlite:///x.db"})
    assert result.returncode != 0
    assert "PostgreSQL" in result.stderr


def test_no_model_change_lacks_a_migration(db):
    from django.core.management import call_command

    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_static_files_collect_for_production(tmp_path):
    result = manage("collectstatic", "--noinput", **PRODUCTION, STATIC_ROOT=str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert list(tmp_path.glob("css/site.*.css")), "hashed site.css missing from the manifest"
