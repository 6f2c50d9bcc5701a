"""The live opinion barometer: answer on a phone, watch on the projector, open and close."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from dialogues import barometer
from dialogues.forms import BarometerAnswerForm
from dialogues.models import BarometerAnswer, BarometerStatement
from dialogues.qr import qr_svg

REFUSALS = {
    "rate_limited": gettext_lazy(
        "Too many answers from here in a short time. Wait a minute and try again."
    ),
    "closed": gettext_lazy("This statement is no longer open for answers."),
    "already_answered": gettext_lazy("This device has already answered this statement."),
    "invalid": gettext_lazy("Choose a place on the scale."),
}


def _statement(code):
    return get_object_or_404(BarometerStatement.objects.select_related("event"), code=code)


@never_cache
def answer(request, code):
    """The page people in the room open on their phones: a plain form, no account."""
    statement = _statement(code)
    device = barometer.device_id(request)
    new_device = device is None
    if new_device:
        device = barometer.new_device_id()
    status = 200
    form = BarometerAnswerForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            try:
                barometer.answer(
                    statement, device, barometer.client_address(request), form.cleaned_data["value"]
                )
            except barometer.AnswerRefused as refusal:
                status = 429 if refusal.code == "rate_limited" else 409
                if refusal.code == "invalid":
                    status = 400
                form.add_error(None, str(REFUSALS[refusal.code]))
            else:
                messages.success(request, _("Thank you! Your answer is counted."))
                response = redirect(statement.get_absolute_url())
                if new_device:
                    barometer.remember_device(response, device)
                return response
        else:
            status = 400
    given = (
        BarometerAnswer.objects.filter(statement=statement, device=device).first()
        if not new_device
        else None
    )
    response = render(
        request,
        "dialogues/barometer_answer.html",
        {"statement": statement, "form": form, "given": given},
        status=status,
    )
    if new_device:
        barometer.remember_device(response, device)
    return response


@never_cache
def projector(request, code):
    """The spread as it comes in: bars and a table (the text alternative); JS only refreshes."""
    statement = _statement(code)
    spread = statement.spread()
    answer_url = request.build_absolute_uri(statement.get_absolute_url())
    return render(
        request,
        "dialogues/barometer_projector.html",
        {
            "statement": statement,
            "spread": spread,
            "total": sum(point["count"] for point in spread),
            "answer_url": answer_url,
            "answer_qr": (
                qr_svg(answer_url, _("QR code for %(address)s") % {"address": answer_url})
                if statement.is_open
                else ""
            ),
        },
    )


@never_cache
def results(request, code):
    statement = _statement(code)
    spread = statement.spread()
    return JsonResponse(
        {
            "status": statement.status,
            "status_label": str(statement.get_status_display()),
            "total": sum(point["count"] for point in spread),
            "points": spread,
        },
        json_dumps_params={"ensure_ascii": False},
    )


@login_required(login_url="admin:login")
@permission_required("dialogues.run_barometer", raise_exception=True)
@require_POST
def open_statement(request, code):
    statement = _statement(code)
    if statement.open():
        messages.success(request, _("The statement is open for answers."))
    else:
        messages.warning(request, _("The statement was already open."))
    return redirect("dialogues:barometer_projector", code=code)


@login_required(login_url="admin:login")
@permission_required("dialogues.run_barometer", raise_exception=True)
@require_POST
def close_statement(request, code):
    statement = _statement(code)
    if statement.close():
        messages.success(request, _("The statement is closed and its result stored."))
    else:
        messages.warning(request, _("The statement was not open."))
    return redirect("dialogues:barometer_projector", code=code)
