from django.apps import AppConfig


class ClinicsConfig(AppConfig):
    name = "stretchwise.clinics"
    default_auto_field = "django.db.models.BigAutoField"
