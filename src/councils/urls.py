from django.urls import path

from . import views

app_name = "councils"
urlpatterns = [
    path("mijn/ledenoverzicht/", views.directory, name="directory"),
    path("mijn/raad/<slug:slug>/", views.council_members, name="members"),
    path(
        "mijn/raad/<slug:slug>/uitnodiging/<int:pk>/intrekken/",
        views.invitation_revoke_view,
        name="invitation_revoke",
    ),
    path("raden/zoek/", views.postcode_lookup, name="postcode_lookup"),
]
