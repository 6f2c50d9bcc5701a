from django.urls import path

from .views import directory, groups, personal_data, registration, representatives

app_name = "organisations"

urlpatterns = [
    path("organisationer/", directory.directory, name="directory"),
    path("organisationer/registrera/", registration.register, name="register"),
    path(
        "organisationer/inbjudan/<uuid:token>/",
        representatives.accept_invitation,
        name="accept_invitation",
    ),
    path("organisationer/<slug:slug>/", directory.OrganisationDetailView.as_view(), name="detail"),
    path("organisationer/<slug:slug>/redigera/", registration.edit, name="edit"),
    path(
        "organisationer/<slug:slug>/representanter/",
        representatives.representatives,
        name="representatives",
    ),
    path("organisationer/<slug:slug>/lamna/", representatives.leave, name="leave"),
    path("arbetsgrupper/", groups.GroupListView.as_view(), name="groups"),
    path("arbetsgrupper/<slug:slug>/", groups.group_detail, name="group_detail"),
    path("arbetsgrupper/<slug:slug>/ansok/", groups.join, name="group_join"),
    path("arbetsgrupper/<slug:slug>/ansokningar/", groups.requests, name="group_requests"),
    path("arbetsgrupper/<slug:slug>/lamna/<int:pk>/", groups.leave, name="group_leave"),
    path("mina-uppgifter/", personal_data.my_data, name="my_data"),
    path("mina-uppgifter/export/", personal_data.export, name="my_data_export"),
    path("mina-uppgifter/samtycke/<int:pk>/", personal_data.consent, name="consent"),
    path("mina-uppgifter/radera/", personal_data.delete_account, name="delete_account"),
]
