from django.urls import path

from . import views, views_session

app_name = "accounts"
urlpatterns = [
    path("mijn/", views.dashboard, name="dashboard"),
    path("mijn/profiel/", views.profile, name="profile"),
    path("sessie/", views_session.session_status, name="session_status"),
    path("sessie/verlengen/", views_session.session_extend, name="session_extend"),
    path("uitnodiging/<str:token>/", views.invitation_accept_view, name="invitation_accept"),
]
