"""The coordinators' admin, signed in to through allauth like everybody else."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig


class PortalAdminSite(admin.AdminSite):
    site_header = "ÖK-portalen"
    site_title = "ÖK-portalen"

    def login(self, request, extra_context=None):
        """No password form of its own: a visitor who is not signed in is sent to allauth's
        sign-in (its rate limits and lockout apply) and comes back here; a signed-in person who
        is not staff gets 403."""
        # Imported here: this module is loaded with the app registry, before models can be.
        from allauth.account.decorators import secure_admin_login

        return secure_admin_login(super().login)(request, extra_context)


class PortalAdminConfig(AdminConfig):
    """django.contrib.admin with the site above (INSTALLED_APPS names this in its place)."""

    default_site = "okportal.admin_site.PortalAdminSite"
