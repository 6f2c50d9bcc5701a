from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from okportal.page_cache import ContentVersion

# What the list of events, the events' and the topics' pages show; their cached copies go by it.
public_pages = ContentVersion("dialogues")


class DialoguesConfig(AppConfig):
    name = "dialogues"
    verbose_name = _("Dialogues")

    def ready(self):
        from . import models

        public_pages.watch(
            models.DialogueEvent,
            models.SourceDocument,
            models.Topic,
            models.Dialogue,
            models.GuidingQuestion,
            models.Note,
            models.BarometerStatement,
            "organisations.Theme",
            # the topic pages link to the sections of the agreement that cite them
            "agreements.Agreement",
            "agreements.AgreementVersion",
            "agreements.Section",
        )
