"""Who may invite (see organisations/rules.py): coordinators to any meeting, in the admin or on
the portal's own page, and a group's chair to the meetings of that group."""

import rules

from organisations.rules import chairs_group, declare, is_coordinator


@rules.predicate
def chairs_meetings_group(user, meeting):
    """`meeting` is a Meeting; the user chairs its group."""
    return meeting is not None and chairs_group(user, meeting.group)


PERMISSIONS = {
    "invitations.invite_to_meeting": chairs_meetings_group | is_coordinator,
}

declare(PERMISSIONS)
