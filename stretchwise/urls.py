from django.urls import include, path

urlpatterns = [
    path("", include("stretchwise.clinics.urls")),
    path("", include("stretchwise.clients.urls")),
    path("", include("stretchwise.visits.urls")),
    path("accounts/", include("stretchwise.accounts.urls")),
]
