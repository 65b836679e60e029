from __future__ import annotations

from django.urls import path, register_converter

from .views import activities as views


class YearConverter:
    regex = "[0-9]{4}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return f"{int(value):04d}"


class MonthConverter:
    """Always two digits (``/agenda/maand/2026/03/``), so a month has one address."""

    regex = "[0-9]{2}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return f"{int(value):02d}"


# Names of our own, so they cannot clash with a converter another part registers.
register_converter(YearConverter, "agenda_yyyy")
register_converter(MonthConverter, "agenda_mm")

urlpatterns = [
    path("agenda/", views.activity_index, name="activities"),
    path(
        "agenda/maand/<agenda_yyyy:year>/<agenda_mm:month>/",
        views.activity_month_view,
        name="activity_month",
    ),
    path("agenda/nieuw/", views.activity_create_view, name="activity_create"),
    path("agenda/activiteit/<int:pk>/", views.activity_view, name="activity"),
    path(
        "agenda/activiteit/<int:pk>/aanmelden/",
        views.activity_sign_up_view,
        name="activity_sign_up",
    ),
    path(
        "agenda/activiteit/<int:pk>/afmelden/",
        views.activity_sign_off_view,
        name="activity_sign_off",
    ),
    path(
        "agenda/activiteit/<int:pk>/wat-ik-nodig-heb/",
        views.activity_needs_view,
        name="activity_needs",
    ),
    path(
        "agenda/activiteit/<int:pk>/deelnemers/",
        views.activity_participants_page,
        name="activity_participants",
    ),
    path("agenda/activiteit/<int:pk>/wijzigen/", views.activity_edit_view, name="activity_edit"),
    path(
        "agenda/activiteit/<int:pk>/afgelasten/",
        views.activity_cancel_view,
        name="activity_cancel",
    ),
]
