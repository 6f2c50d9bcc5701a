from django.urls import path

from .feeds import DialogueEventFeed
from .views import barometer, public

app_name = "dialogues"

urlpatterns = [
    path("dialoger/", public.EventListView.as_view(), name="events"),
    path("dialoger/anteckning/<int:pk>/", public.note_permalink, name="note"),
    path("dialoger/dialoger.atom", DialogueEventFeed(), name="feed"),
    path("dialoger/<slug:slug>/", public.EventDetailView.as_view(), name="event"),
    path("dialoger/<slug:slug>/amnen/<int:pk>/", public.TopicDetailView.as_view(), name="topic"),
    path("dialoger/<slug:slug>/kallor/<int:pk>/", public.SourceDetailView.as_view(), name="source"),
    # The short address people type from the projector screen.
    path("b/<str:code>/", barometer.answer, name="barometer_answer"),
    path("b/<str:code>/visning/", barometer.projector, name="barometer_projector"),
    path("b/<str:code>/resultat.json", barometer.results, name="barometer_results"),
    path("b/<str:code>/oppna/", barometer.open_statement, name="barometer_open"),
    path("b/<str:code>/stang/", barometer.close_statement, name="barometer_close"),
]
