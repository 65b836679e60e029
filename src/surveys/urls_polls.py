"""URLs of the polls part of the surveys app: date polls (prikpeilingen)."""

from __future__ import annotations

from django.urls import path

from .views import polls as views

urlpatterns = [
    path("prikpeilingen/", views.polls, name="polls"),
    path("prikpeilingen/nieuw/", views.poll_create_view, name="poll_create"),
    path("prikpeilingen/<int:pk>/", views.poll_view, name="poll"),
    path(
        "prikpeilingen/<int:pk>/kiezen/<int:option_pk>/",
        views.poll_choose_view,
        name="poll_choose",
    ),
]
