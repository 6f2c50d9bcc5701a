from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("Open data")

    def ready(self):
        from . import freshness  # noqa: F401 - declares the open data's version and what it shows
