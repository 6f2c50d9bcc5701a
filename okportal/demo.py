"""Demo content: a coordinator account, and each app's own `demo.load()`, idempotent."""

from importlib import import_module
from importlib.util import find_spec

from allauth.account.models import EmailAddress
from django.apps import apps
from django.conf import settings

from . import english_content
from .models import User

COORDINATOR_EMAIL = "samordnare@example.org"
COORDINATOR_PASSWORD = "demo-samordnare-2026"
DEMO_APPS = ["organisations", "dialogues", "agreements"]


def ensure_coordinator() -> User:
    user, created = User.objects.get_or_create(
        username="samordnare",
        defaults={"email": COORDINATOR_EMAIL, "name": "Demo Samordnare"},
    )
    if created:
        user.is_staff = user.is_superuser = True
        user.set_password(COORDINATOR_PASSWORD)
        user.save()
    EmailAddress.objects.get_or_create(
        user=user, email=COORDINATOR_EMAIL, defaults={"verified": True, "primary": True}
    )
    return user


def load_all(stdout) -> None:
    ensure_coordinator()
    for app in DEMO_APPS:
        if app in settings.INSTALLED_APPS and find_spec(f"{app}.demo"):
            import_module(f"{app}.demo").load(stdout)
    english_content.fill_all(apps)
