"""The minutes' way to the public: adjusters approve, a coordinator publishes, participants
get them by e-mail (through the outbox)."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from okportal.mail import queue_mail

from .apps import public_pages
from .models import Adjuster, Meeting

MAIL_TEMPLATE = "agreements_minutes_published"


class PublishingError(Exception):
    """Why the minutes cannot be published (yet); the message is for the coordinator."""


def refresh_adjustment(meeting: Meeting) -> None:
    """Minutes whose named adjusters have all approved are adjusted (justerade)."""
    adjusters = list(meeting.adjusters.all())
    if (
        adjusters
        and all(a.approved_at for a in adjusters)
        and meeting.status in {Meeting.Status.HELD, Meeting.Status.DRAFT}
    ):
        Meeting.objects.filter(pk=meeting.pk, status=meeting.status).update(
            status=Meeting.Status.ADJUSTED, updated_at=timezone.now()
        )
        meeting.status = Meeting.Status.ADJUSTED
        public_pages.bump()  # update() sends no signals


def approve(meeting: Meeting, user) -> Adjuster:
    """The signed-in person approves the minutes as one of their named adjusters."""
    with transaction.atomic():
        adjuster = Adjuster.objects.select_for_update().filter(meeting=meeting, user=user).first()
        if adjuster is None:
            raise PublishingError(_("You are not one of the adjusters of these minutes."))
        if adjuster.approved_at is None:
            adjuster.approved_at = timezone.now()
            adjuster.recorded_by = user
            adjuster.save(update_fields=["approved_at", "recorded_by"])
        refresh_adjustment(meeting)
    return adjuster


def pending_adjusters(meeting: Meeting) -> list[str]:
    return [a.name for a in meeting.adjusters.all() if a.approved_at is None]


def recipients(meeting: Meeting) -> list[str]:
    """The participants' addresses: each attendance's own, else its organisation's."""
    seen: dict[str, str] = {}
    for attendance in meeting.attendances.select_related("organisation"):
        email = attendance.email or (
            attendance.organisation.email if attendance.organisation else ""
        )
        if email:
            seen.setdefault(email.lower(), email)
    return list(seen.values())


def publish_minutes(meeting: Meeting, user) -> int:
    """Publish the minutes and queue one e-mail per participant; returns how many were queued."""
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().select_related("group").get(pk=meeting.pk)
        if meeting.status == Meeting.Status.PUBLISHED:
            raise PublishingError(_("The minutes are already published."))
        if meeting.status in {Meeting.Status.PLANNED, Meeting.Status.CANCELLED}:
            raise PublishingError(
                _("Only the minutes of a meeting that has been held can be published.")
            )
        if not meeting.items.exists():
            raise PublishingError(_("The minutes have no agenda items."))
        if waiting := pending_adjusters(meeting):
            raise PublishingError(
                _("The minutes wait for approval by: %(names)s.") % {"names": ", ".join(waiting)}
            )
        meeting.status = Meeting.Status.PUBLISHED
        meeting.published_at = timezone.now()
        meeting.published_by = user
        meeting.save(update_fields=["status", "published_at", "published_by", "updated_at"])
        context = {
            "meeting_title": meeting.title,
            "group_name": meeting.group.name,
            "date": timezone.localtime(meeting.starts_at).date(),
            "url": settings.SITE_URL + meeting.get_absolute_url(),
        }
        queued = 0
        for email in recipients(meeting):
            if queue_mail(f"agreements:minutes:{meeting.pk}", email, MAIL_TEMPLATE, context):
                queued += 1
    return queued
