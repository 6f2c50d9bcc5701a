from django.urls import path

from . import views

app_name = "search"

urlpatterns = [
    path("sok/", views.search_page, name="search"),
    path("teman/", views.theme_list, name="themes"),
    path("teman/<slug:slug>/", views.theme_detail, name="theme"),
]
