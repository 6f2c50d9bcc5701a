from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from agreements.models import Meeting, Phase, current_agreement
from dialogues.models import DialogueEvent

from . import health
from .page_cache import CachedPage

# Five minutes at most, since meetings stop being coming by the clock.
start_page = CachedPage(
    "okportal:start",
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
