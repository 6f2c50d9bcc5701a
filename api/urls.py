from django.urls import path
from drf_spectacular.views import SpectacularJSONAPIView

from . import views
from .freshness import conditional

app_name = "api"

V = views.conditional_views

urlpatterns = [
    path("api/", views.overview, name="overview"),
    path("api/openapi.json", conditional(SpectacularJSONAPIView.as_view()), name="schema"),
    path("api/organizations/", V["organizations"], name="organizations"),
    path("api/organizations.csv", views.organisations_csv, name="organizations_csv"),
    path("api/organizations/<slug:slug>/", V["organization"], name="organization"),
    path("api/groups/", V["groups"], name="groups"),
    path("api/groups/<slug:slug>/", V["group"], name="group"),
    path("api/memberships/", V["memberships"], name="memberships"),
    path("api/events/", V["events"], name="events"),
    path("api/events/<slug:slug>/", V["event"], name="event"),
    path("api/dialogue-events/", V["dialogue_events"], name="dialogue_events"),
    path("api/dialogue-events/<slug:slug>/", V["dialogue_event"], name="dialogue_event"),
    path("api/agreement/versions/", V["versions"], name="versions"),
    path("api/agreement/principles/", V["principles"], name="principles"),
    path("api/agreement/signatures/", V["signatures"], name="signatures"),
    path("api/agreement/signatures.csv", views.signatures_csv, name="signatures_csv"),
]
