import rules
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from ..models import Organisation


def organisation_for(request, slug: str, rule: str) -> Organisation:
    """The organisation, if the person may see it (else 404) and do `rule` on it (else 403)."""
    organisation = get_object_or_404(Organisation, slug=slug)
    if not rules.has_perm("organisations.view", request.user, organisation):
        raise Http404
    if not rules.has_perm(rule, request.user, organisation):
        raise PermissionDenied
    return organisation
