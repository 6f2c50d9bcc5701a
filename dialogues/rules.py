"""Who may do what with dialogue events and the opinion barometer (see organisations/rules.py)."""

from organisations.rules import declare, is_coordinator

PERMISSIONS = {
    # Unpublished events: coordinators see them on the public pages (their preview).
    "dialogues.view_drafts": is_coordinator,
    # Opening and closing a barometer statement in the room.
    "dialogues.run_barometer": is_coordinator,
}

declare(PERMISSIONS)
