"""URLs of the author part of the surveys app: the questionnaires page, a questionnaire's page,
and the asker's pages to write, publish, close and renew one."""

from __future__ import annotations

from django.urls import path

from .views import author

P = "vragenlijsten/"

urlpatterns = [
    path(P, author.index, name="index"),
    path(f"{P}nieuw/", author.create, name="create"),
    path(f"{P}<int:pk>/", author.detail, name="detail"),
    path(f"{P}<int:pk>/bewerken/", author.edit, name="edit"),
    path(f"{P}<int:pk>/publiceren/", author.publish, name="publish"),
    path(f"{P}<int:pk>/sluiten/", author.close, name="close"),
    path(f"{P}<int:pk>/nieuwe-versie/", author.new_version, name="new_version"),
    path(f"{P}<int:pk>/deel/nieuw/", author.section_create, name="section_add"),
    path(f"{P}deel/<int:pk>/bewerken/", author.section_edit, name="section_edit"),
    path(f"{P}deel/<int:pk>/verwijderen/", author.section_remove, name="section_delete"),
    path(f"{P}deel/<int:pk>/verplaatsen/", author.section_reorder, name="section_move"),
    path(f"{P}<int:pk>/vraag/nieuw/", author.question_create, name="question_add"),
    path(f"{P}vraag/<int:pk>/bewerken/", author.question_edit, name="question_edit"),
    path(f"{P}vraag/<int:pk>/verwijderen/", author.question_remove, name="question_delete"),
    path(f"{P}vraag/<int:pk>/verplaatsen/", author.question_reorder, name="question_move"),
]
