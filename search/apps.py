from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from okportal.page_cache import ContentVersion

# What the theme pages show: everything on a theme, from every app.
theme_pages = ContentVersion("themes")


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search, themes and open data")

    def ready(self):
        theme_pages.watch(
            "organisations.Theme",
            "organisations.Organisation",
            "dialogues.DialogueEvent",
            "dialogues.Topic",
            "dialogues.GuidingQuestion",
            "dialogues.Dialogue",
            "dialogues.Note",
            "agreements.AgreementVersion",
            "agreements.Section",
            "agreements.Meeting",
            "agreements.AgendaItem",
        )
