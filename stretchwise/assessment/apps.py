from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "stretchwise.assessment"
    default_auto_field = "django.db.models.BigAutoField"
