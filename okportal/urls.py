from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from . import views
from .apps import start_page
from .page_cache import cached_public_page

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
]

urlpatterns += i18n_patterns(
    path("", cached_public_page(start_page)(views.HomeView.as_view()), name="home"),
    path("tillganglighet/", views.AccessibilityView.as_view(), name="accessibility"),
    path("integritet/", views.PrivacyView.as_view(), name="privacy"),
    path("avregistrera/<str:token>/", views.unsubscribe_view, name="unsubscribe"),
    path("utskick/", views.mail_preferences, name="mail_preferences"),
    path("", include("organisations.urls")),
    path("", include("dialogues.urls")),
    path("", include("agreements.urls")),
    path("", include("invitations.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)

admin.site.index_title = _("Coordination")
