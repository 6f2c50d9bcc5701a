from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from .freshness import open_data


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("Open data")

    def ready(self):
        open_data.watch(
            "organisations.Theme",
            "organisations.Municipality",
            "organisations.Organisation",
            "organisations.WorkingGroup",
            "organisations.Membership",
            "dialogues.DialogueEvent",
            "dialogues.Topic",
            "dialogues.GuidingQuestion",
            "dialogues.Dialogue",
            "dialogues.Note",
            "agreements.Agreement",
            "agreements.AgreementVersion",
            "agreements.Section",
            "agreements.Principle",
            "agreements.Signature",
            "agreements.Meeting",
            "agreements.AgendaItem",
        )
