"""Dossiers and their documents' text in the search index, for those who may see the dossier."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from common.models import Visibility
from sitesearch.index import Document, register
from sitesearch.models import Audience

from .models import Dossier, DossierDocument
from .permissions import involved_ids


def dossier_audience(dossier: Dossier) -> dict:
    if dossier.visibility == Visibility.PUBLIC:
        return {"audience": Audience.PUBLIC}
    if dossier.visibility == Visibility.COUNCILS:
        return {"audience": Audience.MEMBERS_GROUPS}
    return {"audience": Audience.RESTRICTED, "councils": involved_ids(dossier)}


def build_dossier(dossier: Dossier) -> Document:
    return Document(
        title=dossier.title,
        body=dossier.summary,
        url=dossier.get_absolute_url(),
        date=dossier.changed_at,
        council_id=dossier.council_id,
        regeling=dossier.regeling,
        onderwerp=dossier.onderwerp,
        **dossier_audience(dossier),
    )


def build_document(document: DossierDocument) -> Document | None:
    version = document.current
    if version is None:
        return None
    dossier = document.dossier
    return Document(
        title=document.title,
        body=f"{version.original_name}\n{version.text}",
        url=reverse("dossiers:detail", args=[dossier.pk]) + f"#stuk-{document.pk}",
        date=version.uploaded_at,
        council_id=dossier.council_id,
        regeling=dossier.regeling,
        onderwerp=dossier.onderwerp,
        **dossier_audience(dossier),
    )


register(
    "dossier",
    label=_("Dossiers"),
    item_label=_("Dossier"),
    queryset=lambda: Dossier.objects.prefetch_related("councils"),
    build=build_dossier,
)
register(
    "document",
    label=_("Stukken in dossiers"),
    item_label=_("Stuk"),
    queryset=lambda: DossierDocument.objects.select_related("dossier").prefetch_related(
        "versions", "dossier__councils"
    ),
    build=build_document,
)
