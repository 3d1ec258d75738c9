from django.apps import AppConfig


class VisitsConfig(AppConfig):
    name = "stretchwise.visits"
    default_auto_field = "django.db.models.BigAutoField"
