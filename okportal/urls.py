from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from search import views as search_views
from search.sitemaps import SITEMAPS

from . import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", search_views.robots_txt, name="robots"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
]

urlpatterns += i18n_patterns(
    path("", views.start_page(views.HomeView.as_view()), name="home"),
    path("tillganglighet/", views.AccessibilityView.as_view(), name="accessibility"),
    path("integritet/", views.PrivacyView.as_view(), name="privacy"),
    path("avregistrera/<str:token>/", views.unsubscribe_view, name="unsubscribe"),
    path("utskick/", views.mail_preferences, name="mail_preferences"),
    path("", include("organisations.urls")),
    path("", include("dialogues.urls")),
    path("", include("agreements.urls")),
    path("", include("search.urls")),
    path("", include("api.urls")),
    path("", include("invitations.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)

admin.site.index_title = _("Coordination")
