from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from modeltranslation.admin import TranslationTabularInline

from invitations.admin import (
    InvitationInline,
    MeetingPlanInline,
    answers_summary,
    attendance_action,
    invite_action,
)
from okportal.admin_site import HistoryAdmin
from okportal.markdown import render_block

from . import admin_import, workflow
from .forms import (
    AdjusterAdminForm,
    AgendaItemAdminForm,
    MeetingAdminForm,
)
from .models import (
    Adjuster,
    AdjustmentApproval,
    AgendaItem,
    Agreement,
    AgreementVersion,
    Attachment,
    Attendance,
    ConsultationComment,
    Meeting,
    Phase,
    Principle,
    SeasonDate,
    Section,
    Signature,
)

# --- the agreement ------------------------------------------------------------------------


class PrincipleInline(TranslationTabularInline):
    model = Principle
    extra = 0
    prepopulated_fields = {"slug": ["name"]}


class PhaseInline(TranslationTabularInline):
    model = Phase
    extra = 0


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ["name", "created_at"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PrincipleInline, PhaseInline]


class SectionInline(admin.StackedInline):
    model = Section
    extra = 0
    prepopulated_fields = {"slug": ["heading"]}
    filter_horizontal = ["principles"]
    raw_id_fields = ["minutes_items"]
    autocomplete_fields = ["dialogue_topics", "dialogue_notes", "themes"]


@admin.register(AgreementVersion)
class AgreementVersionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "agreement", "status", "created_on", "adopted_on", "is_demo_text"]
    list_filter = ["status", "agreement"]
    inlines = [SectionInline]
    save_as = True


@admin.register(Signature)
class SignatureAdmin(admin.ModelAdmin):
    list_display = ["organisation", "version", "signed_on", "signed_by", "decision_reference"]
    list_filter = ["version"]
    search_fields = ["organisation__name", "signed_by", "decision_reference"]
    raw_id_fields = ["organisation"]
    date_hierarchy = "signed_on"


@admin.register(ConsultationComment)
class ConsultationCommentAdmin(admin.ModelAdmin):
    """Comments per section: coordinators answer and mark them handled."""

    list_display = ["section", "organisation", "created_at", "is_handled", "has_answer"]
    list_filter = ["is_handled", "section__version", "section"]
    search_fields = ["text", "answer", "organisation__name"]
    readonly_fields = ["section", "organisation", "author", "text", "created_at", "answered_by",
                       "answered_at"]  # fmt: skip
    fields = [*readonly_fields, "answer", "is_handled"]
    ordering = ["section__version", "section__order", "created_at"]

    def has_add_permission(self, request):
        return False

    @admin.display(boolean=True, description=gettext_lazy("answered"))
    def has_answer(self, obj):
        return bool(obj.answer)

    def save_model(self, request, obj, form, change):
        if "answer" in form.changed_data:
            obj.answered_by = request.user
            obj.answered_at = timezone.now()
        super().save_model(request, obj, form, change)


# --- meetings -------------------------------------------------------------------------------


class AgendaItemFormSet(BaseInlineFormSet):
    """New rows come with the next § filled in (the admin script does the same for rows added
    in the browser, and moves items up and down by swapping their numbers)."""

    def next_number(self) -> int:
        numbers = [item.number for item in self.get_queryset()] if self.instance.pk else []
        return max(numbers, default=0) + 1

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        if index is None or index >= self.initial_form_count():
            offset = 0 if index is None else index - self.initial_form_count()
            kwargs["initial"] = {"number": self.next_number() + offset}
        return kwargs


class AgendaItemInline(admin.StackedInline):
    model = AgendaItem
    form = AgendaItemAdminForm
    formset = AgendaItemFormSet
    extra = 0
    show_change_link = True
    classes = ["agenda-items"]
    fields = ["number", "title", "presenter", "minutes", "decision", "links", "themes",
              "lock_version"]  # fmt: skip
    autocomplete_fields = ["themes"]


class AdjusterInline(admin.TabularInline):
    model = Adjuster
    form = AdjusterAdminForm
    extra = 0
    raw_id_fields = ["user"]
    readonly_fields = ["approved_at", "recorded_by"]
    fields = ["name", "user", "email", "language", "approved", "approved_at", "recorded_by"]


class AttendanceInline(admin.TabularInline):
    classes = ["collapse"]  # a long meeting page folds what is seldom changed
    model = Attendance
    extra = 0
    raw_id_fields = ["organisation"]


class SeasonDateInline(admin.TabularInline):
    classes = ["collapse"]  # a long meeting page folds what is seldom changed
    model = SeasonDate
    extra = 0


# The buttons of the meeting's page: each a step of agreements.workflow.
STEP_URLS = {
    "hold": "agreements_meeting_hold",
    "cancel": "agreements_meeting_cancel",
    "send_for_adjustment": "agreements_meeting_request_adjustment",
    "publish": "agreements_meeting_publish",
}


@admin.register(Meeting)
class MeetingAdmin(HistoryAdmin):
    form = MeetingAdminForm
    change_form_template = "agreements/admin/meeting_change_form.html"
    change_list_template = "agreements/admin/meeting_change_list.html"
    list_display = ["title", "group", "starts_at", "status", "published_at"]
    list_filter = ["status", "group"]
    search_fields = ["title", "items__title"]
    date_hierarchy = "starts_at"
    readonly_fields = ["published_at", "published_by", answers_summary]
    inlines = [
        AgendaItemInline,
        AdjusterInline,
        AttendanceInline,
        SeasonDateInline,
        MeetingPlanInline,
        InvitationInline,
    ]
    actions = ["renumber_items", "send_for_adjustment", invite_action, attendance_action]
    fieldsets = [
        (None, {"fields": ["group", "title", "slug", "status", "lock_version"]}),
        (
            gettext_lazy("Time and place"),
            {"fields": ["starts_at", "ends_at", "place", "online_url"]},
        ),
        (gettext_lazy("People"), {"fields": ["chair", "note_taker", answers_summary]}),
        (
            gettext_lazy("About the meeting"),
            {
                "fields": ["description", "next_meeting_at", "next_meeting_note"],
                "classes": ["collapse"],
            },
        ),
        (
            gettext_lazy("Publication"),
            {"fields": ["published_at", "published_by"], "classes": ["collapse"]},
        ),
    ]

    class Media:
        js = ["js/agreements-admin.js"]
        css = {"all": ["css/agreements.css"]}

    def get_readonly_fields(self, request, obj=None):
        # Once the meeting exists, its status changes only by the workflow's buttons.
        fields = super().get_readonly_fields(request, obj)
        return [*fields, "status"] if obj is not None else fields

    def get_urls(self):
        step = self.admin_site.admin_view
        urls = [
            path("<int:pk>/publish/", step(self.publish_view), name="agreements_meeting_publish"),
            path("<int:pk>/approve/", step(self.approve_view), name="agreements_meeting_approve"),
            path(
                "<int:pk>/request-adjustment/",
                step(self.request_adjustment_view),
                name="agreements_meeting_request_adjustment",
            ),
            path("<int:pk>/hold/", step(self.hold_view), name="agreements_meeting_hold"),
            path("<int:pk>/cancel/", step(self.cancel_view), name="agreements_meeting_cancel"),
            path("preview/", step(self.preview_view), name="agreements_meeting_preview"),
            path("import/", step(self.import_view), name="agreements_meeting_import"),
            path(
                "import/<str:token>/",
                step(self.import_preview_view),
                name="agreements_meeting_import_preview",
            ),
        ]
        return urls + super().get_urls()

    def save_formset(self, request, form, formset, change):
        if formset.model is AgendaItem:
            text_changed = any(
                f.changes_adjusted_text for f in formset.forms if f.has_changed() and f.is_valid()
            )
            super().save_formset(request, form, formset, change)
            formset.withdrawn_approvals = (
                workflow.minutes_changed(form.instance, by=request.user) if text_changed else None
            )
            return
        if formset.model is not Adjuster:
            return super().save_formset(request, form, formset, change)
        deleted = set(getattr(formset, "deleted_forms", []))
        for adjuster_form in formset.forms:
            # The items saved just before may have withdrawn the approval: do not write it back.
            if adjuster_form.instance.pk and adjuster_form.has_changed():
                adjuster_form.instance.refresh_from_db(fields=["approved_at", "recorded_by"])
        super().save_formset(request, form, formset, change)
        for adjuster_form in formset.forms:
            if (
                adjuster_form not in deleted
                and adjuster_form.instance.pk
                and hasattr(adjuster_form, "cleaned_data")
            ):
                adjuster_form.record(request.user)

    def save_related(self, request, form, formsets, change):
        was_public = change and form.instance.minutes_are_public
        super().save_related(request, form, formsets, change)
        names = next((f.withdrawn_approvals for f in formsets if f.model is AgendaItem), None)
        if names is None:
            return
        form.instance.refresh_from_db(fields=["status", "minutes_revision"])
        if was_public and form.instance.correction_under_way:
            self.message_user(
                request,
                _(
                    "The published minutes changed: a correction is under way. The published "
                    "text stays public until the new text is adjusted and published."
                ),
                messages.WARNING,
            )
        if names:
            self.message_user(
                request,
                _(
                    "The minutes changed after they were approved: the approvals of %(names)s "
                    "are withdrawn. Send the minutes for adjustment again."
                )
                % {"names": ", ".join(names)},
                messages.WARNING,
            )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            adjusters = list(obj.adjusters.all())
            context["pending_adjusters"] = [a.name for a in adjusters if not a.approved_at]
            context["can_approve"] = any(
                a.user_id == request.user.pk and not a.approved_at for a in adjusters
            )
            context["steps"] = [
                (step, reverse(f"admin:{STEP_URLS[step.name]}", args=[obj.pk]))
                for step in workflow.available_transitions(obj)
            ]
            context["approval_log"] = list(
                AdjustmentApproval.objects.filter(adjuster__meeting=obj)
                .select_related("adjuster", "recorded_by", "withdrawn_by")
                .order_by("-approved_at", "-pk")
            )
            context["approvals_withdrawn_for_change"] = workflow.approvals_withdrawn_for_change(
                obj, context["approval_log"]
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    @admin.action(description=gettext_lazy("Renumber the agenda items 1, 2, 3 … in their order"))
    def renumber_items(self, request, queryset):
        with transaction.atomic():
            for meeting in queryset:
                for number, item in enumerate(meeting.items.order_by("number", "pk"), 1):
                    if item.number != number:
                        item.number = number
                        item.lock_version += 1
                        item.save(update_fields=["number", "lock_version"])
        self.message_user(request, _("The agenda items are renumbered."), messages.SUCCESS)

    @admin.action(description=gettext_lazy("Send for adjustment"))
    def send_for_adjustment(self, request, queryset):
        for meeting in queryset:
            self._request_adjustment(request, meeting)

    def _request_adjustment(self, request, meeting):
        try:
            queued, missing = workflow.send_for_adjustment(meeting, by=request.user)
        except workflow.WorkflowError as error:
            self.message_user(request, f"{meeting}: {error}", messages.ERROR)
            return
        self.message_user(
            request,
            _("%(meeting)s: %(count)s adjusters are asked by e-mail to approve the minutes.")
            % {"meeting": meeting, "count": queued},
            messages.SUCCESS,
        )
        if missing:
            self.message_user(
                request,
                _("%(meeting)s: no e-mail address for %(names)s; ask them yourself.")
                % {"meeting": meeting, "names": ", ".join(missing)},
                messages.WARNING,
            )

    def _meeting_or_404(self, request, pk):
        meeting = get_object_or_404(Meeting.objects.select_related("group"), pk=pk)
        if not self.has_change_permission(request, meeting):
            raise PermissionDenied
        return meeting

    def _step(self, request, pk, step, done_message):
        """POST: take the step of the workflow and say how it went; GET: back to the page."""
        meeting = self._meeting_or_404(request, pk)
        if request.method == "POST":
            try:
                step(meeting, by=request.user)
            except workflow.WorkflowError as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                self.message_user(request, done_message, messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:agreements_meeting_change", args=[pk]))

    def request_adjustment_view(self, request, pk):
        meeting = self._meeting_or_404(request, pk)
        if request.method == "POST":
            self._request_adjustment(request, meeting)
        return HttpResponseRedirect(reverse("admin:agreements_meeting_change", args=[pk]))

    def hold_view(self, request, pk):
        return self._step(request, pk, workflow.hold, _("The meeting is marked as held."))

    def cancel_view(self, request, pk):
        return self._step(request, pk, workflow.cancel, _("The meeting is cancelled."))

    def publish_view(self, request, pk):
        """GET: who will be mailed, and a button to confirm; POST: publish."""
        meeting = self._meeting_or_404(request, pk)
        change_url = reverse("admin:agreements_meeting_change", args=[pk])
        if request.method != "POST":
            context = {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "original": meeting,
                "title": _("Publish the minutes of %(meeting)s?") % {"meeting": meeting},
                "problem": workflow.why_not(meeting, "publish"),
                "recipients": workflow.publication_recipients(meeting),
                "change_url": change_url,
            }
            return render(request, "agreements/admin/meeting_publish_confirm.html", context)
        try:
            queued = workflow.publish(meeting, by=request.user)
        except workflow.WorkflowError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            self.message_user(
                request,
                _("The minutes are published; %(count)s participants will get them by e-mail.")
                % {"count": queued},
                messages.SUCCESS,
            )
        return HttpResponseRedirect(change_url)

    def approve_view(self, request, pk):
        meeting = get_object_or_404(Meeting, pk=pk)
        change_url = reverse("admin:agreements_meeting_change", args=[pk])
        if request.method != "POST":
            return HttpResponseRedirect(change_url)
        try:
            workflow.approve(meeting, request.user)
        except workflow.WorkflowError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            self.message_user(request, _("Your approval is recorded."), messages.SUCCESS)
        return HttpResponseRedirect(change_url)

    def preview_view(self, request):
        if request.method != "POST":
            raise Http404
        return JsonResponse({"html": str(render_block(request.POST.get("text", ""), 4))})

    def import_view(self, request):
        return admin_import.upload_view(self, request)

    def import_preview_view(self, request, token):
        return admin_import.preview_view(self, request, token)


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0


@admin.register(AgendaItem)
class AgendaItemAdmin(HistoryAdmin):
    """One item on its own: its attachments, and every earlier text to see and restore."""

    form = AgendaItemAdminForm
    list_display = ["__str__", "meeting"]
    list_filter = ["meeting__group"]
    search_fields = ["title", "minutes", "meeting__title"]
    readonly_fields = ["meeting", "preview"]
    fields = ["meeting", "number", "title", "presenter", "minutes", "decision", "links",
              "themes", "lock_version", "preview"]  # fmt: skip
    autocomplete_fields = ["themes"]
    inlines = [AttachmentInline]
    history_list_display = ["number", "title"]

    class Media:
        js = ["js/agreements-admin.js"]
        css = {"all": ["css/agreements.css"]}

    def has_add_permission(self, request):
        return False  # items are added on their meeting

    @admin.display(description=gettext_lazy("Saved minutes as the public will see them"))
    def preview(self, obj):
        return obj.minutes_html if obj and obj.minutes else "–"
