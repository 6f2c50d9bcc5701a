from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OkportalConfig(AppConfig):
    name = "okportal"
    verbose_name = _("Portal")

    def ready(self):
        from . import views  # noqa: F401 - declares the cached start page and what it shows
