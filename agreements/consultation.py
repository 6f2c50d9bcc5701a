"""Consultation (remiss): representatives comment on sections on behalf of their organisation."""

import rules
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .models import ConsultationComment, Section


class ConsultationError(Exception):
    """Why the comment cannot be made; the message is for the person."""


def organisations_of(user):
    from organisations.models import Organisation

    return Organisation.objects.public().represented_by(user).order_by("sort_name", "pk")


def add_comment(*, user, section: Section, organisation, text: str) -> ConsultationComment:
    if not section.version.is_open_for_comments:
        raise ConsultationError(_("This version is not out for consultation."))
    if not rules.has_perm("agreements.comment_for_organisation", user, organisation):
        raise ConsultationError(_("You do not represent this organisation."))
    try:
        with transaction.atomic():
            return ConsultationComment.objects.create(
                section=section, organisation=organisation, author=user, text=text.strip()
            )
    except IntegrityError as error:
        raise ConsultationError(_("The organisation has already made this comment.")) from error
