"""The way of a meeting and its minutes, in one place: every status change, its guard and its
side effects. The admin, the forms, the importer and the adjusters' approvals only call this.

    planned ──hold──▶ held ──(minutes written)──▶ minutes draft ──send_for_adjustment──▶
    sent for adjustment ──(every adjuster approved)──▶ adjusted ──publish──▶ published
    planned ──cancel──▶ cancelled

- An approval holds for the text it was given on: when an item's minutes or decision change
  (`minutes_changed`), the current approvals are withdrawn (and kept as withdrawn), adjusted
  minutes go back to adjustment.
- Published minutes that change are a correction: the meeting goes back to adjustment, the text
  published last stays public (`Meeting.published_items`) until the new text is published, and
  the public page says that a correction is under way.
- Publishing needs a meeting that has started, agenda items and every named adjuster's approval;
  it mails the participants once through the outbox (`okportal.mail.queue_mail`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from invitations.links import adjustment_link
from okportal.mail import queue_mail
from okportal.models import OutgoingMail

from .calendar import meeting_heading
from .models import Adjuster, AdjustmentApproval, Meeting

Status = Meeting.Status

MAIL_TEMPLATE = "agreements_minutes_published"
REQUEST_TEMPLATE = "agreements_adjustment_request"
# Statuses in which the adjusters' approvals are taken.
ADJUSTABLE = {Status.HELD, Status.DRAFT, Status.IN_ADJUSTMENT}

# What the adjusters approve: a change to these fields of an item withdraws their approvals.
ADJUSTED_FIELDS = ("minutes", "decision")


class WorkflowError(Exception):
    """Why the step cannot be taken (yet); the message is for the coordinator."""


@dataclass(frozen=True)
class Transition:
    """A step a coordinator takes with a button; the others follow from what happens."""

    name: str
    label: str
    sources: frozenset[str]
    target: str


TRANSITIONS = {
    t.name: t
    for t in (
        Transition("hold", gettext_lazy("Mark as held"), frozenset({Status.PLANNED}), Status.HELD),
        Transition(
            "cancel",
            gettext_lazy("Cancel the meeting"),
            frozenset({Status.PLANNED}),
            Status.CANCELLED,
        ),
        Transition(
            "send_for_adjustment",
            gettext_lazy("Send for adjustment"),
            frozenset({Status.HELD, Status.DRAFT, Status.IN_ADJUSTMENT}),
            Status.IN_ADJUSTMENT,
        ),
        Transition(
            "publish",
            gettext_lazy("Publish minutes"),
            frozenset({Status.HELD, Status.DRAFT, Status.IN_ADJUSTMENT, Status.ADJUSTED}),
            Status.PUBLISHED,
        ),
    )
}

# The statuses a meeting can be created with (the admin's add form): the rest are reached only
# through the transitions above.
INITIAL_STATUSES = (Status.PLANNED, Status.HELD)


# --- guards -------------------------------------------------------------------------------


def pending_adjusters(meeting: Meeting) -> list[str]:
    return [a.name for a in meeting.adjusters.all() if a.approved_at is None]


def _has_started(meeting: Meeting) -> bool:
    return meeting.starts_at <= timezone.now()


def why_not(meeting: Meeting, name: str) -> str | None:
    """The reason the transition `name` cannot be taken now, or None when it can."""
    transition = TRANSITIONS[name]
    if meeting.status not in transition.sources:
        return {
            "publish": _("The minutes are already published.")
            if meeting.status == Status.PUBLISHED
            else _("Only the minutes of a meeting that has been held can be published."),
            "send_for_adjustment": _(
                "Only the minutes of a held meeting, not yet adjusted, can be sent for adjustment."
            ),
            "hold": _("Only a planned meeting can be marked as held."),
            "cancel": _("Only a planned meeting can be cancelled."),
        }[name]
    if name == "hold" and not _has_started(meeting):
        return _("The meeting has not started yet.")
    if name == "publish":
        if not _has_started(meeting):
            return _("The meeting has not started yet; its minutes cannot be published.")
        if not meeting.items.exists():
            return _("The minutes have no agenda items.")
        if waiting := pending_adjusters(meeting):
            return _("The minutes wait for approval by: %(names)s.") % {"names": ", ".join(waiting)}
    if name == "send_for_adjustment":
        if not meeting.items.exists():
            return _("The minutes have no agenda items.")
        adjusters = list(meeting.adjusters.all())
        if not adjusters:
            return _("Name the adjusters of the minutes first.")
        if all(a.approved_at for a in adjusters):
            return _("Every adjuster has already approved the minutes.")
    return None


def available_transitions(meeting: Meeting) -> list[Transition]:
    """The steps that can be taken now, in the order of the way (for the admin's buttons)."""
    return [t for name, t in TRANSITIONS.items() if why_not(meeting, name) is None]


def _locked(meeting: Meeting, name: str) -> Meeting:
    """The meeting's row, locked until the transaction ends, once the guard of `name` holds."""
    locked = Meeting.objects.select_for_update().select_related("group").get(pk=meeting.pk)
    if reason := why_not(locked, name):
        raise WorkflowError(reason)
    return locked


def _set_status(meeting: Meeting, status: str, *fields: str) -> None:
    meeting.status = status
    meeting.save(update_fields=["status", "updated_at", *fields])


# --- the coordinator's steps ------------------------------------------------------------------


def _take(meeting: Meeting, name: str) -> Meeting:
    """A step that only changes the status."""
    with transaction.atomic():
        locked = _locked(meeting, name)
        _set_status(locked, TRANSITIONS[name].target)
    meeting.status = locked.status
    return locked


def hold(meeting: Meeting, by=None) -> Meeting:
    return _take(meeting, "hold")


def cancel(meeting: Meeting, by=None) -> Meeting:
    return _take(meeting, "cancel")


def send_for_adjustment(meeting: Meeting, by=None) -> tuple[int, list[str]]:
    """Ask the adjusters who have not approved the minutes as they read now to approve them.

    One e-mail per adjuster and state of the minutes: a double click sends nothing twice, a
    request after the minutes changed goes out again. Returns how many e-mails were queued and
    the names of the adjusters without an e-mail address.
    """
    with transaction.atomic():
        locked = _locked(meeting, "send_for_adjustment")
        locked.adjustment_requested_at = timezone.now()
        _set_status(locked, Status.IN_ADJUSTMENT, "adjustment_requested_at")
        items = list(locked.items.all())
        key = f"agreements:adjustment:{locked.pk}:{locked.minutes_revision}"
        context = {
            "meeting_title": locked.title,
            "heading": meeting_heading(locked),
            "date": timezone.localtime(locked.starts_at).date(),
            "items": [
                {"number": i.number, "title": i.title, "minutes": i.minutes, "decision": i.decision}
                for i in items
            ],
            "sender_name": (by.get_full_name() or by.get_username()) if by else "",
        }
        queued, missing = 0, []
        for adjuster in locked.adjusters.select_related("user").filter(approved_at__isnull=True):
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
    meeting.status = locked.status
    return queued, missing


def _minutes_key(meeting: Meeting) -> str:
    return f"agreements:minutes:{meeting.pk}"


def participant_addresses(meeting: Meeting) -> list[str]:
    """The participants' addresses: each attendance's own, else its organisation's."""
    seen: dict[str, str] = {}
    for attendance in meeting.attendances.select_related("organisation"):
        email = attendance.email or (
            attendance.organisation.email if attendance.organisation else ""
        )
        if email:
            seen.setdefault(email.lower(), email)
    return list(seen.values())


def publication_recipients(meeting: Meeting) -> list[str]:
    """Who publishing now will mail: the participants not mailed these minutes before (after a
    correction, nobody new is mailed twice)."""
    mailed = {
        address.lower()
        for address in OutgoingMail.objects.filter(key=_minutes_key(meeting)).values_list(
            "recipient", flat=True
        )
    }
    return [email for email in participant_addresses(meeting) if email.lower() not in mailed]


def _snapshot(meeting: Meeting) -> list[dict]:
    """The text as published: what the public keeps seeing while a correction is under way."""
    return [
        {
            "pk": item.pk,
            "number": item.number,
            "title": item.title,
            "presenter": item.presenter,
            "minutes": item.minutes,
            "decision": item.decision,
            "links": item.links,
        }
        for item in meeting.items.order_by("number")
    ]


def publish(meeting: Meeting, by) -> int:
    """Publish the minutes and queue one e-mail per participant not mailed before; returns how
    many were queued."""
    with transaction.atomic():
        locked = _locked(meeting, "publish")
        locked.published_at = timezone.now()
        locked.published_by = by
        locked.published_items = _snapshot(locked)
        _set_status(locked, Status.PUBLISHED, "published_at", "published_by", "published_items")
        context = {
            "meeting_title": locked.title,
            "heading": meeting_heading(locked),
            "date": timezone.localtime(locked.starts_at).date(),
            "url": settings.SITE_URL + locked.get_absolute_url(),
        }
        queued = sum(
            queue_mail(_minutes_key(locked), email, MAIL_TEMPLATE, context, topic="minutes")
            is not None
            for email in publication_recipients(locked)
        )
    meeting.status = locked.status
    return queued


def publish_imported(meeting: Meeting, by=None, reason: str = "") -> None:
    """Minutes imported from a document that was published elsewhere long ago: public at once,
    with no guard on adjusters and without mail (the meeting carries its import key); `reason`
    goes to the meeting's history."""
    if not meeting.import_key:
        raise WorkflowError(_("Only imported minutes can be published without adjustment."))
    meeting.published_at = timezone.now()
    meeting.published_by = by
    meeting.published_items = _snapshot(meeting)
    if reason:
        meeting._change_reason = reason
    _set_status(meeting, Status.PUBLISHED, "published_at", "published_by", "published_items")


# --- what follows from what happens -----------------------------------------------------------


def _adjusted_if_approved(meeting: Meeting) -> None:
    """Minutes whose named adjusters have all approved are adjusted (justerade)."""
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    adjusters = list(locked.adjusters.all())
    if adjusters and all(a.approved_at for a in adjusters) and locked.status in ADJUSTABLE:
        _set_status(locked, Status.ADJUSTED)
    meeting.status = locked.status


def awaits_adjustment(meeting: Meeting) -> bool:
    """Whether the adjusters can still approve the minutes (by link or in the admin)."""
    return meeting.status in ADJUSTABLE


def record_approval(adjuster: Adjuster, by) -> AdjustmentApproval | None:
    """The adjuster approves the minutes as they read now (recorded by `by`: the adjuster
    themself, or a coordinator who was told). None when the approval was already recorded."""
    with transaction.atomic():
        adjuster = Adjuster.objects.select_for_update().get(pk=adjuster.pk)
        if adjuster.approved_at is not None:
            return None
        revision = Meeting.objects.values_list("minutes_revision", flat=True).get(
            pk=adjuster.meeting_id
        )
        approval = AdjustmentApproval.objects.create(
            adjuster=adjuster, minutes_revision=revision, recorded_by=by
        )
        adjuster.approved_at = approval.approved_at
        adjuster.recorded_by = by
        adjuster.save(update_fields=["approved_at", "recorded_by"])
        _adjusted_if_approved(adjuster.meeting)
    return approval


def approve(meeting: Meeting, user) -> Adjuster:
    """The signed-in person approves the minutes as one of their named adjusters."""
    adjuster = Adjuster.objects.filter(meeting=meeting, user=user).first()
    if adjuster is None:
        raise WorkflowError(_("You are not one of the adjusters of these minutes."))
    record_approval(adjuster, user)
    return adjuster


def _withdraw(adjuster: Adjuster, reason: str, by=None) -> bool:
    """Withdraw the current approval, keeping the record of it. False if there was none."""
    if adjuster.approved_at is None:
        return False
    now = timezone.now()
    withdrawn = adjuster.approvals.filter(withdrawn_at__isnull=True).update(
        withdrawn_at=now, withdrawal_reason=reason, withdrawn_by=by
    )
    if not withdrawn:
        # An approval from before approvals were recorded one by one: record it now.
        AdjustmentApproval.objects.create(
            adjuster=adjuster,
            minutes_revision=0,
            approved_at=adjuster.approved_at,
            recorded_by=adjuster.recorded_by,
            withdrawn_at=now,
            withdrawal_reason=reason,
            withdrawn_by=by,
        )
    adjuster.approved_at = None
    adjuster.recorded_by = None
    adjuster.save(update_fields=["approved_at", "recorded_by"])
    return True


def withdraw_approval(adjuster: Adjuster, by) -> bool:
    """A coordinator undoes an approval recorded by mistake."""
    with transaction.atomic():
        locked = Adjuster.objects.select_for_update().get(pk=adjuster.pk)
        withdrawn = _withdraw(locked, AdjustmentApproval.Withdrawal.UNDONE, by)
        meeting = Meeting.objects.select_for_update().get(pk=locked.meeting_id)
        if withdrawn and meeting.status == Status.ADJUSTED:
            _set_status(meeting, Status.IN_ADJUSTMENT)
    adjuster.approved_at = adjuster.recorded_by = None
    return withdrawn


def minutes_changed(meeting: Meeting, by=None) -> list[str]:
    """An item's minutes or decision changed (or an item was added or removed).

    The approvals given so far no longer hold: each is kept but marked as withdrawn. Minutes of
    a held meeting become a draft; adjusted or published minutes go back to adjustment (for
    published ones: a correction, the published text stays public until the new one is).
    Returns the names of the adjusters whose approval was withdrawn.
    """
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        locked.minutes_revision = F("minutes_revision") + 1
        if locked.status == Status.HELD:
            locked.status = Status.DRAFT
        elif locked.status in {Status.ADJUSTED, Status.PUBLISHED}:
            locked.status = Status.IN_ADJUSTMENT
        locked.save(update_fields=["minutes_revision", "status", "updated_at"])
        locked.refresh_from_db(fields=["minutes_revision"])
        names = [
            adjuster.name
            for adjuster in locked.adjusters.select_for_update().filter(approved_at__isnull=False)
            if _withdraw(adjuster, AdjustmentApproval.Withdrawal.MINUTES_CHANGED, by)
        ]
    meeting.status = locked.status
    meeting.minutes_revision = locked.minutes_revision
    return sorted(names)


def approvals_withdrawn_for_change(meeting: Meeting, log: list[AdjustmentApproval]) -> bool:
    """Approvals were withdrawn because the text changed since the last request: the
    coordinator has to send the minutes for adjustment again."""
    return (
        meeting.status != Status.PUBLISHED
        and bool(pending_adjusters(meeting))
        and any(
            a.withdrawal_reason == AdjustmentApproval.Withdrawal.MINUTES_CHANGED
            and a.withdrawn_at
            and (
                meeting.adjustment_requested_at is None
                or a.withdrawn_at > meeting.adjustment_requested_at
            )
            for a in log
        )
    )
