from django.urls import path

from . import views

app_name = "invitations"

urlpatterns = [
    path("svar/<str:token>/", views.answer, name="answer"),
    path("justera/<str:token>/", views.adjust, name="adjust"),
    path("mina-moten/", views.my_meetings, name="my_meetings"),
    path("moten/<slug:slug>/bjud-in/", views.invite, name="invite"),
]
