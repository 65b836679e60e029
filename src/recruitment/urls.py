from django.urls import path

from . import views

app_name = "recruitment"
urlpatterns = [
    path("word-raadslid/", views.index_view, name="index"),
    path("word-raadslid/aanmelden/", views.apply_view, name="apply"),
    path("word-raadslid/aanmelden/ontvangen/", views.received_view, name="received"),
    path("word-raadslid/<int:pk>/", views.vacancy_view, name="vacancy"),
    path("mijn/aanmeldingen/", views.application_list_view, name="applications"),
    path("mijn/aanmeldingen/cijfers/", views.figures_view, name="figures"),
    path("mijn/aanmeldingen/<int:pk>/", views.application_view, name="application"),
    path("mijn/aanmeldingen/<int:pk>/stand/", views.transition_view, name="transition"),
    path("mijn/aanmeldingen/<int:pk>/notitie/", views.note_view, name="note"),
    path("mijn/vacatures/", views.vacancy_list_view, name="vacancies"),
    path("mijn/vacatures/nieuw/", views.vacancy_create_view, name="vacancy_create"),
    path("mijn/vacatures/<int:pk>/", views.vacancy_edit_view, name="vacancy_edit"),
    path("mijn/startlijst/<int:pk>/", views.onboarding_step_view, name="onboarding_step"),
]
