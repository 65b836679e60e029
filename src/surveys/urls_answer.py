"""URLs of the answer part of the surveys app."""

from __future__ import annotations

from django.urls import path

from .views import answer

urlpatterns: list = [
    path("vragenlijsten/<int:pk>/invullen/", answer.answer, name="answer"),
]
