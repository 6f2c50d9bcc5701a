import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .. import registration
from ..forms import OrganisationProfileForm, RegistrationForm
from .common import organisation_for


@login_required
@require_http_methods(["GET", "POST"])
def register(request):
    if not rules.has_perm("organisations.register", request.user):
        raise PermissionDenied
    if request.method == "POST":
        earlier = registration.earlier_registration(request.user, request.POST.get("name", ""))
        if earlier is not None:
            return _registered(request, earlier)
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            organisation = registration.register_organisation(
                request.user,
                fields={
                    key: data[key]
                    for key in form.Meta.fields
                    if key not in ("municipalities", "themes")
                },
                municipalities=data["municipalities"],
                themes=data["themes"],
                role=data["role"],
                public_consent=data["public_consent"],
            )
        except registration.RegistrationError as error:
            form.add_error(error.field, error.message)
        else:
            return _registered(request, organisation)
    return render(
        request,
        "organisations/register.html",
        {
            "form": form,
            # once shown (or ticked), the confirmation stays until the form goes through
            "show_confirmation": getattr(form, "show_confirmation", False)
            or bool(form["different_organisation"].value()),
        },
    )


def _registered(request, organisation):
    messages.success(
        request,
        _(
            "Thank you! %(name)s is registered and waits for a coordinator's approval. "
            "We will tell you the decision by e-mail."
        )
        % {"name": organisation.name},
    )
    return redirect(organisation)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, slug):
    organisation = organisation_for(request, slug, "organisations.change")
    form = OrganisationProfileForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                form.save()
        except IntegrityError:
            form.add_error(
                None, _("An organisation with this name or number is already registered.")
            )
        else:
            messages.success(request, _("The profile is saved."))
            return redirect(organisation)
    return render(request, "organisations/edit.html", {"form": form, "organisation": organisation})
