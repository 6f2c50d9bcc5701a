"""Everything the portal holds about one person, to download, and the deletion of it.

Deleting an account removes the person and what is theirs (addresses, representations,
consents); the organisations they registered remain, without their name on them.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q

from okportal.models import OutgoingMail

from .models import Invitation, Membership, Organisation, Representative


def _when(value):
    return value.isoformat() if value else None


@transaction.atomic
def change_name(user, name: str) -> None:
    """The person's name, as shown where they consented to be shown."""
    user.name = " ".join(name.split())
    user.save(update_fields=["name"])  # pages that show people follow the User model


def export(user) -> dict:
    from allauth.account.models import EmailAddress

    addresses = list(EmailAddress.objects.filter(user=user).values_list("email", flat=True))
    representations = Representative.objects.filter(user=user).select_related("organisation")
    memberships = Membership.objects.filter(representative__user=user).select_related(
        "group", "organisation"
    )
    return {
        "account": {
            "email": user.email,
            "name": user.name,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": _when(user.date_joined),
            "last_login": _when(user.last_login),
            "email_addresses": [
                {"email": a.email, "verified": a.verified, "primary": a.primary}
                for a in EmailAddress.objects.filter(user=user)
            ],
        },
        "representations": [
            {
                "organisation": r.organisation.name,
                "role": r.role,
                "since": _when(r.created_at),
                "shown_publicly_since": _when(r.public_consent_at),
                "consent_withdrawn": _when(r.consent_withdrawn_at),
            }
            for r in representations
        ],
        "organisations_registered": [
            {"name": o.name, "registered": _when(o.created_at), "status": o.status}
            for o in Organisation.objects.filter(registered_by=user)
        ],
        "group_memberships": [
            {
                "group": m.group.name,
                "organisation": m.organisation.name,
                "role": m.role,
                "status": m.status,
                "motivation": m.motivation,
                "requested": _when(m.requested_at),
                "joined": _when(m.joined_at),
                "left": _when(m.left_at),
            }
            for m in memberships
        ],
        "invitations_received": [
            {"organisation": i.organisation.name, "sent": _when(i.created_at)}
            for i in Invitation.objects.filter(email__in=addresses).select_related("organisation")
        ],
        "email_sent_to_you": [
            {"subject": m.subject, "created": _when(m.created_at), "status": m.status}
            for m in OutgoingMail.objects.filter(recipient__in=addresses)
        ],
    }


@transaction.atomic
def delete_account(user) -> None:
    """Remove the person; organisations and group memberships stay, without the person."""
    from allauth.account.models import EmailAddress

    addresses = list(EmailAddress.objects.filter(user=user).values_list("email", flat=True))
    addresses.append(user.email)
    query = Q()
    for address in filter(None, addresses):
        query |= Q(email__iexact=address)
    if query:
        Invitation.objects.filter(query).delete()
    Membership.objects.filter(representative__user=user).update(motivation="")
    OutgoingMail.objects.filter(recipient__in=[a for a in addresses if a]).delete()
    get_user_model().objects.filter(pk=user.pk).delete()
