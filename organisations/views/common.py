from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from ..models import Organisation
from ..rules import allowed


def organisation_for(request, slug: str, rule: str) -> Organisation:
    """The organisation, if the person may see it (else 404) and do `rule` on it (else 403)."""
    organisation = get_object_or_404(Organisation, slug=slug)
    if not allowed("organisations.view", request.user, organisation):
        raise Http404
    if not allowed(rule, request.user, organisation):
        raise PermissionDenied
    return organisation
