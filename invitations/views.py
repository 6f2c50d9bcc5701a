"""Pages opened from a link in a mail, without signing in, and the person's own meetings."""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from agreements.models import Meeting

from . import answers, inviting
from .forms import AnswerForm, CommentForm, InviteForm
from .inviting import occasion_context, substitutes_for
from .links import BadLink, answer_token
from .models import Answer, Invitation
from .occasions import Occasion


def invitation_step(request, occasion, form) -> tuple[inviting.Preview | None, str | None]:
    """The invitation form posted: its preview ("preview"), or the invitations sent ("send",
    the preview's `sent` then true, with a message for the person). Returns the preview, or the
    reason nobody can be invited."""
    if request.method != "POST" or not form.is_valid():
        return None, None
    send = "send" in request.POST
    try:
        result = inviting.preview_or_invite(occasion, form.targets(), request.user, send=send)
    except inviting.InvitationError as problem:
        return None, str(problem)
    if send:
        messages.success(
            request,
            _("%(count)s invitations are on their way.") % {"count": len(result.recipients)},
        )
    return result, None


def _bad_link(request, message=None):
    return render(
        request,
        "invitations/link_problem.html",
        {"message": message or _("This link is not valid. Use the link in your e-mail as it is.")},
        status=404 if message is None else 410,
    )


@require_http_methods(["GET", "POST"])
def answer(request, token):
    """GET shows the invitation and the answer form (a mail scanner opening the link changes
    nothing); POST records the answer. The same link changes the answer until the meeting ends."""
    try:
        invitation = answers.invitation_from(token)
        answers.check_open(invitation)
    except BadLink:
        return _bad_link(request)
    except answers.LinkClosed as closed:
        return _bad_link(request, str(closed))
    substitutes = substitutes_for(invitation)
    chosen = request.GET.get("svar")
    initial = {
        "answer": chosen if chosen in Answer.values else invitation.answer,
        "note": invitation.note,
        "substitute": invitation.substitute_id,
    }
    form = AnswerForm(request.POST or None, initial=initial, substitutes=substitutes)
    if request.method == "POST" and form.is_valid():
        try:
            answers.record_answer(
                invitation,
                form.cleaned_data["answer"],
                form.cleaned_data["note"],
                form.cleaned_data.get("substitute"),
            )
        except answers.LinkClosed as closed:
            return _bad_link(request, str(closed))
        messages.success(
            request,
            _("Thank you, your answer is saved: %(answer)s.")
            % {"answer": invitation.get_answer_display()},
        )
        return redirect(request.path)
    return render(
        request,
        "invitations/answer.html",
        {**occasion_context(invitation.occasion), "invitation": invitation, "form": form},
    )


@require_http_methods(["GET", "POST"])
def adjust(request, token):
    """The minutes for an adjuster, with “I have adjusted” and “I have remarks”."""
    try:
        adjuster = answers.adjuster_from(token)
    except BadLink:
        return _bad_link(request)
    meeting = adjuster.meeting
    form = CommentForm(request.POST if request.POST.get("action") == "comment" else None)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "approve":
                answers.approve_by_link(adjuster)
                messages.success(request, _("Thank you, your adjustment is recorded."))
                return redirect(request.path)
            if form.is_valid():
                answers.comment_by_link(adjuster, form.cleaned_data["comment"])
                messages.success(request, _("Thank you, your remarks were sent."))
                return redirect(request.path)
        except answers.LinkClosed as closed:
            return _bad_link(request, str(closed))
    return render(
        request,
        "invitations/adjust.html",
        {
            "adjuster": adjuster,
            "meeting": meeting,
            "items": meeting.items.all(),
            "open": answers.adjustment_open(adjuster),
            "form": form,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def invite(request, slug):
    """A group's chair (or a coordinator) invites to a meeting of the group, outside the admin:
    the same form, preview and confirmation as the admin's."""
    meeting = get_object_or_404(Meeting.objects.select_related("group"), slug=slug)
    if not rules.has_perm("invitations.invite_to_meeting", request.user, meeting):
        raise PermissionDenied
    occasion = Occasion.of(meeting)
    form = InviteForm(request.POST or None, initial={"groups": [meeting.group]})
    result, error = invitation_step(request, occasion, form)
    if result and result.sent:
        return redirect(request.path)
    context = {"occasion": occasion, "form": form, "preview": result, "error": error}
    return render(request, "invitations/invite.html", context)


@login_required
def my_meetings(request):
    """The person's coming meetings and what they answered, each with its answer page."""
    invitations = list(Invitation.objects.coming_for(request.user))
    for invitation in invitations:
        invitation.token = answer_token(invitation)
    chaired = inviting.meetings_to_invite_to(request.user)
    context = {"invitations": invitations, "chaired": chaired}
    return render(request, "invitations/my_meetings.html", context)
