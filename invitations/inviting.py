"""Inviting people to a meeting: who would get the invitation (the preview), then sending it
through the outbox, and telling the invited when the meeting moves or is cancelled.

The preview and the sending are the same computation, so what the coordinator saw is what is
sent. Each invited address gets one Invitation row (unique per meeting and address) and one
e-mail (the outbox's unique occasion): inviting the same people again sends nothing, adding
people later invites only the new ones."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agreements.calendar import meeting_event, meeting_heading, new_calendar
from agreements.models import Meeting
from okportal.mail import queue_mail, render_mail, send_on_commit
from okportal.models import MailOptOut
from okportal.unsubscribe import topic_for_group
from organisations.models import Membership, Organisation, Representative

from .links import answer_links
from .models import Invitation, MeetingPlan

INVITATION = "invitations_invitation"
UPDATE = "invitations_update"
CANCELLATION = "invitations_cancellation"


class InvitationError(Exception):
    """Why nobody can be invited (now); the message is for the coordinator."""


class Reason:
    NO_ADDRESS = gettext_lazy("no e-mail address")
    INVALID = gettext_lazy("not an e-mail address")
    ALREADY_INVITED = gettext_lazy("already invited")
    UNSUBSCRIBED = gettext_lazy("does not want invitations to this group's meetings")


def invitations_topic(meeting: Meeting) -> str:
    return topic_for_group("invitations", meeting.group)


@dataclass
class Recipient:
    email: str
    name: str = ""
    user: object = None
    organisation: Organisation | None = None
    language: str = "sv"


@dataclass
class LeftOut:
    who: str
    reason: str


@dataclass
class Preview:
    meeting: Meeting
    recipients: list[Recipient] = field(default_factory=list)
    left_out: list[LeftOut] = field(default_factory=list)

    def by_language(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for recipient in self.recipients:
            counts[recipient.language] = counts.get(recipient.language, 0) + 1
        return counts

    def samples(self) -> list[dict]:
        """The message as each language's recipients will read it (links shown as examples)."""
        samples = []
        for language in self.by_language():
            sample = Invitation(meeting=self.meeting, pk=0, language=language, name="…")
            subject, text, _html = render_mail(
                INVITATION, invitation_context(sample, links=False), language
            )
            samples.append({"language": language, "subject": subject, "text": text})
        return samples


def _person(user) -> str:
    return user.get_full_name() or ""


def _representatives(organisation: Organisation, language: str, only=None) -> list[Recipient]:
    people = [only] if only else list(organisation.representatives.all())
    return [
        Recipient(r.user.email, _person(r.user), r.user, organisation, language)
        for r in people
        if r.user.email
    ]


def _of_organisation(organisation: Organisation, language: str, only=None):
    """An organisation's people: its representative(s), else its own address."""
    found = _representatives(organisation, language, only)
    if not found and organisation.email:
        found = [Recipient(organisation.email, "", None, organisation, language)]
    return found


def candidates(groups=(), organisations=(), emails=()) -> tuple[list[Recipient], list[LeftOut]]:
    found: list[Recipient] = []
    left_out: list[LeftOut] = []
    memberships = (
        Membership.objects.active()
        .filter(group__in=groups)
        .select_related("organisation", "representative__user")
        .prefetch_related("organisation__representatives__user")
        .order_by("organisation__sort_name")
    )
    for membership in memberships:
        people = _of_organisation(
            membership.organisation, membership.language, membership.representative
        )
        if not people:
            left_out.append(LeftOut(membership.organisation.name, Reason.NO_ADDRESS))
        found.extend(people)
    for organisation in Organisation.objects.filter(pk__in=[o.pk for o in organisations]):
        people = _of_organisation(organisation, organisation.language)
        if not people:
            left_out.append(LeftOut(organisation.name, Reason.NO_ADDRESS))
        found.extend(people)
    lowered = [address.strip().lower() for address in emails]
    users = {
        u.email.lower(): u
        for u in get_user_model().objects.alias(lower=Lower("email")).filter(lower__in=lowered)
    }
    for address in emails:
        address = address.strip()
        try:
            validate_email(address)
        except ValidationError:
            left_out.append(LeftOut(address, Reason.INVALID))
            continue
        user = users.get(address.lower())
        found.append(Recipient(address, _person(user) if user else "", user))
    return found, left_out


def preview(meeting: Meeting, groups=(), organisations=(), emails=()) -> Preview:
    """Who would be invited, and who is left out and why."""
    if meeting.status != Meeting.Status.PLANNED or meeting.ends_at <= timezone.now():
        raise InvitationError(_("Only a planned meeting that has not ended can be invited to."))
    found, left_out = candidates(groups, organisations, emails)
    invited = {e.lower() for e in meeting.invitations.values_list("email", flat=True)}
    unsubscribed = MailOptOut.objects.opted_out(
        [r.email for r in found], invitations_topic(meeting)
    )
    unsubscribed = {e.lower() for e in unsubscribed}
    result = Preview(meeting, left_out=left_out)
    seen: set[str] = set()
    for recipient in found:
        address = recipient.email.lower()
        if address in seen:
            continue
        seen.add(address)
        who = recipient.name or (
            recipient.organisation.name if recipient.organisation else recipient.email
        )
        if address in invited:
            result.left_out.append(LeftOut(who, Reason.ALREADY_INVITED))
        elif address in unsubscribed:
            result.left_out.append(LeftOut(who, Reason.UNSUBSCRIBED))
        else:
            result.recipients.append(recipient)
    return result


def meeting_context(meeting: Meeting) -> dict:
    plan = MeetingPlan.of(meeting)
    return {
        "meeting": meeting,
        "heading": meeting_heading(meeting),
        "starts_at": timezone.localtime(meeting.starts_at),
        "ends_at": timezone.localtime(meeting.ends_at),
        "agenda": [item.title for item in meeting.items.all()],
        "url": settings.SITE_URL + meeting.get_absolute_url(),
        "reminder_text": plan.reminder_text,
    }


def invitation_context(invitation: Invitation, links: bool = True, base=None) -> dict:
    """The mail's context; `base`, the meeting's context, when it is the same for many."""
    return {
        **(base or meeting_context(invitation.meeting)),
        "invitation": invitation,
        "links": answer_links(invitation) if links else {},
    }


def calendar_for(invitation: Invitation, method: str) -> str:
    calendar = new_calendar(method)
    event = meeting_event(invitation.meeting)
    organiser = settings.COORDINATORS_EMAIL or settings.DEFAULT_FROM_EMAIL
    event.add("organizer", f"mailto:{organiser.rsplit('<', 1)[-1].rstrip('>')}")
    event.add("attendee", f"mailto:{invitation.email}", parameters={"RSVP": "FALSE"})
    calendar.add_component(event)
    return calendar.to_ical().decode()


def _queue(invitation, key: str, template: str, method: str, base: dict, topic: str = ""):
    return queue_mail(
        key,
        invitation.email,
        template,
        invitation_context(invitation, base=base),
        invitation.language,
        calendar=calendar_for(invitation, method),
        reply_to=settings.COORDINATORS_EMAIL,
        topic=topic,
        send=False,
    )


def invite(meeting: Meeting, invited_by=None, groups=(), organisations=(), emails=()) -> Preview:
    """Invite everyone the preview lists; returns that preview (its recipients were invited)."""
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().select_related("group").get(pk=meeting.pk)
        result = preview(meeting, groups, organisations, emails)
        base = meeting_context(meeting)
        mail_ids = []
        for recipient in result.recipients:
            try:
                with transaction.atomic():
                    invitation = Invitation.objects.create(
                        meeting=meeting,
                        email=recipient.email,
                        name=recipient.name,
                        user=recipient.user,
                        organisation=recipient.organisation,
                        language=recipient.language,
                        invited_by=invited_by,
                        sequence=meeting.sequence,
                    )
            except IntegrityError:  # invited by someone else in the meantime
                continue
            key = f"invitations:invite:{meeting.pk}"
            mail = _queue(invitation, key, INVITATION, "REQUEST", base, invitations_topic(meeting))
            if mail:
                mail_ids.append(mail.pk)
        send_on_commit(mail_ids)
    return result


def notify_change(meeting_id: int) -> int:
    """The meeting moved, changed place or was cancelled: tell everyone invited, once per
    change (the calendar SEQUENCE names the change). Returns how many e-mails were queued."""
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().select_related("group").get(pk=meeting_id)
        if meeting.ends_at <= timezone.now():
            return 0
        if meeting.is_cancelled:
            key = f"invitations:cancel:{meeting.pk}:{meeting.sequence}"
            template, method = CANCELLATION, "CANCEL"
        elif meeting.status == Meeting.Status.PLANNED:
            key = f"invitations:update:{meeting.pk}:{meeting.sequence}"
            template, method = UPDATE, "REQUEST"
        else:
            return 0
        invitations = list(meeting.invitations.filter(sequence__lt=meeting.sequence))
        base = meeting_context(meeting)
        mail_ids = []
        for invitation in invitations:
            invitation.meeting = meeting  # one meeting, not one query per invitation
            if mail := _queue(invitation, key, template, method, base):
                mail_ids.append(mail.pk)
        Invitation.objects.filter(pk__in=[i.pk for i in invitations]).update(
            sequence=meeting.sequence
        )
        send_on_commit(mail_ids)
    return len(mail_ids)


def substitutes_for(invitation: Invitation):
    """Whom the invited may send instead: the organisation's other representatives, where the
    meeting allows substitutes."""
    if not (invitation.organisation_id and MeetingPlan.of(invitation.meeting).substitutes_allowed):
        return Representative.objects.none()
    return (
        Representative.objects.filter(organisation_id=invitation.organisation_id)
        .exclude(user_id=invitation.user_id)
        .select_related("user")
    )
