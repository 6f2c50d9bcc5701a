from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from .page_cache import ContentVersion

# What the start page shows; five minutes at most, since meetings stop being coming by the clock.
start_page = ContentVersion("start", timeout=300)


class OkportalConfig(AppConfig):
    name = "okportal"
    verbose_name = _("Portal")

    def ready(self):
        from .sites import sync_site

        post_migrate.connect(sync_site, sender=self, dispatch_uid="okportal-site-from-site-url")
        start_page.watch(
            "agreements.Agreement",
            "agreements.Phase",
            "agreements.Meeting",
            "dialogues.DialogueEvent",
            "organisations.WorkingGroup",
        )
