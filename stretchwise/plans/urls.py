from django.urls import path

from stretchwise.plans import views

app_name = "plans"
urlpatterns = [
    path("clients/<uuid:client_id>/plan/", views.plan, name="plan"),
    path("clients/<uuid:client_id>/plan/swap/", views.swap, name="swap"),
    path("clients/<uuid:client_id>/plan/dose/", views.dose, name="dose"),
    path("clients/<uuid:client_id>/plan/home.pdf", views.handout, name="handout"),
    path("me/<uuid:client_id>/home-programme/", views.portal_home, name="portal-home"),
]
