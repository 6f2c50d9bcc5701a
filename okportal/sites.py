"""The Site (django.contrib.sites) that allauth's pages and mail name: its domain and name come
from SITE_URL, after every migrate, so that no mail says example.com. Kept in this one function;
mail code that needs the site's address reads SITE_URL itself."""

from urllib.parse import urlsplit

from django.conf import settings

SITE_NAME = "ÖK-portalen"


def sync_site(**_signal) -> None:
    from django.contrib.sites.models import Site

    domain = urlsplit(settings.SITE_URL).netloc or "localhost"
    Site.objects.update_or_create(
        pk=settings.SITE_ID, defaults={"domain": domain, "name": SITE_NAME}
    )
    Site.objects.clear_cache()
