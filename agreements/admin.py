from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from invitations.admin import (
    InvitationInline,
    MeetingPlanInline,
    answers_summary,
    attendance_action,
    invite_action,
)
from okportal.documents import DocumentError, read_document

from . import publishing
from .forms import (
    AdjusterAdminForm,
    AgendaItemAdminForm,
    ImportConfirmForm,
    ImportUploadForm,
    MeetingAdminForm,
)
from .importing.save import ImportFailed, import_minutes
from .markdown import render_markdown
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

UNPLACED_REASONS = {
    "before_first_item": gettext_lazy("before the first item"),
    "header": gettext_lazy("document header"),
    "page_header": gettext_lazy("page header or footer"),
    "stray": gettext_lazy("stray characters"),
    "duplicate_link": gettext_lazy("link repeated at the end of a page"),
    "after_signature": gettext_lazy("after the signature"),
}

# --- the agreement ------------------------------------------------------------------------


class PrincipleInline(admin.TabularInline):
    model = Principle
    extra = 0
    prepopulated_fields = {"slug": ["name"]}


class PhaseInline(admin.TabularInline):
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


class AgendaItemInline(admin.StackedInline):
    model = AgendaItem
    form = AgendaItemAdminForm
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
    model = Attendance
    extra = 0
    raw_id_fields = ["organisation"]


class SeasonDateInline(admin.TabularInline):
    model = SeasonDate
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
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
            {"fields": ["description", "next_meeting_at", "next_meeting_note"]},
        ),
        (gettext_lazy("Publication"), {"fields": ["published_at", "published_by"]}),
    ]

    class Media:
        js = ["js/agreements-admin.js"]
        css = {"all": ["css/agreements.css"]}

    def get_urls(self):
        urls = [
            path(
                "<int:pk>/publish/",
                self.admin_site.admin_view(self.publish_view),
                name="agreements_meeting_publish",
            ),
            path(
                "<int:pk>/approve/",
                self.admin_site.admin_view(self.approve_view),
                name="agreements_meeting_approve",
            ),
            path(
                "<int:pk>/request-adjustment/",
                self.admin_site.admin_view(self.request_adjustment_view),
                name="agreements_meeting_request_adjustment",
            ),
            path(
                "preview/",
                self.admin_site.admin_view(self.preview_view),
                name="agreements_meeting_preview",
            ),
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="agreements_meeting_import",
            ),
        ]
        return urls + super().get_urls()

    def save_formset(self, request, form, formset, change):
        if formset.model is not Adjuster:
            return super().save_formset(request, form, formset, change)
        deleted = set(getattr(formset, "deleted_forms", []))
        for adjuster_form in formset.forms:
            # An item saved just before may have withdrawn the approval: do not write it back.
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
        started = timezone.now()
        super().save_related(request, form, formsets, change)
        publishing.refresh_adjustment(form.instance)
        withdrawn = (
            AdjustmentApproval.objects.filter(
                adjuster__meeting=form.instance,
                withdrawn_at__gte=started,
                withdrawal_reason=AdjustmentApproval.Withdrawal.MINUTES_CHANGED,
            )
            .select_related("adjuster")
            .order_by("adjuster__name")
        )
        if names := [approval.adjuster.name for approval in withdrawn]:
            self.message_user(
                request,
                _(
                    "The minutes changed after they were approved: the approvals of %(names)s "
                    "are withdrawn and the minutes are back in draft. Send them for adjustment "
                    "again."
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
            context["can_publish"] = obj.status not in {
                Meeting.Status.PUBLISHED,
                Meeting.Status.PLANNED,
                Meeting.Status.CANCELLED,
            }
            context["can_request_adjustment"] = obj.status in {
                Meeting.Status.HELD,
                Meeting.Status.DRAFT,
            } and bool(context["pending_adjusters"])
            context["approval_log"] = list(
                AdjustmentApproval.objects.filter(adjuster__meeting=obj)
                .select_related("adjuster", "recorded_by", "withdrawn_by")
                .order_by("-approved_at", "-pk")
            )
            context["approvals_withdrawn_for_change"] = (
                obj.status != Meeting.Status.PUBLISHED
                and bool(context["pending_adjusters"])
                and any(
                    a.withdrawal_reason == AdjustmentApproval.Withdrawal.MINUTES_CHANGED
                    and a.withdrawn_at
                    and (
                        obj.adjustment_requested_at is None
                        or a.withdrawn_at > obj.adjustment_requested_at
                    )
                    for a in context["approval_log"]
                )
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
            queued, missing = publishing.request_adjustment(meeting, request.user)
        except publishing.PublishingError as error:
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

    def request_adjustment_view(self, request, pk):
        meeting = self._meeting_or_404(request, pk)
        change_url = reverse("admin:agreements_meeting_change", args=[pk])
        if request.method == "POST":
            self._request_adjustment(request, meeting)
        return HttpResponseRedirect(change_url)

    def _meeting_or_404(self, request, pk):
        meeting = get_object_or_404(Meeting, pk=pk)
        if not self.has_change_permission(request, meeting):
            raise PermissionDenied
        return meeting

    def publish_view(self, request, pk):
        meeting = self._meeting_or_404(request, pk)
        change_url = reverse("admin:agreements_meeting_change", args=[pk])
        if request.method != "POST":
            return HttpResponseRedirect(change_url)
        try:
            queued = publishing.publish_minutes(meeting, request.user)
        except publishing.PublishingError as error:
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
            publishing.approve(meeting, request.user)
        except publishing.PublishingError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            self.message_user(request, _("Your approval is recorded."), messages.SUCCESS)
        return HttpResponseRedirect(change_url)

    def preview_view(self, request):
        if request.method != "POST":
            raise Http404
        return JsonResponse({"html": str(render_markdown(request.POST.get("text", ""), 4))})

    def import_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        context = {**self.admin_site.each_context(request), "opts": self.model._meta}
        if request.method == "POST" and "confirm" in request.POST:
            return self._import_confirm(request, context)
        form = ImportUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                text = read_document(upload.read(), upload.name, tables="rows")
                result = import_minutes(
                    text,
                    group=form.cleaned_data["group"],
                    date=form.cleaned_data["date"],
                    title=form.cleaned_data["title"],
                    dry_run=True,
                )
            except DocumentError as error:
                form.add_error("file", error.message)
            except ImportFailed as error:
                form.add_error(error.field, str(error))
            else:
                confirm = ImportConfirmForm(
                    initial={
                        "text": text,
                        "group": form.cleaned_data["group"].pk,
                        "date": form.cleaned_data["date"],
                        "title": form.cleaned_data["title"],
                    }
                )
                context.update(
                    title=_("Preview of the import"),
                    result=result,
                    parsed=result.parsed,
                    confirm=confirm,
                    unplaced=[
                        (
                            line.line_number,
                            UNPLACED_REASONS.get(line.reason, line.reason),
                            line.text,
                        )
                        for line in result.parsed.unplaced
                    ],
                    group=form.cleaned_data["group"],
                    filename=upload.name,
                )
                return render(request, "agreements/admin/meeting_import_preview.html", context)
        context.update(title=_("Import minutes"), form=form)
        return render(request, "agreements/admin/meeting_import.html", context)

    def _import_confirm(self, request, context):
        confirm = ImportConfirmForm(request.POST)
        if not confirm.is_valid():
            self.message_user(
                request, _("The import could not be read; upload again."), messages.ERROR
            )
            return HttpResponseRedirect(reverse("admin:agreements_meeting_import"))
        try:
            result = import_minutes(
                confirm.cleaned_data["text"],
                group=confirm.cleaned_data["group"],
                date=confirm.cleaned_data["date"],
                title=confirm.cleaned_data["title"],
            )
        except (DocumentError, ImportFailed) as error:
            self.message_user(request, str(error), messages.ERROR)
            return HttpResponseRedirect(reverse("admin:agreements_meeting_import"))
        if result.created:
            self.message_user(
                request,
                _("Imported %(count)s agenda items. Check them and publish when ready.")
                % {"count": len(result.parsed.items)},
                messages.SUCCESS,
            )
        else:
            self.message_user(
                request, _("This document was already imported; nothing changed."), messages.INFO
            )
        return HttpResponseRedirect(
            reverse("admin:agreements_meeting_change", args=[result.meeting.pk])
        )


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0


@admin.register(AgendaItem)
class AgendaItemAdmin(SimpleHistoryAdmin):
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
        return render_markdown(obj.minutes, 4) if obj and obj.minutes else "–"
