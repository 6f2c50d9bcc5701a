"""The minutes' way to the public: a coordinator sends them for adjustment, the adjusters
approve, a coordinator publishes, participants get them by e-mail (through the outbox).

An approval holds for the text it was given on: when an item's minutes or decision change, the
approvals are withdrawn (see Meeting.minutes_changed) and have to be given again."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from invitations.links import adjustment_link
from okportal.mail import queue_mail

from .apps import public_pages
from .calendar import meeting_heading
from .models import Adjuster, Meeting

MAIL_TEMPLATE = "agreements_minutes_published"
REQUEST_TEMPLATE = "agreements_adjustment_request"


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
            adjuster.record_approval(user)
        refresh_adjustment(meeting)
    return adjuster


def request_adjustment(meeting: Meeting, user=None) -> tuple[int, list[str]]:
    """Ask the adjusters who have not approved the minutes as they read now to approve them.

    One e-mail per adjuster and state of the minutes: a double click sends nothing twice, a
    request after the minutes changed goes out again. Returns how many e-mails were queued and
    the names of the adjusters without an e-mail address.
    """
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().select_related("group").get(pk=meeting.pk)
        if meeting.status not in {Meeting.Status.HELD, Meeting.Status.DRAFT}:
            raise PublishingError(
                _("Only the minutes of a held meeting, in draft, can be sent for adjustment.")
            )
        items = list(meeting.items.all())
        if not items:
            raise PublishingError(_("The minutes have no agenda items."))
        adjusters = list(meeting.adjusters.select_related("user"))
        if not adjusters:
            raise PublishingError(_("Name the adjusters of the minutes first."))
        waiting = [a for a in adjusters if a.approved_at is None]
        if not waiting:
            raise PublishingError(_("Every adjuster has already approved the minutes."))
        meeting.status = Meeting.Status.DRAFT
        meeting.adjustment_requested_at = timezone.now()
        meeting.save(update_fields=["status", "adjustment_requested_at", "updated_at"])
        key = f"agreements:adjustment:{meeting.pk}:{meeting.minutes_revision}"
        context = {
            "meeting_title": meeting.title,
            "heading": meeting_heading(meeting),
            "date": timezone.localtime(meeting.starts_at).date(),
            "items": [
                {"number": i.number, "title": i.title, "minutes": i.minutes, "decision": i.decision}
                for i in items
            ],
            "sender_name": (user.get_full_name() or user.get_username()) if user else "",
        }
        queued, missing = 0, []
        for adjuster in waiting:
            if not adjuster.address:
                missing.append(adjuster.name)
                continue
            personal = {
                **context,
                "adjuster_name": adjuster.name,
                "link": adjustment_link(adjuster),
            }
            if queue_mail(key, adjuster.address, REQUEST_TEMPLATE, personal, adjuster.language):
                queued += 1
    return queued, missing


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
            "heading": meeting_heading(meeting),
            "date": timezone.localtime(meeting.starts_at).date(),
            "url": settings.SITE_URL + meeting.get_absolute_url(),
        }
        queued = 0
        for email in recipients(meeting):
            key = f"agreements:minutes:{meeting.pk}"
            if queue_mail(key, email, MAIL_TEMPLATE, context, topic="minutes"):
                queued += 1
    return queued
