from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agreements.models import Meeting
from okportal.admin_site import HistoryAdmin

from . import attendance, inviting
from .forms import InviteForm
from .models import Answer, Invitation, MeetingPlan


class MeetingPlanInline(admin.StackedInline):
    """On the meeting's page: when the reminders go out, with what text."""

    classes = ["collapse"]  # folded on the long meeting page

    model = MeetingPlan
    can_delete = False
    extra = 1
    max_num = 1


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
def answers_summary(meeting: Meeting):
    """Counts per answer and who has not answered, for the meeting's page."""
    if meeting is None or meeting.pk is None:
        return "–"
    counts = dict(
        meeting.invitations.values_list("answer").annotate(n=Count("pk")).order_by("answer")
    )
    if not counts:
        return _("Nobody is invited yet.")
    waiting = meeting.invitations.unanswered().select_related("organisation")
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
    list_display = ["meeting", "name", "organisation", "email", "answer", "answered_at"]
    list_filter = ["answer", "meeting__group"]
    list_select_related = ["meeting", "organisation"]
    search_fields = ["name", "email", "organisation__name", "meeting__title"]
    raw_id_fields = ["meeting", "user", "organisation", "invited_by", "substitute"]
    readonly_fields = ["invited_at", "answered_at"]

    def has_add_permission(self, request):
        return False

    def get_urls(self):
        return [
            path(
                "invite/<int:meeting_id>/",
                self.admin_site.admin_view(self.invite_view),
                name="invitations_invitation_invite",
            ),
        ] + super().get_urls()

    def invite_view(self, request, meeting_id):
        """Choose whom to invite, see the preview, then send."""
        meeting = get_object_or_404(Meeting.objects.select_related("group"), pk=meeting_id)
        if not request.user.has_perm("invitations.add_invitation"):
            raise PermissionDenied
        meeting_url = reverse("admin:agreements_meeting_change", args=[meeting.pk])
        form = InviteForm(request.POST or None, initial={"groups": [meeting.group]})
        result, error = None, None
        if request.method == "POST" and form.is_valid():
            targets = {
                "groups": form.cleaned_data["groups"],
                "organisations": form.cleaned_data["organisations"],
                "emails": form.cleaned_data["emails"],
            }
            try:
                if "send" in request.POST:
                    result = inviting.invite(meeting, request.user, **targets)
                    self.message_user(
                        request,
                        _("%(count)s invitations are on their way.")
                        % {"count": len(result.recipients)},
                        messages.SUCCESS,
                    )
                    return HttpResponseRedirect(meeting_url)
                result = inviting.preview(meeting, **targets)
            except inviting.InvitationError as problem:
                error = str(problem)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Invite to %(meeting)s") % {"meeting": meeting},
            "meeting": meeting,
            "meeting_url": meeting_url,
            "form": form,
            "preview": result,
            "error": error,
            "opts": Meeting._meta,
        }
        return TemplateResponse(request, "invitations/admin/invite.html", context)


@admin.action(description=gettext_lazy("Invite to the meeting…"))
def invite_action(modeladmin, request, queryset):
    meeting = queryset.first()
    return HttpResponseRedirect(reverse("admin:invitations_invitation_invite", args=[meeting.pk]))


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
