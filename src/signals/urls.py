from django.urls import path

from . import views

app_name = "signals"
urlpatterns = [
    path("signaal/", views.signal_create, name="create"),
    path("signaal/ontvangen/", views.signal_received, name="received"),
    path("signaal/status/<str:token>/", views.signal_client_status, name="client_status"),
    path("mijn/signalen/", views.signal_index, name="index"),
    path("mijn/signalen/trends/", views.signal_trends, name="trends"),
    path("mijn/signalen/trends.csv", views.signal_trends_export, {"fmt": "csv"}, name="trends_csv"),
    path(
        "mijn/signalen/trends.xlsx",
        views.signal_trends_export,
        {"fmt": "xlsx"},
        name="trends_xlsx",
    ),
    path("mijn/signalen/<str:reference>/", views.signal_view, name="detail"),
    path("mijn/signalen/<str:reference>/status/", views.signal_status, name="status"),
    path("mijn/signalen/<str:reference>/thema/", views.signal_theme, name="theme"),
    path("mijn/signalen/<str:reference>/doorsturen/", views.signal_reroute_view, name="reroute"),
    path("mijn/signalen/<str:reference>/groeperen/", views.signal_group_view, name="group"),
    path("mijn/signalen/<str:reference>/contact/", views.signal_private, name="private"),
]
