from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("mijn/", views.dashboard, name="dashboard"),
    path("uitnodiging/<str:token>/", views.invitation_accept_view, name="invitation_accept"),
]
