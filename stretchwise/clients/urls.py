from django.urls import path

from stretchwise.clients import views

app_name = "clients"
urlpatterns = [
    path("clients/", views.client_list, name="list"),
    path("clients/new/", views.client_create, name="create"),
    path("clients/<uuid:client_id>/", views.client_detail, name="detail"),
    path("clients/<uuid:client_id>/edit/", views.client_edit, name="edit"),
    path("clients/<uuid:client_id>/archive/", views.client_archive, name="archive"),
    path("clients/<uuid:client_id>/restore/", views.client_restore, name="restore"),
    path("clients/<uuid:client_id>/care-team/", views.care_team, name="care-team"),
    path("clients/<uuid:client_id>/portal-access/", views.portal_access, name="portal-access"),
    path(
        "clients/<uuid:client_id>/portal-access/<uuid:user_id>/revoke/",
        views.portal_revoke,
        name="portal-revoke",
    ),
    path(
        "clients/<uuid:client_id>/consents/<str:kind>/new/", views.consent_new, name="consent-new"
    ),
    path(
        "clients/<uuid:client_id>/consents/<uuid:consent_id>/withdraw/",
        views.consent_withdraw,
        name="consent-withdraw",
    ),
    path("me/", views.portal, name="portal"),
    path("me/<uuid:client_id>/", views.portal_record, name="portal-record"),
]
