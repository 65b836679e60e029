from django.urls import path

from .views import actions, dossiers, elsewhere

app_name = "dossiers"
urlpatterns = [
    path("", dossiers.dossier_index, name="index"),
    path("nieuw/", dossiers.dossier_start, name="start"),
    path("vergelijkbaar/", dossiers.dossier_similar, name="similar"),
    path("elders/", elsewhere.elsewhere, name="elsewhere"),
    path("e-mail/", elsewhere.digest_preference, name="digest"),
    path("<int:pk>/", dossiers.dossier_view, name="detail"),
    path("<int:pk>/bewerken/", actions.dossier_edit, name="edit"),
    path("<int:pk>/status/", actions.dossier_status, name="status"),
    path("<int:pk>/meedoen/", actions.dossier_join, name="join"),
    path("<int:pk>/stoppen/", actions.dossier_leave, name="leave"),
    path("<int:pk>/volgen/", actions.dossier_follow, name="follow"),
    path("<int:pk>/niet-volgen/", actions.dossier_unfollow, name="unfollow"),
    path("<int:pk>/notitie/", actions.note_add, name="note_add"),
    path("<int:pk>/stukken/", actions.document_add, name="document_add"),
    path("<int:pk>/stukken/versie/", actions.version_add, name="version_add"),
    path(
        "<int:pk>/stukken/<int:version_pk>/download/",
        dossiers.version_download,
        name="download",
    ),
    path("<int:pk>/koppelingen/", actions.link_add, name="link_add"),
    path("<int:pk>/koppelingen/<int:link_pk>/weghalen/", actions.link_remove, name="link_remove"),
]
