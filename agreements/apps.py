from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from okportal.page_cache import ContentVersion

# What the agreement's and the meetings' public pages show; their cached copies go by it. Five
# minutes at most: coming meetings move to the archive by the clock, not by a change of rows.
public_pages = ContentVersion("agreements", timeout=300)


class AgreementsConfig(AppConfig):
    name = "agreements"
    verbose_name = _("Agreements")

    def ready(self):
        public_pages.watch(
            *self.get_models(),
            # the names of organisations and groups
            "organisations.Organisation",
            "organisations.WorkingGroup",
            # the agreement page shows the cited dialogue topics and notes of published events
            "dialogues.DialogueEvent",
            "dialogues.Topic",
            "dialogues.Note",
        )
