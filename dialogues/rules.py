"""Who may do what with dialogue events and the opinion barometer (see organisations/rules.py)."""

import rules

from organisations.rules import is_coordinator

PERMISSIONS = {
    # Unpublished events: coordinators see them on the public pages (their preview).
    "dialogues.view_drafts": is_coordinator,
    # Opening and closing a barometer statement in the room.
    "dialogues.run_barometer": is_coordinator,
}

for _name, _predicate in PERMISSIONS.items():
    rules.add_perm(_name, _predicate)
