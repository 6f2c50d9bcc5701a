"""Reminders before a meeting, at the lead times its plan sets, and to overdue adjusters.

A reminder's occasion names the meeting, the lead time and the start it was computed for: the
outbox sends it once, and a meeting that moves gets its reminders again for the new time. When
beat was away past several lead times, only the latest one due is sent."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from agreements.models import Adjuster, Meeting
from okportal.mail import queue_mail, send_on_commit
from okportal.unsubscribe import topic_for_group

from .inviting import invitation_context, meeting_context
from .links import adjustment_link
from .models import MeetingPlan

REMINDER = "invitations_reminder"
ADJUSTMENT_REMINDER = "invitations_adjustment_reminder"
# The longest lead time a plan may set; meetings further away are not looked at.
LONGEST_LEAD = timedelta(days=60)
# Adjusters who have not approved this long after the request are reminded (once per state of
# the minutes).
ADJUSTMENT_OVERDUE = timedelta(days=5)


def due_lead(meeting: Meeting, now: datetime) -> int | None:
    """The lead time (hours) whose moment has come most recently, if any."""
    passed = [
        hours
        for hours in MeetingPlan.of(meeting).reminder_hours
        if meeting.starts_at - timedelta(hours=hours) <= now
    ]
    return min(passed) if passed else None


def send_meeting_reminders(now: datetime | None = None) -> int:
    now = now or timezone.now()
    meetings = (
        Meeting.objects.filter(
            status=Meeting.Status.PLANNED,
            starts_at__gt=now,
            starts_at__lte=now + LONGEST_LEAD,
            invitations__isnull=False,
        )
        .distinct()
        .select_related("group", "plan")
    )
    mail_ids = []
    with transaction.atomic():
        for meeting in meetings:
            hours = due_lead(meeting, now)
            if hours is None:
                continue
            moment = meeting.starts_at - timedelta(hours=hours)
            key = f"invitations:reminder:{meeting.pk}:{hours}:{meeting.starts_at:%Y%m%dT%H%M}"
            base = meeting_context(meeting)
            # Those invited after the reminder's moment have just had the invitation.
            for invitation in meeting.invitations.to_remind().filter(invited_at__lt=moment):
                mail = queue_mail(
                    key,
                    invitation.email,
                    REMINDER,
                    invitation_context(invitation, base=base),
                    invitation.language,
                    reply_to=settings.COORDINATORS_EMAIL,
                    topic=topic_for_group("reminders", meeting.group),
                    send=False,
                )
                if mail:
                    mail_ids.append(mail.pk)
        send_on_commit(mail_ids)
    return len(mail_ids)


def send_adjustment_reminders(now: datetime | None = None) -> int:
    now = now or timezone.now()
    adjusters = Adjuster.objects.filter(
        approved_at__isnull=True,
        meeting__status__in=[Meeting.Status.HELD, Meeting.Status.DRAFT],
        meeting__adjustment_requested_at__lte=now - ADJUSTMENT_OVERDUE,
    ).select_related("meeting__group", "user")
    mail_ids = []
    with transaction.atomic():
        for adjuster in adjusters:
            meeting = adjuster.meeting
            if not adjuster.address:
                continue
            mail = queue_mail(
                f"invitations:adjustment-reminder:{meeting.pk}:{meeting.minutes_revision}",
                adjuster.address,
                ADJUSTMENT_REMINDER,
                {
                    "adjuster_name": adjuster.name,
                    "meeting_title": meeting.title,
                    "date": timezone.localtime(meeting.starts_at).date(),
                    "link": adjustment_link(adjuster),
                },
                adjuster.language,
                reply_to=settings.COORDINATORS_EMAIL,
                send=False,
            )
            if mail:
                mail_ids.append(mail.pk)
        send_on_commit(mail_ids)
    return len(mail_ids)
