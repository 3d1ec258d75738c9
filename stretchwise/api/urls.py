from django.urls import path

from stretchwise.api.api import api

urlpatterns = [path("api/v1/", api.urls)]
