"""Who may do what with the agreement and the meetings (see organisations/rules.py)."""

import rules

from organisations.rules import (
    declare,
    is_coordinator,
    is_public_organisation,
    is_representative,
    represents_any_public_organisation,
)


@rules.predicate
def minutes_are_public(user, meeting):
    return meeting is not None and meeting.minutes_are_public


@rules.predicate
def is_adjuster(user, meeting):
    """The user is one of the named adjusters of the meeting's minutes."""
    return (
        user.is_authenticated
        and meeting is not None
        and meeting.adjusters.filter(user=user).exists()
    )


PERMISSIONS = {
    # The minutes of a meeting: public once published; coordinators see drafts (a preview).
    "agreements.view_minutes": minutes_are_public | is_coordinator,
    "agreements.preview_minutes": is_coordinator,
    "agreements.approve_minutes": is_adjuster,
    # The consultation page, and a comment on behalf of one organisation.
    "agreements.take_part_in_consultation": represents_any_public_organisation,
    "agreements.comment_for_organisation": is_representative & is_public_organisation,
}

declare(PERMISSIONS)
