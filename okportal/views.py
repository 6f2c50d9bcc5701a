from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from . import health


class HomeView(TemplateView):
    template_name = "okportal/home.html"


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
