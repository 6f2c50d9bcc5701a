"""Organisations, the people who represent them, working groups and their members.

Themes and municipalities are data that coordinators edit; other apps link to them.
"""

from .groups import JoinRequest, Membership, MembershipQuerySet, WorkingGroup, WorkingGroupQuerySet
from .names import plain_letters, plain_text, sort_key_field, swedish_sort_key
from .organisation import Organisation, OrganisationQuerySet, PendingOrganisation
from .people import Invitation, Representative, RepresentativeQuerySet
from .reference import LegalForm, Level, Municipality, Sector, Theme

__all__ = [
    "Invitation", "JoinRequest", "LegalForm", "Level", "Membership", "MembershipQuerySet",
    "Municipality", "Organisation", "OrganisationQuerySet", "PendingOrganisation",
    "Representative", "RepresentativeQuerySet", "Sector", "Theme", "WorkingGroup",
    "WorkingGroupQuerySet", "plain_letters", "plain_text", "sort_key_field", "swedish_sort_key",
]  # fmt: skip
