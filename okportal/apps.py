from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class OkportalConfig(AppConfig):
    name = "okportal"
    verbose_name = _("Portal")

    def ready(self):
        from . import (
            auth_backends,
            views,  # noqa: F401 - declares the cached start page and what it shows
        )

        auth_backends.connect()
        from .sites import sync_site

        post_migrate.connect(sync_site, sender=self, dispatch_uid="okportal-site-from-site-url")
