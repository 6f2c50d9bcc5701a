import os

import psycopg
import redis

from okportal import local_services


def test_servers_start_once_are_shared_and_stop_cleanly(server_dir, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("REDIS_URL", raising=False)
    urls, started = local_services.ensure_running(server_dir)
    try:
        assert len(started) == 2
        with psycopg.connect(urls["DATABASE_URL"]) as connection:
            assert connection.execute("SELECT current_database()").fetchone() == ("okportal",)
        assert redis.Redis.from_url(urls["REDIS_URL"]).ping()

        again, started_again = local_services.ensure_running(server_dir)
        assert again == urls
        assert started_again == []
    finally:
        local_services.stop(started, server_dir)
    assert local_services.Postgres(server_dir).port() is None
    assert local_services.Valkey(server_dir).port() is None


def test_given_urls_start_nothing(server_dir, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://elsewhere/db")
    monkeypatch.setenv("REDIS_URL", "redis://elsewhere:6379/0")
    assert local_services.ensure_running(server_dir) == ({}, [])
    assert not (server_dir / "postgres").exists()


def test_data_is_kept_between_runs(server_dir, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("REDIS_URL", os.environ.get("REDIS_URL", "redis://unused/0"))
    urls, started = local_services.ensure_running(server_dir)
    with psycopg.connect(urls["DATABASE_URL"], autocommit=True) as connection:
        connection.execute("CREATE TABLE kept (value text)")
        connection.execute("INSERT INTO kept VALUES ('still here')")
    local_services.stop(started, server_dir)

    urls, started = local_services.ensure_running(server_dir)
    try:
        with psycopg.connect(urls["DATABASE_URL"]) as connection:
            assert connection.execute("SELECT value FROM kept").fetchone() == ("still here",)
    finally:
        local_services.stop(started, server_dir)
