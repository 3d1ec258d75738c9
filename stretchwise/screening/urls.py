from django.urls import path

from stretchwise.screening import views

app_name = "screening"
urlpatterns = [
    path("clients/<uuid:client_id>/intake/", views.intake, name="intake"),
    path("clients/<uuid:client_id>/intake/draft/", views.intake_draft, name="intake-draft"),
    path("clients/<uuid:client_id>/clearance/", views.clearance, name="clearance"),
    path("clients/<uuid:client_id>/clearance/link/", views.issue_link, name="issue-link"),
    path("clients/<uuid:client_id>/clearance/document/", views.clearance_document, name="document"),
    path(
        "clients/<uuid:client_id>/clearance/document/<uuid:record_id>/scan/",
        views.document_attachment,
        name="document-scan",
    ),
    path("clients/<uuid:client_id>/clearance/review/", views.review, name="review"),
    path(
        "clients/<uuid:client_id>/clearance/restriction/",
        views.add_restriction,
        name="add-restriction",
    ),
    path(
        "clients/<uuid:client_id>/alerts/<uuid:alert_id>/acknowledge/",
        views.acknowledge_alert,
        name="alert-ack",
    ),
    path("clients/<uuid:client_id>/letter.pdf", views.letter, name="letter"),
    path("intake/<str:token>/", views.link_intake, name="link-intake"),
    path("intake/<str:token>/draft/", views.link_draft, name="link-draft"),
    path("me/<uuid:client_id>/intake/", views.portal_intake, name="portal-intake"),
    path("me/<uuid:client_id>/intake/draft/", views.portal_draft, name="portal-draft"),
]
