"""What /healthz asks: does the database answer, does the broker answer."""

import redis
from django.conf import settings
from django.db import connection
from django.db.utils import DatabaseError


def database_problem() -> str | None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        connection.close()
        return f"database: {error.__class__.__name__}"
    return None


def broker_problem() -> str | None:
    try:
        client = redis.Redis.from_url(
            settings.CELERY_BROKER_URL, socket_connect_timeout=2, socket_timeout=2
        )
        client.ping()
    except redis.RedisError as error:
        return f"broker: {error.__class__.__name__}"
    return None


def problems() -> list[str]:
    return [problem for problem in (database_problem(), broker_problem()) if problem]
