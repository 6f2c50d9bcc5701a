"""The live opinion barometer: one answer per device, rate-limited through the cache.

A device is known by a random id in a signed cookie (no account, nothing personal); the unique
constraint on (statement, device) is what keeps it to one answer, not a look-up before the
insert. Clearing the cookie lets a phone answer again: the room is a room, not an election.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import IntegrityError, transaction

from .models import BarometerAnswer, BarometerStatement

DEVICE_COOKIE = "okp_device"
DEVICE_SALT = "dialogues.barometer.device"
DEVICE_MAX_AGE = 60 * 60 * 24 * 365
# A device may try this many answers a minute; one address (a whole room behind one Wi-Fi
# router shares it) this many.
DEVICE_LIMIT = (10, 60)
ADDRESS_LIMIT = (300, 60)


class AnswerRefused(Exception):
    def __init__(self, code: str):
        self.code = code
        super().__init__(code)


def device_id(request) -> str | None:
    try:
        value = request.get_signed_cookie(DEVICE_COOKIE, salt=DEVICE_SALT, max_age=DEVICE_MAX_AGE)
    except (KeyError, signing.BadSignature):
        return None
    return value if len(value) == 32 and value.isalnum() else None


def new_device_id() -> str:
    return uuid.uuid4().hex


def remember_device(response, device: str) -> None:
    response.set_signed_cookie(
        DEVICE_COOKIE,
        device,
        salt=DEVICE_SALT,
        max_age=DEVICE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def within_limit(key: str, limit: tuple[int, int]) -> bool:
    """Count one attempt under `key`; False once the limit of the window is passed."""
    allowed, window = limit
    cache_key = f"dialogues:barometer:rate:{key}"
    if cache.add(cache_key, 1, timeout=window):
        return True
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=window)
        return True
    return count <= allowed


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "unknown")


def answer(statement: BarometerStatement, device: str, address: str, value: int):
    """Record the device's answer; raises AnswerRefused with a code for the page to explain."""
    if not within_limit(f"device:{device}", DEVICE_LIMIT) or not within_limit(
        f"address:{address}", ADDRESS_LIMIT
    ):
        raise AnswerRefused("rate_limited")
    if value not in BarometerStatement.Scale.values:
        raise AnswerRefused("invalid")
    # The status is read again inside the transaction: a statement closed a moment ago
    # takes no more answers.
    with transaction.atomic():
        current = BarometerStatement.objects.select_for_update().get(pk=statement.pk)
        if current.status != BarometerStatement.Status.OPEN:
            raise AnswerRefused("closed")
        try:
            with transaction.atomic():
                return BarometerAnswer.objects.create(statement=current, device=device, value=value)
        except IntegrityError as error:
            raise AnswerRefused("already_answered") from error
