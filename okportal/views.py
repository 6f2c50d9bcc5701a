from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from django.views.generic import TemplateView

from agreements.models import Meeting, Phase, current_agreement
from dialogues.models import DialogueEvent

from . import health, unsubscribe
from .models import MailOptOut
from .page_cache import CachedPage

# Five minutes at most, since meetings stop being coming by the clock.
start_page = CachedPage(
    "okportal:start",
    reads=(),
    shows=[
        "agreements.Agreement", "agreements.Phase", "agreements.Meeting",
        "dialogues.DialogueEvent", "organisations.WorkingGroup",
    ],
    timeout=300,
)  # fmt: skip


class HomeView(TemplateView):
    """The start: the vision, where the process stands, what comes next and what is new."""

    template_name = "okportal/home.html"

    def get_context_data(self, **kwargs):
        meetings = Meeting.objects.select_related("group")
        return super().get_context_data(
            agreement=current_agreement(),
            current_phase=Phase.objects.filter(is_current=True).order_by("order").first(),
            next_meetings=meetings.upcoming().exclude(status=Meeting.Status.CANCELLED)[:3],
            newest_minutes=meetings.with_published_minutes().order_by("-starts_at")[:3],
            newest_dialogues=DialogueEvent.objects.published().order_by("-date")[:3],
            **kwargs,
        )


class AccessibilityView(TemplateView):
    template_name = "okportal/accessibility.html"


class PrivacyView(TemplateView):
    template_name = "okportal/privacy.html"


@never_cache
def healthz(request):
    problems = health.problems()
    status = 503 if problems else 200
    return JsonResponse(
        {"status": "fail" if problems else "ok", "problems": problems}, status=status
    )


@csrf_exempt  # the signed link is the credential; mail clients POST it for one-click (RFC 8058)
@require_http_methods(["GET", "POST"])
def unsubscribe_view(request, token):
    """GET shows what the link unsubscribes from and a button (a mail scanner changes
    nothing); POST unsubscribes, or subscribes again with `action=resubscribe`."""
    try:
        address, topic = unsubscribe.read(token)
    except signing.BadSignature:
        return render(
            request,
            "invitations/link_problem.html",
            {"message": _("This link is not valid. Use the link in your e-mail as it is.")},
            status=404,
        )
    unsubscribed = MailOptOut.objects.opted_out([address], topic)
    if request.method == "POST":
        if request.POST.get("action") == "resubscribe":
            unsubscribe.opt_in(address, topic)
        else:
            unsubscribe.opt_out(address, topic)
        unsubscribed = request.POST.get("action") != "resubscribe"
    return render(
        request,
        "okportal/unsubscribe.html",
        {"topic": unsubscribe.describe(topic), "unsubscribed": bool(unsubscribed)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def mail_preferences(request):
    """The person's choice of non-essential mail, for their account's address."""
    topics = unsubscribe.topics_for(request.user)
    address = request.user.email
    if request.method == "POST":
        wanted = set(request.POST.getlist("topic"))
        for topic in topics:
            if topic in wanted:
                unsubscribe.opt_in(address, topic)
            else:
                unsubscribe.opt_out(address, topic)
        messages.success(request, _("Your choice of e-mail is saved."))
        return redirect("mail_preferences")
    off = set(MailOptOut.objects.filter(email__iexact=address).values_list("topic", flat=True))
    choices = [
        {"topic": topic, "label": unsubscribe.describe(topic), "on": topic not in off}
        for topic in topics
    ]
    return render(request, "okportal/mail_preferences.html", {"choices": choices})
