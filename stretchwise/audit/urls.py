from django.urls import path

from stretchwise.audit import views

app_name = "audit"
urlpatterns = [
    path("access-log/", views.access_log, name="log"),
    path("access-log.csv", views.access_log_csv, name="csv"),
]
