"""Inviting people to a meeting or a dialogue event: who would get the invitation (the
preview), then sending it through the outbox, and telling the invited when the occasion moves
or is cancelled.

The preview and the sending are the same computation, so what the coordinator saw is what is
sent. Each invited address gets one Invitation row (unique per occasion and address) and one
e-mail (the outbox's unique occasion): inviting the same people again sends nothing, adding
people later invites only the new ones. Inviting costs the same number of queries however many
are invited (rows inserted in bulk, under the occasion's lock)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history

from agreements.calendar import new_calendar
from agreements.models import Meeting
from okportal.mail import Message, queue_mails, render_mail
from okportal.models import MailOptOut
from organisations.models import Membership, Organisation, Representative

from .links import answer_links
from .models import Invitation
from .occasions import Occasion

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
    UNSUBSCRIBED_EVENTS = gettext_lazy("does not want invitations to dialogue events")


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
    occasion: Occasion
    recipients: list[Recipient] = field(default_factory=list)
    left_out: list[LeftOut] = field(default_factory=list)
    sent: bool = False  # the recipients were invited

    def by_language(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for recipient in self.recipients:
            counts[recipient.language] = counts.get(recipient.language, 0) + 1
        return counts

    def samples(self) -> list[dict]:
        """The message as each language's recipients will read it (links shown as examples)."""
        samples = []
        for language in self.by_language():
            sample = Invitation(
                **self.occasion.invitation_fields(), pk=0, language=language, name="…"
            )
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


def preview(target, groups=(), organisations=(), emails=()) -> Preview:
    """Who would be invited to a meeting or dialogue event (`target`), and who is left out and
    why."""
    occasion = Occasion.of(target)
    if not occasion.is_open:
        raise InvitationError(
            _("Only a planned meeting or event that has not ended can be invited to.")
        )
    found, left_out = candidates(groups, organisations, emails)
    invited = {e.lower() for e in occasion.invitations.values_list("email", flat=True)}
    topic = occasion.topic("invitations")
    unsubscribed = {
        e.lower() for e in MailOptOut.objects.opted_out([r.email for r in found], topic)
    }
    unsubscribed_reason = Reason.UNSUBSCRIBED if occasion.group else Reason.UNSUBSCRIBED_EVENTS
    result = Preview(occasion, left_out=left_out)
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
            result.left_out.append(LeftOut(who, unsubscribed_reason))
        else:
            result.recipients.append(recipient)
    return result


def occasion_context(target) -> dict:
    """What the mails and the answer page show of a meeting or dialogue event."""
    occasion = Occasion.of(target)
    return {
        "occasion": occasion,
        "heading": occasion.heading,
        "starts_at": timezone.localtime(occasion.starts_at),
        "ends_at": timezone.localtime(occasion.ends_at),
        "agenda": occasion.agenda(),
        "url": occasion.url,
        "reminder_text": occasion.plan.reminder_text,
    }


def invitation_context(invitation: Invitation, links: bool = True, base=None) -> dict:
    """The mail's context; `base`, the occasion's context, when it is the same for many."""
    return {
        **(base or occasion_context(invitation.occasion)),
        "invitation": invitation,
        "links": answer_links(invitation) if links else {},
    }


def calendar_for(invitation: Invitation, method: str, occasion: Occasion) -> str:
    calendar = new_calendar(method)
    event = occasion.calendar_event()
    organiser = settings.COORDINATORS_EMAIL or settings.DEFAULT_FROM_EMAIL
    event.add("organizer", f"mailto:{organiser.rsplit('<', 1)[-1].rstrip('>')}")
    event.add("attendee", f"mailto:{invitation.email}", parameters={"RSVP": "FALSE"})
    calendar.add_component(event)
    return calendar.to_ical().decode()


def messages_for(
    invitations, key: str, template: str, base: dict, *, method: str = "", topic: str = ""
) -> list[Message]:
    """One message per invitation, with the calendar file when `method` is given."""
    occasion = base["occasion"]
    return [
        Message(
            key,
            invitation.email,
            template,
            invitation_context(invitation, base=base),
            invitation.language,
            calendar=calendar_for(invitation, method, occasion) if method else "",
            reply_to=settings.COORDINATORS_EMAIL,
            topic=topic,
        )
        for invitation in invitations
    ]


def invite(target, invited_by=None, groups=(), organisations=(), emails=()) -> Preview:
    """Invite everyone the preview lists to a meeting or dialogue event; returns that preview
    (its recipients were invited)."""
    with transaction.atomic():
        occasion = Occasion.of(target).locked()
        occasion.settle_plan()
        result = preview(occasion, groups, organisations, emails)
        invitations = bulk_create_with_history(
            [
                Invitation(
                    **occasion.invitation_fields(),
                    email=recipient.email,
                    name=recipient.name,
                    user=recipient.user,
                    organisation=recipient.organisation,
                    language=recipient.language,
                    invited_by=invited_by,
                    sequence=occasion.sequence,
                )
                for recipient in result.recipients
            ],
            Invitation,
            default_user=invited_by,
        )
        base = occasion_context(occasion)
        topic = occasion.topic("invitations")
        key = occasion.mail_key("invite")
        queue_mails(messages_for(invitations, key, INVITATION, base, method="REQUEST", topic=topic))
    result.sent = True
    return result


def meetings_to_invite_to(user):
    """The coming planned meetings of the groups the person chairs (the chair's invitation
    page, invitations/rules.py, lets them invite to these)."""
    return (
        Meeting.objects.upcoming()
        .filter(
            status=Meeting.Status.PLANNED,
            group__memberships__status=Membership.Status.ACTIVE,
            group__memberships__role=Membership.Role.CHAIR,
            group__memberships__organisation__representatives__user=user,
        )
        .select_related("group")
        .distinct()
    )


def preview_or_invite(target, targets: dict, by, *, send: bool) -> Preview:
    """The preview, or (`send`) the invitations themselves, to `targets`: groups, organisations
    and emails, as the invitation form gives them."""
    return invite(target, by, **targets) if send else preview(target, **targets)


def notify_change(kind: str, pk: int) -> int:
    """The meeting or event moved, changed place or was cancelled: tell everyone invited, once
    per change (the calendar SEQUENCE names the change). Returns how many e-mails were queued."""
    with transaction.atomic():
        occasion = Occasion.load(kind, pk, lock=True)
        if occasion.ends_at <= timezone.now():
            return 0
        if occasion.is_cancelled:
            template, method, name = CANCELLATION, "CANCEL", "cancel"
        elif occasion.is_open:
            template, method, name = UPDATE, "REQUEST", "update"
        else:
            return 0
        invitations = list(occasion.invitations.filter(sequence__lt=occasion.sequence))
        key = occasion.mail_key(name, occasion.sequence)
        base = occasion_context(occasion)
        queued = queue_mails(messages_for(invitations, key, template, base, method=method))
        Invitation.objects.filter(pk__in=[i.pk for i in invitations]).update(
            sequence=occasion.sequence
        )
    return len(queued)


def substitutes_for(invitation: Invitation):
    """Whom the invited may send instead: the organisation's other representatives, where the
    meeting allows substitutes."""
    if not (invitation.organisation_id and invitation.occasion.plan.substitutes_allowed):
        return Representative.objects.none()
    return (
        Representative.objects.filter(organisation_id=invitation.organisation_id)
        .exclude(user_id=invitation.user_id)
        .select_related("user")
    )
