"""What was changed by hand since an import: both importers save with the change reason
IMPORT_REASON (django-simple-history), so a record without it after the import is an edit
someone made, and a re-import's confirmation lists it before it is replaced."""

from __future__ import annotations

import datetime

IMPORT_REASON = "import"


def changed_by_hand(history, since: datetime.datetime):
    """The change records ("~") of a history queryset after `since` that the import did not
    make, oldest first."""
    return (
        history.filter(history_date__gt=since, history_type="~")
        .exclude(history_change_reason=IMPORT_REASON)
        .order_by("history_date")
    )


def when_and_who(record) -> dict[str, str]:
    """A history record's date and user as the confirmation writes them."""
    return {
        "date": f"{record.history_date:%Y-%m-%d %H:%M}",
        "user": str(record.history_user or "–"),
    }
