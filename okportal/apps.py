from urllib.parse import urlsplit

from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from .page_cache import ContentVersion

# What the start page shows; five minutes at most, since meetings stop being coming by the clock.
start_page = ContentVersion("start", timeout=300)


def site_from_site_url(using="default", **kwargs):
    """One Site, one address: allauth's mails name the portal and its host as SITE_URL does."""
    from django.contrib.sites.models import Site

    host = urlsplit(settings.SITE_URL).netloc or "localhost"
    Site.objects.using(using).update_or_create(
        pk=settings.SITE_ID, defaults={"domain": host, "name": "ÖK-portalen"}
    )
    Site.objects.clear_cache()


class OkportalConfig(AppConfig):
    name = "okportal"
    verbose_name = _("Portal")

    def ready(self):
        post_migrate.connect(site_from_site_url, sender=self)
        start_page.watch(
            "agreements.Agreement",
            "agreements.Phase",
            "agreements.Meeting",
            "dialogues.DialogueEvent",
            "organisations.WorkingGroup",
        )
