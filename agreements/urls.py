from django.urls import path

from .views import agreement, consultation, feeds, meetings

app_name = "agreements"

urlpatterns = [
    path("overenskommelsen/", agreement.agreement_text, name="agreement"),
    path("overenskommelsen/principer/", agreement.principles, name="principles"),
    path("overenskommelsen/versioner/", agreement.versions, name="versions"),
    path("overenskommelsen/undertecknare/", agreement.signatories, name="signatories"),
    path("overenskommelsen/remiss/", consultation.consultation, name="consultation"),
    path("moten/", meetings.meeting_list, name="meeting_list"),
    path("moten/kalender.ics", feeds.calendar, name="calendar"),
    path("moten/kalender/<slug:slug>.ics", feeds.group_calendar, name="group_calendar"),
    path("moten/anteckningar.atom", feeds.MinutesFeed(), name="minutes_feed"),
    path("moten/<slug:slug>/", meetings.meeting_detail, name="meeting_detail"),
    path("moten/<slug:slug>/utskrift/", meetings.meeting_print, name="meeting_print"),
]
