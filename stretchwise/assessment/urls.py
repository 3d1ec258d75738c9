from django.urls import path

from stretchwise.assessment import views

app_name = "assessment"
urlpatterns = [
    path("clients/<uuid:client_id>/assessment/", views.assessment, name="assessment"),
]
