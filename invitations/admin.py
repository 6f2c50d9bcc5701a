from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from okportal.admin_site import HistoryAdmin

from . import attendance
from .forms import InviteForm
from .models import Answer, Invitation, MeetingPlan
from .occasions import KINDS, Occasion
from .views import invitation_step


class MeetingPlanInline(admin.StackedInline):
    """On the meeting's page: when the reminders go out, with what text."""

    classes = ["collapse"]  # folded on the long meeting page

    model = MeetingPlan
    can_delete = False
    extra = 1
    max_num = 1
    fields = ["reminder_hours", "reminder_text", "substitutes_allowed"]


class EventPlanInline(MeetingPlanInline):
    """On the dialogue event's page: its hours, online link and whether it is cancelled (the
    event has a date only), and its reminders. Added when wanted (the first invitation adds
    it with the defaults): most events are recorded after the day, nobody invited."""

    extra = 0

    fields = [
        "starts_time",
        "ends_time",
        "online_url",
        "cancelled",
        *MeetingPlanInline.fields,
    ]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class InvitationInline(admin.TabularInline):
    """On the meeting's page: who is invited and what they answered."""

    classes = ["collapse"]  # folded on the long meeting page

    model = Invitation
    extra = 0
    can_delete = False
    fields = ["name", "organisation", "answer", "answered_at", "note", "substitute"]
    readonly_fields = fields
    ordering = ["answer", "name"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.display(description=gettext_lazy("Answers"))
def answers_summary(target):
    """Counts per answer and who has not answered, for the page of a meeting or a dialogue
    event."""
    if target is None or target.pk is None:
        return "–"
    counts = dict(
        target.invitations.values_list("answer").annotate(n=Count("pk")).order_by("answer")
    )
    if not counts:
        return _("Nobody is invited yet.")
    waiting = target.invitations.unanswered().select_related("organisation")
    rows = [(label, counts.get(value, 0)) for value, label in Answer.choices]
    rows.append((_("Not answered"), counts.get("", 0)))
    return format_html(
        "<ul>{}</ul>{}",
        format_html_join("", "<li>{}: {}</li>", rows),
        format_html(
            "<p>{} {}</p>",
            _("Not answered:"),
            ", ".join(i.display_name for i in waiting),
        )
        if counts.get("")
        else "",
    )


@admin.register(Invitation)
class InvitationAdmin(HistoryAdmin):
    list_display = ["meeting", "event", "name", "organisation", "email", "answer", "answered_at"]
    list_filter = ["answer", "meeting__group"]
    list_select_related = ["meeting", "event", "organisation"]
    search_fields = ["name", "email", "organisation__name", "meeting__title", "event__title"]
    raw_id_fields = ["meeting", "event", "user", "organisation", "invited_by", "substitute"]
    readonly_fields = ["invited_at", "answered_at"]

    def has_add_permission(self, request):
        return False

    def get_urls(self):
        return [
            path(
                "invite/<str:kind>/<int:pk>/",
                self.admin_site.admin_view(self.invite_view),
                name="invitations_invitation_invite",
            ),
        ] + super().get_urls()

    def invite_view(self, request, kind, pk):
        """Choose whom to invite to a meeting or dialogue event, see the preview, then send."""
        if kind not in KINDS:
            raise Http404
        occasion = Occasion.of(get_object_or_404(KINDS[kind].model, pk=pk))
        if not request.user.has_perm("invitations.add_invitation"):
            raise PermissionDenied
        target = occasion.target
        opts = target._meta
        back = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[pk])
        form = InviteForm(request.POST or None, initial={"groups": [occasion.group]})
        result, error = invitation_step(request, occasion, form)
        if result and result.sent:
            return HttpResponseRedirect(back)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Invite to %(meeting)s") % {"meeting": target},
            "occasion": occasion,
            "back_url": back,
            "form": form,
            "preview": result,
            "error": error,
            "opts": opts,
        }
        return TemplateResponse(request, "invitations/admin/invite.html", context)


def invite_path(target) -> str:
    occasion = Occasion.of(target)
    return reverse("admin:invitations_invitation_invite", args=[occasion.kind, occasion.pk])


@admin.action(description=gettext_lazy("Invite…"))
def invite_action(modeladmin, request, queryset):
    return HttpResponseRedirect(invite_path(queryset.first()))


@admin.action(description=gettext_lazy("Take the attendance from the answers"))
def attendance_action(modeladmin, request, queryset):
    for meeting in queryset:
        added = attendance.from_answers(meeting)
        modeladmin.message_user(
            request,
            _("%(meeting)s: %(count)s added to the attendance.")
            % {"meeting": meeting, "count": added},
            messages.SUCCESS,
        )
