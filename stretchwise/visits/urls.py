from django.urls import path

from stretchwise.visits import views

app_name = "visits"
urlpatterns = [
    path("clients/<uuid:client_id>/visits/", views.visit_book, name="book"),
    path("visits/<uuid:visit_id>/status/", views.visit_status, name="status"),
]
