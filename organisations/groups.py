"""Joining and leaving working groups, and deciding on requests.

Open groups take an organisation at once; groups by request wait for a coordinator or the
group's chair; groups by invitation accept no requests. Each decision reaches the person who
asked by e-mail, through the outbox.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from okportal.mail import queue_mail
from okportal.unsubscribe import NOTICES_TOPIC

from .models import Membership, Organisation, Representative, WorkingGroup
from .registration import RegistrationError, coordinators, current_language


class MembershipError(RegistrationError):
    pass


@transaction.atomic
def request_to_join(
    group: WorkingGroup, representative: Representative, motivation: str = ""
) -> Membership:
    organisation = representative.organisation
    if organisation.status != Organisation.Status.APPROVED:
        raise MembershipError(
            _("Your organisation can ask to join once a coordinator has approved it.")
        )
    if group.join_policy == WorkingGroup.JoinPolicy.INVITATION or not group.is_active:
        raise MembershipError(_("This group takes new members by invitation only."))
    now = timezone.now()
    is_open = group.join_policy == WorkingGroup.JoinPolicy.OPEN
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                group=group,
                organisation=organisation,
                representative=representative,
                motivation=motivation.strip(),
                status=Membership.Status.ACTIVE if is_open else Membership.Status.REQUESTED,
                joined_at=now if is_open else None,
                decided_at=now if is_open else None,
                language=current_language(),
            )
    except IntegrityError as error:
        raise MembershipError(
            _("%(organisation)s is already a member of this group or has already asked.")
            % {"organisation": organisation}
        ) from error
    if is_open:
        _tell_requester(membership)
    else:
        for email in _deciders(group):
            queue_mail(
                f"organisations:join-request:{membership.pk}",
                email,
                "organisations_join_request",
                {"membership": membership, "group": group, "organisation": organisation},
                topic=NOTICES_TOPIC,
            )
    return membership


def _deciders(group: WorkingGroup) -> list[str]:
    chairs = Representative.objects.filter(
        organisation__memberships__group=group,
        organisation__memberships__status=Membership.Status.ACTIVE,
        organisation__memberships__role=Membership.Role.CHAIR,
    ).values_list("user__email", flat=True)
    emails = [*chairs, *coordinators().values_list("email", flat=True)]
    return list(dict.fromkeys(email for email in emails if email))


def _tell_requester(membership: Membership) -> None:
    """The person who asked hears the decision and its reason; when that person is gone, the
    organisation does, at its own address."""
    representative = membership.representative
    address = representative.user.email if representative else ""
    address = address or membership.organisation.email
    if not address:
        return
    queue_mail(
        f"organisations:join-decision:{membership.pk}:{membership.status}",
        address,
        "organisations_join_decision",
        {"membership": membership, "group": membership.group},
        language=membership.language,
    )


def decide_requests(membership_ids, status: str, by, reason: str = "") -> int:
    """Accept or decline requests still waiting; returns how many changed."""
    assert status in (Membership.Status.ACTIVE, Membership.Status.DECLINED)
    changed = 0
    for pk in membership_ids:
        with transaction.atomic():
            membership = (
                Membership.objects.select_for_update(of=("self",))
                .select_related("group", "organisation", "representative__user")
                .filter(pk=pk, status=Membership.Status.REQUESTED)
                .first()
            )
            if membership is None:
                continue
            now = timezone.now()
            membership.status = status
            membership.decided_at = now
            membership.decided_by = by
            # a reason written on the request beforehand (in the admin's form) goes along
            membership.reason = reason.strip() or membership.reason
            if status == Membership.Status.ACTIVE:
                membership.joined_at = now
            membership.save()
            _tell_requester(membership)
            changed += 1
    return changed


def accept(membership_ids, by) -> int:
    return decide_requests(membership_ids, Membership.Status.ACTIVE, by)


def decline(membership_ids, by, reason: str = "") -> int:
    return decide_requests(membership_ids, Membership.Status.DECLINED, by, reason)


@transaction.atomic
def leave_group(membership: Membership, reason: str = "") -> None:
    """The organisation leaves the group (or withdraws its request)."""
    locked = (
        Membership.objects.select_for_update()
        .filter(pk=membership.pk, status__in=Membership.OPEN_STATUSES)
        .first()
    )
    if locked is None:
        raise MembershipError(_("The organisation is no longer in this group."))
    locked.status = Membership.Status.LEFT
    locked.left_at = timezone.now()
    locked.reason = reason
    locked.save(update_fields=["status", "left_at", "reason"])
