import os

import psycopg
import redis

from okportal import local_services


def test_servers_start_once_are_shared_and_stop_cleanly(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("REDIS_URL", raising=False)
    urls, started = local_services.ensure_running(tmp_path)
    try:
        assert len(started) == 2
        with psycopg.connect(urls["DATABASE_URL"]) as connection:
            assert connection.execute("SELECT current_database()").fetchone() == ("okportal",)
        assert redis.Redis.from_url(urls["REDIS_URL"]).ping()

        again, started_again = local_services.ensure_running(tmp_path)
        assert again == urls
        assert started_again == []
    finally:
        local_services.stop(started, tmp_path)
    assert local_services.Postgres(tmp_path).port() is None
    assert local_services.Valkey(tmp_path).port() is None


def test_given_urls_start_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://elsewhere/db")
    monkeypatch.setenv("REDIS_URL", "redis://elsewhere:6379/0")
    assert local_services.ensure_running(tmp_path) == ({}, [])
    assert not (tmp_path / "postgres").exists()


def test_data_is_kept_between_runs(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("REDIS_URL", os.environ.get("REDIS_URL", "redis://unused/0"))
    urls, started = local_services.ensure_running(tmp_path)
    with psycopg.connect(urls["DATABASE_URL"], autocommit=True) as connection:
        connection.execute("CREATE TABLE kept (value text)")
        connection.execute("INSERT INTO kept VALUES ('still here')")
    local_services.stop(started, tmp_path)

    urls, started = local_services.ensure_running(tmp_path)
    try:
        with psycopg.connect(urls["DATABASE_URL"]) as connection:
            assert connection.execute("SELECT value FROM kept").fetchone() == ("still here",)
    finally:
        local_services.stop(started, tmp_path)
