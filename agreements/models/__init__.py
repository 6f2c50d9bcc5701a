"""The agreement (versions, sections, principles, phases, signatures, consultation) and the
meetings of the groups that carry it (agenda items, minutes, attendance, adjustment)."""

from .agreement import (
    Agreement,
    AgreementVersion,
    CommentQuerySet,
    ConsultationComment,
    Phase,
    Principle,
    Section,
    Signature,
    VersionQuerySet,
    current_agreement,
)
from .meetings import (
    Adjuster,
    AdjustmentApproval,
    AgendaItem,
    Attachment,
    Attendance,
    Meeting,
    MeetingQuerySet,
    SeasonDate,
    TsTzRange,
    validate_link_lines,
)

__all__ = [
    "Adjuster",
    "AdjustmentApproval",
    "AgendaItem",
    "Agreement",
    "AgreementVersion",
    "Attachment",
    "Attendance",
    "CommentQuerySet",
    "ConsultationComment",
    "Meeting",
    "MeetingQuerySet",
    "Phase",
    "Principle",
    "SeasonDate",
    "Section",
    "Signature",
    "TsTzRange",
    "VersionQuerySet",
    "current_agreement",
    "validate_link_lines",
]
