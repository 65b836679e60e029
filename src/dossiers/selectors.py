"""Reads for the dossier pages. Each applies visibility (``permissions.visible_dossiers_q``) and
loads what the page shows in a fixed number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from common.visibility import Viewer
from councils.models import Council

from . import links as link_registry
from .models import (
    DocumentVersion,
    Dossier,
    DossierDocument,
    DossierLink,
    DossierStatus,
    DossierUpdate,
    Follow,
)
from .permissions import visible_dossiers_q


@dataclass
class ListFilters:
    status: str = ""
    onderwerp: str = ""
    regeling: str = ""
    council_id: int | None = None
    mine: bool = False
    followed: bool = False


def _with_followed(qs: QuerySet, user_id: int | None) -> QuerySet:
    return qs.annotate(
        is_followed=Exists(Follow.objects.filter(dossier=OuterRef("pk"), user_id=user_id))
    )


def dossier_list(viewer: Viewer, filters: ListFilters | None = None) -> QuerySet[Dossier]:
    filters = filters or ListFilters()
    qs = Dossier.objects.filter(visible_dossiers_q(viewer))
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.onderwerp:
        qs = qs.filter(onderwerp=filters.onderwerp)
    if filters.regeling:
        qs = qs.filter(regeling=filters.regeling)
    if filters.council_id:
        qs = qs.filter(_involves([filters.council_id]))
    if filters.mine:
        qs = qs.filter(_involves(viewer.council_ids))
    if filters.followed:
        qs = qs.filter(follows__user_id=viewer.user_id)
    return (
        _with_followed(qs, viewer.user_id)
        .select_related("council", "owner")
        .prefetch_related("councils")
        .order_by("-changed_at", "-id")
    )


def _involves(council_ids) -> Q:
    ids = list(council_ids)
    return Q(council_id__in=ids) | Q(
        id__in=Dossier.councils.through.objects.filter(council_id__in=ids).values("dossier_id")
    )


def dossier_detail(viewer: Viewer, pk: int) -> Dossier | None:
    """The dossier if the viewer may see it, with its councils, owner and follow state."""
    qs = Dossier.objects.filter(pk=pk).filter(visible_dossiers_q(viewer))
    return (
        _with_followed(qs, viewer.user_id)
        .select_related("council", "owner")
        .prefetch_related(Prefetch("councils", queryset=Council.objects.order_by("name")))
        .first()
    )


def dossier_timeline(dossier: Dossier) -> QuerySet[DossierUpdate]:
    return (
        DossierUpdate.objects.filter(dossier=dossier)
        .select_related("author", "version__document")
        .order_by("-at", "-id")
    )


def dossier_documents(dossier: Dossier) -> list[DossierDocument]:
    """The documents with every version, newest version first."""
    return list(
        DossierDocument.objects.filter(dossier=dossier)
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=DocumentVersion.objects.select_related("uploaded_by").order_by("-number"),
            )
        )
        .order_by("title", "id")
    )


@dataclass
class Links:
    shown: list  # (DossierLink, url, kind label) the viewer may open
    hidden: int  # how many the viewer may not open
    urls: dict  # link pk → url, for the timeline


def dossier_links(viewer: Viewer, dossier: Dossier) -> Links:
    links = list(DossierLink.objects.filter(dossier=dossier).order_by("kind", "-added_at"))
    urls = link_registry.openable(viewer, links)
    kinds = link_registry.link_kinds()
    shown = [(link, urls[link.pk], kinds[link.kind].label) for link in links if link.pk in urls]
    return Links(shown=shown, hidden=len(links) - len(shown), urls=urls)


def version_for_download(viewer: Viewer, dossier_pk: int, version_pk: int):
    """A version of a document in a dossier the viewer may see, or None."""
    return (
        DocumentVersion.objects.filter(pk=version_pk, document__dossier_id=dossier_pk)
        .filter(visible_dossiers_q(viewer, prefix="document__dossier__"))
        .select_related("document")
        .first()
    )


def similar_dossiers(viewer: Viewer, text: str, *, limit: int = 5) -> list[Dossier]:
    """Existing dossiers from every district, that the viewer may see, sharing words with
    ``text`` (a title and summary being typed): best match first."""
    from sitesearch.query import similar
    from sitesearch.text import STOP_WORDS, query_words

    # Any shared word counts here, so words that say nothing about a subject are left out.
    words = [w for w in query_words(text or "") if w not in STOP_WORDS]
    if not words:
        return []
    entries = similar(viewer, " ".join(words), kind="dossier", limit=limit)
    order = {int(e.key): i for i, e in enumerate(entries) if e.key.isdigit()}
    if not order:
        return []
    found = (
        _with_followed(
            Dossier.objects.filter(pk__in=order).filter(visible_dossiers_q(viewer)),
            viewer.user_id,
        )
        .select_related("council")
        .prefetch_related("councils")
    )
    return sorted(found, key=lambda d: order[d.pk])


def elsewhere_updates(viewer: Viewer) -> QuerySet[DossierUpdate]:
    """Recent updates in dossiers of other councils that the viewer may see."""
    return (
        DossierUpdate.objects.filter(visible_dossiers_q(viewer, prefix="dossier__"))
        .exclude(dossier__council_id__in=viewer.council_ids)
        .select_related("dossier__council", "version__document")
        .order_by("-at", "-id")
    )


def dashboard_dossiers(viewer: Viewer, *, days: int = 14, followed: int = 5, elsewhere: int = 3):
    """For "Mijn overzicht", in one query: followed dossiers that changed lately, and the
    dossiers of other councils that changed last. Followed ones come first in the query, so a
    busy week elsewhere cannot push them out."""
    since = timezone.now() - datetime.timedelta(days=days)
    rows = list(
        _with_followed(Dossier.objects.filter(visible_dossiers_q(viewer)), viewer.user_id)
        .filter(Q(is_followed=True, changed_at__gte=since) | ~Q(council_id__in=viewer.council_ids))
        .select_related("council")
        .order_by("-is_followed", "-changed_at", "-id")[: followed + elsewhere + 30]
    )
    changed = [d for d in rows if d.is_followed and d.changed_at >= since][:followed]
    shown = {d.pk for d in changed}
    others = sorted(
        (d for d in rows if d.pk not in shown and d.council_id not in viewer.council_ids),
        key=lambda d: (d.changed_at, d.pk),
        reverse=True,
    )[:elsewhere]
    return changed, others


def council_choices() -> list[tuple[int, str]]:
    return list(
        Council.objects.filter(is_active=True).order_by("kind", "name").values_list("pk", "name")
    )


def dossier_choices(viewer: Viewer) -> QuerySet[Dossier]:
    """Open dossiers the viewer may see: the choice list where other apps link to a dossier
    (a signal's triage, an agenda item)."""
    return (
        Dossier.objects.filter(visible_dossiers_q(viewer), status=DossierStatus.OPEN)
        .select_related("council")
        .order_by("title", "id")
    )


def dossiers_linking(viewer: Viewer, kind: str, object_id) -> list[Dossier]:
    """The dossiers the viewer may see that hold a link to this meeting, signal or advice."""
    return list(
        Dossier.objects.filter(visible_dossiers_q(viewer))
        .filter(links__kind=kind, links__object_id=str(object_id))
        .distinct()
        .order_by("title")
    )
