"""Who is signed in, read from the cache: every page a signed-in person asks for needs their
row, and reading it from the database was a fifth to a quarter of such a page's time
(profiled).

The row is kept until it changes: any save or delete of a person forgets it (at once and again
when the transaction commits), so a deactivated account or a changed password loses its
sessions on the next request. Writes that bypass signals (`update()`) are seen at most
`KEPT_FOR` seconds later."""

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

KEPT_FOR = 300


def _key(user_id) -> str:
    return f"signed-in-person:{user_id}"


class KeptPerson:
    """`get_user` from the cache, else from the backend it is mixed into (which refuses
    inactive accounts); only rows the backend accepted are kept."""

    def get_user(self, user_id):
        person = cache.get(_key(user_id))
        if person is None:
            person = super().get_user(user_id)
            if person is not None:
                cache.set(_key(user_id), person, KEPT_FOR)
        return person


class PortalModelBackend(KeptPerson, ModelBackend):
    pass


class PortalAuthenticationBackend(KeptPerson, AuthenticationBackend):
    pass


def forget_person(instance, **_signal) -> None:
    key = _key(instance.pk)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


def connect() -> None:
    person = get_user_model()
    post_save.connect(forget_person, sender=person, dispatch_uid="forget-kept-person")
    post_delete.connect(forget_person, sender=person, dispatch_uid="forget-kept-person")
