"""The portal's addresses plus one whose view fails, to see the 500 page."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import path

from okportal.urls import urlpatterns as portal_urlpatterns


def failing_view(request):
    raise RuntimeError("a bug in a view")


urlpatterns = [
    *i18n_patterns(path("fel/", failing_view), prefix_default_language=False),
    *portal_urlpatterns,
]
