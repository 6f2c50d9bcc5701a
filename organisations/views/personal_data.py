import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .. import personal_data
from ..forms import DeleteAccountForm, NameForm
from ..models import Representative


@login_required
@require_http_methods(["GET", "POST"])
def my_data(request):
    name_form = NameForm(request.POST or None, initial={"name": request.user.get_full_name()})
    if request.method == "POST" and name_form.is_valid():
        personal_data.change_name(request.user, name_form.cleaned_data["name"])
        messages.success(request, _("Your name is saved."))
        return redirect("organisations:my_data")
    representations = (
        Representative.objects.filter(user=request.user)
        .select_related("organisation")
        .order_by("organisation__sort_name")
    )
    return render(
        request,
        "organisations/my_data.html",
        {"representations": representations, "name_form": name_form},
    )


@login_required
def export(request):
    data = personal_data.export(request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="mina-uppgifter-{stamp}.json"'
    return response


@login_required
@require_POST
def consent(request, pk):
    representative = get_object_or_404(Representative, pk=pk, user=request.user)
    if request.POST.get("public") == "yes":
        representative.give_consent()
        messages.success(request, _("Your name is now shown on the organisation's page."))
    else:
        representative.withdraw_consent()
        messages.success(request, _("Your name is no longer shown on the organisation's page."))
    return redirect("organisations:my_data")


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        personal_data.delete_account(user)
        messages.success(request, _("Your account and your personal data are deleted."))
        return redirect("home")
    return render(request, "organisations/delete_account.html", {"form": form})
