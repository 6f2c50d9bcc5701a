"""Registering an organisation, deciding on it, and the people who represent it.

Every function here runs in one transaction and queues its e-mail through the outbox, so the
mail leaves only when what it tells has been saved. Errors meant for the person are
`RegistrationError`, with a message in their language.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from okportal.mail import queue_mail

from .models import Invitation, Organisation, Representative


class RegistrationError(Exception):
    """Something the person can put right; the message says what."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def current_language() -> str:
    """The language the person uses now, one of the site's; their e-mail comes in it."""
    language = translation.get_language() or ""
    codes = [code for code, _name in settings.LANGUAGES]
    return language if language in codes else settings.LANGUAGE_CODE


def coordinators():
    return (
        get_user_model()
        .objects.filter(is_staff=True, is_active=True)
        .exclude(email="")
        .order_by("pk")
    )


RESERVED_SLUGS = {"registrera", "inbjudan"}


def unique_slug(name: str) -> str:
    base = slugify(name)[:200] or "organisation"
    taken = set(Organisation.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    taken |= RESERVED_SLUGS
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def earlier_registration(user, name: str) -> Organisation | None:
    """The organisation of this name that this person has already registered: a second click
    on the button, or the back button and the same form again, lands on the first one."""
    name = " ".join(name.split())
    if not name or not user.is_authenticated:
        return None
    return Organisation.objects.filter(registered_by=user, name__iexact=name).first()


@transaction.atomic
def register_organisation(
    user, *, fields: dict, municipalities=(), themes=(), role: str = "", public_consent=False
) -> Organisation:
    """Save a new organisation, pending, with `user` as its first representative, and tell
    the coordinators that it waits. The same person registering the same name again (two
    submissions at once) gets the first registration back."""
    organisation = Organisation(
        **fields,
        slug=unique_slug(fields["name"]),
        status=Organisation.Status.PENDING,
        registered_by=user,
        language=current_language(),
    )
    try:
        with transaction.atomic():
            organisation.save()
    except IntegrityError as error:
        earlier = earlier_registration(user, fields["name"])
        if earlier is not None:
            return earlier
        raise _duplicate_error(error) from error
    organisation.municipalities.set(municipalities)
    organisation.themes.set(themes)
    Representative.objects.create(
        organisation=organisation,
        user=user,
        role=role,
        public_consent_at=timezone.now() if public_consent else None,
    )
    for coordinator in coordinators():
        queue_mail(
            f"organisations:pending:{organisation.pk}",
            coordinator.email,
            "organisations_pending",
            {"organisation": organisation, "registered_by": user.email},
        )
    return organisation


def _duplicate_error(error: IntegrityError) -> RegistrationError:
    text = str(error)
    if "one_organisation_per_number" in text:
        return RegistrationError(
            _("An organisation with this number is already registered."), "organisation_number"
        )
    if "one_organisation_per_name" in text:
        return RegistrationError(_("An organisation with this name is already registered."), "name")
    return RegistrationError(_("This organisation is already registered."))


def _tell_registrant(organisation: Organisation) -> None:
    if organisation.registered_by is None or not organisation.registered_by.email:
        return
    queue_mail(
        f"organisations:decision:{organisation.pk}:{organisation.status}",
        organisation.registered_by.email,
        "organisations_decision",
        {"organisation": organisation},
        language=organisation.language,
    )


def decide(organisation_ids, status: str, by, reason: str = "") -> int:
    """Approve or reject pending organisations; returns how many changed. Each row is locked
    and must still be pending, so two coordinators deciding at once decide once."""
    changed = 0
    for pk in organisation_ids:
        with transaction.atomic():
            organisation = (
                Organisation.objects.select_for_update(of=("self",))
                .select_related("registered_by")
                .filter(pk=pk, status=Organisation.Status.PENDING)
                .first()
            )
            if organisation is None:
                continue
            organisation.status = status
            organisation.decided_by = by
            organisation.decided_at = timezone.now()
            organisation.decision_reason = reason
            organisation._change_reason = f"{status}"
            organisation.save(
                update_fields=["status", "decided_by", "decided_at", "decision_reason"]
            )
            _tell_registrant(organisation)
            changed += 1
    return changed


def approve(organisation_ids, by) -> int:
    return decide(organisation_ids, Organisation.Status.APPROVED, by)


def reject(organisation_ids, by, reason: str = "") -> int:
    return decide(organisation_ids, Organisation.Status.REJECTED, by, reason)


@transaction.atomic
def invite_representative(organisation: Organisation, email: str, role: str, by) -> Invitation:
    email = email.strip()
    if organisation.representatives.filter(user__email__iexact=email).exists():
        raise RegistrationError(_("This person already represents the organisation."), "email")
    try:
        with transaction.atomic():
            invitation = Invitation.objects.create(
                organisation=organisation, email=email, role=role, invited_by=by
            )
    except IntegrityError as error:
        raise RegistrationError(
            _("An invitation to this address is already waiting for an answer."), "email"
        ) from error
    queue_mail(
        f"organisations:invitation:{invitation.pk}",
        email,
        "organisations_invitation",
        {"invitation": invitation, "organisation": organisation, "invited_by": by},
        language=current_language(),
    )
    return invitation


@transaction.atomic
def accept_invitation(invitation: Invitation, user) -> Representative:
    """The invited person, signed in with the invited address (verified), accepts."""
    from allauth.account.models import EmailAddress

    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if locked.accepted_at is not None:
        raise RegistrationError(_("This invitation has already been used."))
    if not EmailAddress.objects.filter(
        user=user, email__iexact=locked.email, verified=True
    ).exists():
        raise RegistrationError(
            _("The invitation was sent to %(email)s. Sign in with that address to accept it.")
            % {"email": locked.email}
        )
    representative, _created = Representative.objects.get_or_create(
        organisation=locked.organisation, user=user, defaults={"role": locked.role}
    )
    locked.accepted_at = timezone.now()
    locked.save(update_fields=["accepted_at"])
    return representative


@transaction.atomic
def leave_organisation(representative: Representative) -> None:
    """The person stops representing the organisation; the organisation stays."""
    Representative.objects.filter(pk=representative.pk).delete()


def is_last_representative(representative: Representative) -> bool:
    return not representative.organisation.representatives.exclude(pk=representative.pk).exists()
