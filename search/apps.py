from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search, themes and open data")

    def ready(self):
        from . import views  # noqa: F401 - declares the cached theme pages and what they show
