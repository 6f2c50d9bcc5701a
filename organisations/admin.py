"""The coordinators' side: queues of organisations and join requests, decisions, CSV export."""

import csv

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from modeltranslation.admin import TranslationAdmin

from okportal.admin_site import HistoryAdmin

from . import groups, registration
from .models import (
    Invitation,
    JoinRequest,
    Membership,
    Municipality,
    Organisation,
    PendingOrganisation,
    Representative,
    Theme,
    WorkingGroup,
)

CSV_COLUMNS = [
    ("name", _("Name")),
    ("organisation_number", _("Organisation number")),
    ("sector", _("Sector")),
    ("legal_form", _("Legal form")),
    ("level", _("Level")),
    ("municipalities", _("Municipalities")),
    ("themes", _("Themes")),
    ("website", _("Website")),
    ("email", _("Public e-mail")),
    ("phone", _("Public phone")),
    ("status", _("Status")),
    ("created_at", _("Registered")),
]


def organisations_csv(queryset) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="organisationer-{stamp}.csv"'
    response.write("\ufeff")  # so that spreadsheet programs read å, ä, ö right
    writer = csv.writer(response)
    writer.writerow([str(label) for _field, label in CSV_COLUMNS])
    for organisation in queryset.prefetch_related("municipalities", "themes").order_by(
        *Organisation._meta.ordering
    ):
        writer.writerow(
            [
                organisation.name,
                organisation.organisation_number,
                organisation.get_sector_display(),
                organisation.get_legal_form_display(),
                organisation.get_level_display(),
                ", ".join(m.name for m in organisation.municipalities.all()),
                ", ".join(t.name for t in organisation.themes.all()),
                organisation.website,
                organisation.email,
                organisation.phone,
                organisation.get_status_display(),
                timezone.localtime(organisation.created_at).strftime("%Y-%m-%d %H:%M"),
            ]
        )
    return response


class RepresentativeInline(admin.TabularInline):
    model = Representative
    extra = 0
    raw_id_fields = ["user"]
    fields = ["user", "role", "public_consent_at", "consent_withdrawn_at", "created_at"]
    readonly_fields = ["public_consent_at", "consent_withdrawn_at", "created_at"]


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason, told to the person who registered"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


@admin.register(Organisation)
class OrganisationAdmin(HistoryAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "sector", "legal_form", "level", "status", "created_at"]
    list_filter = ["status", "sector", "legal_form", "level", "municipalities", "themes"]
    search_fields = ["name", "organisation_number", "email", "description"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["municipalities", "themes"]
    readonly_fields = ["decided_by", "decided_at", "registered_by", "created_at"]
    inlines = [RepresentativeInline]
    actions = ["approve_selected", "reject_selected", "export_csv"]
    change_form_template = "organisations/admin/organisation_change_form.html"
    change_list_template = "organisations/admin/organisation_change_list.html"
    date_hierarchy = "created_at"
    fieldsets = [
        (
            None,
            {"fields": ["name", "slug", "organisation_number", "sector", "legal_form", "level"]},
        ),
        (
            _("Profile"),
            {"fields": ["municipalities", "themes", "description", "website", "email", "phone"]},
        ),
        (
            _("Decision"),
            {
                "fields": [
                    "status",
                    "decision_reason",
                    "decided_by",
                    "decided_at",
                    "registered_by",
                    "created_at",
                ]
            },
        ),
    ]

    @admin.action(description=_("Approve the selected organisations"), permissions=["change"])
    def approve_selected(self, request, queryset):
        count = registration.approve(list(queryset.values_list("pk", flat=True)), request.user)
        self.message_user(
            request,
            ngettext("%(count)d organisation approved.", "%(count)d organisations approved.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Reject the selected organisations"), permissions=["change"])
    def reject_selected(self, request, queryset):
        count = registration.reject(list(queryset.values_list("pk", flat=True)), request.user)
        self.message_user(
            request,
            ngettext("%(count)d organisation rejected.", "%(count)d organisations rejected.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Export the selected organisations as CSV"))
    def export_csv(self, request, queryset):
        return organisations_csv(queryset)

    def get_urls(self):
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "<int:pk>/approve/",
                self.admin_site.admin_view(require_POST(self.approve_view)),
                name=f"{info}_approve",
            ),
            path(
                "<int:pk>/reject/",
                self.admin_site.admin_view(self.reject_view),
                name=f"{info}_reject",
            ),
            path(
                "export.csv",
                self.admin_site.admin_view(self.export_view),
                name=f"{info}_export",
            ),
            *super().get_urls(),
        ]

    def _changelist(self):
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")

    def get_readonly_fields(self, request, obj=None):
        """Once saved, the status changes only through a decision, which also tells the
        person who registered."""
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "status"] if obj is not None else fields

    def approve_view(self, request, pk):
        organisation = get_object_or_404(Organisation, pk=pk)
        if not self.has_change_permission(request, organisation):
            return HttpResponseRedirect(self._changelist())
        if registration.approve([pk], request.user):
            self.message_user(
                request, _("%(name)s is approved.") % {"name": organisation}, messages.SUCCESS
            )
        else:
            self.message_user(request, _("It was already decided."), messages.WARNING)
        return HttpResponseRedirect(self._changelist())

    def reject_view(self, request, pk):
        organisation = get_object_or_404(Organisation, pk=pk)
        form = RejectForm(request.POST or None)
        if (
            request.method == "POST"
            and form.is_valid()
            and self.has_change_permission(request, organisation)
        ):
            if registration.reject([pk], request.user, form.cleaned_data["reason"]):
                self.message_user(
                    request, _("%(name)s is rejected.") % {"name": organisation}, messages.SUCCESS
                )
            else:
                self.message_user(request, _("It was already decided."), messages.WARNING)
            return HttpResponseRedirect(self._changelist())
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "organisation": organisation,
            "form": form,
            "title": _("Reject %(name)s") % {"name": organisation},
            "button": _("Reject"),
        }
        return TemplateResponse(request, "organisations/admin/reject.html", context)

    def export_view(self, request):
        """The whole public directory as CSV."""
        if not self.has_view_permission(request):
            return HttpResponseRedirect(reverse("admin:index"))
        return organisations_csv(Organisation.objects.public())


class ProxyHistoryMixin:
    """A queue (a proxy model) has no history of its own: its rows' history is the model's."""

    def history_view(self, request, object_id, extra_context=None):
        concrete = self.model._meta.concrete_model._meta
        return redirect(f"admin:{concrete.app_label}_{concrete.model_name}_history", object_id)


@admin.register(PendingOrganisation)
class PendingOrganisationAdmin(ProxyHistoryMixin, OrganisationAdmin):
    """The queue: what waits for a decision, oldest first."""

    list_display = [
        "name",
        "organisation_number",
        "sector",
        "legal_form",
        "registered_by",
        "created_at",
    ]
    list_filter = ["sector", "legal_form", "level"]
    ordering = ["created_at"]
    date_hierarchy = None

    def get_queryset(self, request):
        return super().get_queryset(request).pending().select_related("registered_by")

    def has_add_permission(self, request):
        return False


@admin.register(Theme)
class ThemeAdmin(TranslationAdmin):
    """Swedish and English side by side."""

    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "slug"]
    search_fields = ["name", "code"]


@admin.register(Representative)
class RepresentativeAdmin(admin.ModelAdmin):
    list_display = ["organisation", "user", "role", "public_consent_at", "created_at"]
    search_fields = ["organisation__name", "user__email", "user__first_name", "user__last_name"]
    list_select_related = ["organisation", "user"]
    raw_id_fields = ["organisation", "user"]
    readonly_fields = ["public_consent_at", "consent_withdrawn_at"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organisation", "invited_by", "created_at", "accepted_at"]
    search_fields = ["email", "organisation__name"]
    list_select_related = ["organisation", "invited_by"]
    readonly_fields = ["token", "invited_by", "created_at", "accepted_at"]
    raw_id_fields = ["organisation"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["organisation", "representative"]
    fields = ["organisation", "representative", "role", "status", "joined_at", "left_at"]


@admin.register(WorkingGroup)
class WorkingGroupAdmin(HistoryAdmin):
    list_display = ["name", "kind", "join_policy", "is_active"]
    list_filter = ["kind", "join_policy", "is_active"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["themes"]
    inlines = [MembershipInline]


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason, told to the person who asked"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class MembershipAdminBase(HistoryAdmin):
    list_display = ["organisation", "group", "role", "status", "requested_at", "decided_at"]
    list_filter = ["status", "role", "group"]
    search_fields = ["organisation__name", "group__name", "motivation"]
    list_select_related = ["organisation", "group"]
    raw_id_fields = ["organisation", "representative"]
    readonly_fields = ["requested_at", "decided_at", "decided_by", "joined_at", "left_at"]
    actions = ["accept_selected", "decline_selected"]
    change_form_template = "organisations/admin/membership_change_form.html"

    def get_readonly_fields(self, request, obj=None):
        """A request is decided through the buttons and actions, which tell the person."""
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.status == Membership.Status.REQUESTED:
            return [*fields, "status"]
        return fields

    @admin.action(description=_("Accept the selected requests"), permissions=["change"])
    def accept_selected(self, request, queryset):
        count = groups.accept(list(queryset.values_list("pk", flat=True)), request.user)
        self.message_user(
            request,
            ngettext("%(count)d request accepted.", "%(count)d requests accepted.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Decline the selected requests"), permissions=["change"])
    def decline_selected(self, request, queryset):
        count = groups.decline(list(queryset.values_list("pk", flat=True)), request.user)
        self.message_user(
            request,
            ngettext("%(count)d request declined.", "%(count)d requests declined.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    def get_urls(self):
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "<int:pk>/accept/",
                self.admin_site.admin_view(require_POST(self.accept_view)),
                name=f"{info}_accept",
            ),
            path(
                "<int:pk>/decline/",
                self.admin_site.admin_view(self.decline_view),
                name=f"{info}_decline",
            ),
            *super().get_urls(),
        ]

    def _changelist(self):
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")

    def accept_view(self, request, pk):
        membership = get_object_or_404(Membership, pk=pk)
        if self.has_change_permission(request, membership) and groups.accept([pk], request.user):
            self.message_user(request, _("The request is accepted."), messages.SUCCESS)
        else:
            self.message_user(request, _("It was already decided."), messages.WARNING)
        return HttpResponseRedirect(self._changelist())

    def decline_view(self, request, pk):
        membership = get_object_or_404(Membership.objects.select_related("organisation"), pk=pk)
        form = DeclineForm(request.POST or None, initial={"reason": membership.reason})
        if (
            request.method == "POST"
            and form.is_valid()
            and self.has_change_permission(request, membership)
        ):
            if groups.decline([pk], request.user, form.cleaned_data["reason"]):
                self.message_user(request, _("The request is declined."), messages.SUCCESS)
            else:
                self.message_user(request, _("It was already decided."), messages.WARNING)
            return HttpResponseRedirect(self._changelist())
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "organisation": membership,
            "form": form,
            "title": _("Decline the request of %(name)s") % {"name": membership.organisation},
            "button": _("Decline"),
        }
        return TemplateResponse(request, "organisations/admin/reject.html", context)


@admin.register(Membership)
class MembershipAdmin(MembershipAdminBase):
    pass


@admin.register(JoinRequest)
class JoinRequestAdmin(ProxyHistoryMixin, MembershipAdminBase):
    """The queue: requests to join a group that wait for a decision."""

    list_display = ["organisation", "group", "motivation", "requested_at"]
    list_filter = ["group"]
    ordering = ["requested_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).requested()

    def has_add_permission(self, request):
        return False
