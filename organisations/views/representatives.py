from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .. import registration
from ..forms import InvitationForm
from ..models import Invitation
from .common import organisation_for


@login_required
@require_http_methods(["GET", "POST"])
def representatives(request, slug):
    """The organisation's people, and an invitation to a colleague."""
    organisation = organisation_for(request, slug, "organisations.manage_representatives")
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = registration.invite_representative(
                organisation, form.cleaned_data["email"], form.cleaned_data["role"], request.user
            )
        except registration.RegistrationError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(
                request,
                _("An invitation is on its way to %(email)s.") % {"email": invitation.email},
            )
            return redirect("organisations:representatives", slug=organisation.slug)
    people = organisation.representatives.select_related("user").order_by("created_at")
    waiting = organisation.invitations.filter(accepted_at__isnull=True).order_by("created_at")
    return render(
        request,
        "organisations/representatives.html",
        {
            "organisation": organisation,
            "form": form,
            "people": people,
            "waiting": waiting,
            "mine": next((p for p in people if p.user_id == request.user.pk), None),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def leave(request, slug):
    """The person stops representing the organisation; the last one is warned first."""
    organisation = organisation_for(request, slug, "organisations.leave")
    representative = organisation.representatives.get(user=request.user)
    if request.method == "POST":
        registration.leave_organisation(representative)
        messages.success(
            request, _("You no longer represent %(name)s.") % {"name": organisation.name}
        )
        return redirect("organisations:my_data")
    return render(
        request,
        "organisations/leave.html",
        {
            "organisation": organisation,
            "is_last": registration.is_last_representative(representative),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def accept_invitation(request, token):
    invitation = get_object_or_404(
        Invitation.objects.select_related("organisation"), token=token, accepted_at__isnull=True
    )
    error = None
    if request.method == "POST":
        try:
            registration.accept_invitation(invitation, request.user)
        except registration.RegistrationError as problem:
            error = problem.message
        else:
            messages.success(
                request,
                _("You now represent %(name)s.") % {"name": invitation.organisation.name},
            )
            return redirect(invitation.organisation)
    return render(
        request,
        "organisations/invitation.html",
        {"invitation": invitation, "error": error},
        status=400 if error else 200,
    )
