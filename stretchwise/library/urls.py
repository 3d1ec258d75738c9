from django.urls import path

from stretchwise.library import views

app_name = "library"
urlpatterns = [
    path("", views.library_home, name="home"),
    path("stretches/<slug:slug>/", views.stretch_detail, name="stretch"),
    path("conditions/", views.catalogue_page, {"catalogue": "conditions"}, name="conditions"),
    path(
        "conditions/<slug:slug>/", views.entry_page, {"catalogue": "conditions"}, name="condition"
    ),
    path("techniques/", views.catalogue_page, {"catalogue": "techniques"}, name="techniques"),
    path(
        "techniques/<slug:slug>/", views.entry_page, {"catalogue": "techniques"}, name="technique"
    ),
    path(
        "safety/",
        views.catalogue_page,
        {"catalogue": "contraindications"},
        name="contraindications",
    ),
    path(
        "safety/<slug:slug>/",
        views.entry_page,
        {"catalogue": "contraindications"},
        name="contraindication",
    ),
    path("references/", views.catalogue_page, {"catalogue": "references"}, name="references"),
]
