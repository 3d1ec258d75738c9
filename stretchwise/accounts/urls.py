from django.urls import path

from stretchwise.accounts import views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.sign_in, name="sign-in"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("password-reset/", views.password_reset, name="password-reset"),
    path("password-reset/sent/", views.password_reset_sent, name="password-reset-sent"),
    path("choose-password/<uidb64>/<token>/", views.choose_password, name="choose-password"),
    path("choose-password/done/", views.password_chosen, name="password-chosen"),
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<uuid:token_id>/revoke/", views.token_revoke, name="token-revoke"),
]
