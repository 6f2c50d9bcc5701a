"""The coordinators' admin: signed in to through allauth like everybody else, and a base for
the admins that show a record's history."""

from functools import wraps

from django import forms
from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.options import TO_FIELD_VAR
from django.contrib.admin.utils import unquote
from django.core.exceptions import BadRequest, ValidationError
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin


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

    def admin_view(self, view, cacheable=False):
        """Every admin view; an empty `?_to_field=` answers 400 (Django's object views look up
        a field named "" and answer 500)."""
        checked = super().admin_view(view, cacheable)

        @wraps(checked)
        def inner(request, *args, **kwargs):
            if request.POST.get(TO_FIELD_VAR, request.GET.get(TO_FIELD_VAR)) == "":
                raise BadRequest(f"empty {TO_FIELD_VAR}")
            return checked(request, *args, **kwargs)

        return inner


class PortalAdminConfig(AdminConfig):
    """django.contrib.admin with the site above (INSTALLED_APPS names this in its place)."""

    default_site = "okportal.admin_site.PortalAdminSite"


class HistoryAdmin(SimpleHistoryAdmin):
    """django-simple-history's admin, whose history pages answer 404 for an address that names
    no record: a key the model's key field cannot read, a version that is not a number, or a
    model that keeps no history of its own (a proxy). The library lets those reach the database
    and answer 500."""

    def _address_or_404(self, object_id: str, version_id: str | None = None) -> None:
        if not hasattr(self.model._meta, "simple_history_manager_attribute"):
            raise Http404("no history kept for this model")
        try:
            self.model._meta.pk.to_python(unquote(object_id))
            if version_id is not None:
                forms.IntegerField().clean(version_id)
        except ValidationError as error:
            raise Http404("no such record") from error

    def history_view(self, request, object_id, extra_context=None):
        self._address_or_404(object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._address_or_404(object_id, version_id)
        return super().history_form_view(request, object_id, version_id, extra_context)
