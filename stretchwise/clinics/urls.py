from django.urls import path

from stretchwise.clinics import views

app_name = "clinics"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("team/", views.team, name="team"),
    path("team/invite/", views.invite, name="invite"),
    path("team/<uuid:membership_id>/", views.edit_membership, name="membership"),
    path("settings/", views.clinic_settings, name="settings"),
    path("settings/branches/new/", views.add_branch, name="add-branch"),
    path("switch/", views.switch_clinic, name="switch"),
]
