"""Reading a link from a mail and recording what the person answers through it."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from agreements import workflow
from agreements.models import Adjuster, Meeting
from okportal.mail import queue_mail

from .links import ADJUSTMENT_SALT, ANSWER_SALT, BadLink, read_token
from .models import Invitation

COMMENT = "invitations_adjustment_comment"
# An adjustment link is refused this long after it was sent.
ADJUSTMENT_LINK_AGE = 60 * 24 * 3600


class LinkClosed(Exception):
    """The link is genuine but may no longer be used; the message says why, to its holder."""


def invitation_from(token: str) -> Invitation:
    values = read_token(ANSWER_SALT, token)
    invitation = (
        Invitation.objects.select_related(
            "meeting__group", "event__plan", "organisation", "substitute__user"
        )
        .filter(pk=values.get("i"), meeting_id=values.get("m"), event_id=values.get("e"))
        .first()
    )
    if invitation is None:
        raise BadLink("no such invitation")
    return invitation


def check_open(invitation: Invitation, now=None) -> None:
    occasion = invitation.occasion
    if occasion.is_cancelled:
        raise LinkClosed(_("The meeting has been cancelled."))
    if occasion.ends_at <= (now or timezone.now()):
        raise LinkClosed(_("The meeting has ended; answers can no longer be changed."))


def record_answer(invitation: Invitation, answer: str, note: str = "", substitute=None) -> None:
    check_open(invitation)
    invitation.answer = answer
    invitation.note = note
    invitation.substitute = substitute
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["answer", "note", "substitute", "answered_at"])


def adjuster_from(token: str) -> Adjuster:
    values = read_token(ADJUSTMENT_SALT, token, max_age=ADJUSTMENT_LINK_AGE)
    adjuster = (
        Adjuster.objects.select_related("meeting__group", "user")
        .filter(pk=values.get("a"), meeting_id=values.get("m"))
        .first()
    )
    if adjuster is None:
        raise BadLink("no such adjuster")
    return adjuster


def adjustment_open(adjuster: Adjuster) -> bool:
    return workflow.awaits_adjustment(adjuster.meeting)


def approve_by_link(adjuster: Adjuster) -> None:
    """The adjuster approves the minutes as they read now, through the workflow."""
    if not adjustment_open(adjuster):
        raise LinkClosed(_("The minutes no longer wait for adjustment."))
    workflow.record_approval(adjuster, by=adjuster.user)


def admin_path(meeting: Meeting) -> str:
    with translation.override("sv"):
        return reverse("admin:agreements_meeting_change", args=[meeting.pk])


def coordinator_addresses() -> list[str]:
    if settings.COORDINATORS_EMAIL:
        return [settings.COORDINATORS_EMAIL]
    staff = get_user_model().objects.filter(is_staff=True, is_active=True).exclude(email="")
    return list(staff.values_list("email", flat=True))


def comment_by_link(adjuster: Adjuster, comment: str) -> int:
    """The adjuster has remarks: they go by mail to the coordinators (the note-taker has no
    address in the portal), with the adjuster's address to reply to."""
    if not adjustment_open(adjuster):
        raise LinkClosed(_("The minutes no longer wait for adjustment."))
    meeting = adjuster.meeting
    context = {
        "adjuster_name": adjuster.name,
        "meeting_title": meeting.title,
        "note_taker": meeting.note_taker,
        "date": timezone.localtime(meeting.starts_at).date(),
        "comment": comment,
        "admin_url": settings.SITE_URL + admin_path(meeting),
    }
    key = f"invitations:adjustment-comment:{adjuster.pk}:{timezone.now().timestamp()}"
    queued = 0
    with transaction.atomic():
        for address in coordinator_addresses():
            if queue_mail(key, address, COMMENT, context, "sv", reply_to=adjuster.address):
                queued += 1
    return queued
