from django.urls import include, path

urlpatterns = [
    path("", include("stretchwise.clinics.urls")),
    path("", include("stretchwise.clients.urls")),
    path("", include("stretchwise.visits.urls")),
    path("", include("stretchwise.screening.urls")),
    path("", include("stretchwise.assessment.urls")),
    path("", include("stretchwise.plans.urls")),
    path("", include("stretchwise.audit.urls")),
    path("accounts/", include("stretchwise.accounts.urls")),
    path("library/", include("stretchwise.library.urls")),
    path("", include("stretchwise.api.urls")),
]

handler400 = "stretchwise.errors.bad_request"
handler403 = "stretchwise.errors.permission_denied"
handler404 = "stretchwise.errors.page_not_found"
handler500 = "stretchwise.errors.server_error"
