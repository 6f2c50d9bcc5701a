from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from .page_cache import ContentVersion

# What the start page shows; five minutes at most, since meetings stop being coming by the clock.
start_page = ContentVersion("start", timeout=300)


class OkportalConfig(AppConfig):
    name = "okportal"
    verbose_name = _("Portal")

    def ready(self):
        start_page.watch(
            "agreements.Agreement",
            "agreements.Phase",
            "agreements.Meeting",
            "dialogues.DialogueEvent",
            "organisations.WorkingGroup",
        )
