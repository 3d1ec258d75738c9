from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "stretchwise.accounts"
    default_auto_field = "django.db.models.BigAutoField"
