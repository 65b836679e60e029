"""URLs of the results part of the surveys app."""

from __future__ import annotations

from django.urls import path

from .views import results

urlpatterns: list = [
    path("vragenlijsten/<int:pk>/resultaten/", results.results, name="results"),
    path(
        "vragenlijsten/<int:pk>/resultaten/zichtbaarheid/",
        results.results_visibility,
        name="results_visibility",
    ),
    path(
        "vragenlijsten/<int:pk>/resultaten/vraag/<int:qid>/",
        results.results_question,
        name="results_question",
    ),
    path(
        "vragenlijsten/<int:pk>/resultaten/vraag/<int:qid>/thema/",
        results.results_theme_create,
        name="results_theme_create",
    ),
    path("vragenlijsten/<int:pk>/openbaar-maken/", results.results_publish, name="results_publish"),
    path("uitkomsten-vragenlijsten/", results.public_results_index, name="public_results_index"),
    path("uitkomsten-vragenlijsten/<int:pk>/", results.public_results, name="public_results"),
]
