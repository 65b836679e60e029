"""Reads for the dossier pages. Each applies visibility (``permissions.visible_dossiers_q``) and
loads what the page shows in a fixed number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    Window,
)
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.translation import gettext as _

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


def updates_for_viewer(
    viewer: Viewer, updates, *, resolve: link_registry.OpenableCache | None = None
) -> list[DossierUpdate]:
    """Timeline lines as ``viewer`` may read them. A link line names what was linked (a
    meeting's title, a signal's reference and themes, an advice's title), so it says so only to
    whom may open that object, by the same rule as its own page and as "Gekoppeld"; to anyone
    else it is a neutral line. Sets ``link_url`` (empty when not to be opened from here) and, for
    a hidden line, replaces ``text`` on the object in memory (lines are never saved again).
    One query per kind of linked object (none for objects ``resolve`` already looked up)."""
    updates = list(updates)
    lines = [u for u in updates if u.kind == DossierUpdate.Kind.LINK]
    pairs = {(u.link_kind, u.link_object_id) for u in lines if u.link_kind}
    urls = resolve(pairs) if resolve is not None else link_registry.openable_objects(viewer, pairs)
    for update in updates:
        update.link_url = ""
        if update.kind != DossierUpdate.Kind.LINK:
            continue
        url = urls.get((update.link_kind, update.link_object_id))
        if url is None:
            update.text = _("Een koppeling die u niet kunt openen.")
        elif update.link_id is not None:  # a removed link is not opened from its line
            update.link_url = url
    return updates


def dossier_timeline(
    viewer: Viewer,
    dossier: Dossier,
    *,
    page=None,
    per_page: int = 20,
    resolve: link_registry.OpenableCache | None = None,
) -> Page:
    """One page of the dossier's timeline, newest first, as the viewer may read it."""
    updates = (
        DossierUpdate.objects.filter(dossier=dossier)
        .select_related("author", "version__document")
        .order_by("-at", "-id")
    )
    timeline = Paginator(updates, per_page).get_page(page)
    timeline.object_list = updates_for_viewer(viewer, timeline.object_list, resolve=resolve)
    return timeline


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
    urls: dict  # link pk → url


def dossier_links(
    viewer: Viewer, dossier: Dossier, *, resolve: link_registry.OpenableCache | None = None
) -> Links:
    links = list(DossierLink.objects.filter(dossier=dossier).order_by("kind", "-added_at"))
    urls = link_registry.openable(viewer, links, resolve=resolve)
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


# "Wat speelt er elders": the newest lines of each dossier, so one busy dossier cannot fill the
# page and push the news of other councils out.
ELSEWHERE_PER_DOSSIER = 2


def _own_work_q(viewer: Viewer, prefix: str = "") -> Q:
    """Dossiers the viewer's own councils lead or joined: their own work, not news from
    elsewhere. Matches nothing for a viewer on no council."""
    if not viewer.council_ids:
        return Q(pk__in=[])
    return Q(**{f"{prefix}council_id__in": viewer.council_ids}) | Q(
        **{
            f"{prefix}id__in": Dossier.councils.through.objects.filter(
                council_id__in=viewer.council_ids
            ).values("dossier_id")
        }
    )


def elsewhere_updates(viewer: Viewer, *, page=None, per_page: int = 25) -> Page:
    """One page of recent updates in dossiers of other councils that the viewer may see, each
    line as the viewer may read it (``updates_for_viewer``). Dossiers the viewer's councils
    lead or joined are left out, and each dossier gives at most its newest
    ``ELSEWHERE_PER_DOSSIER`` lines."""
    updates = (
        DossierUpdate.objects.filter(visible_dossiers_q(viewer, prefix="dossier__"))
        .exclude(_own_work_q(viewer, prefix="dossier__"))
        .annotate(
            nth=Window(
                RowNumber(),
                partition_by=[F("dossier_id")],
                order_by=[F("at").desc(), F("id").desc()],
            )
        )
        .filter(nth__lte=ELSEWHERE_PER_DOSSIER)
        .select_related("dossier__council", "version__document")
        .order_by("-at", "-id")
    )
    found = Paginator(updates, per_page).get_page(page)
    found.object_list = updates_for_viewer(viewer, found.object_list)
    return found


def dashboard_dossiers(viewer: Viewer, *, days: int = 14, followed: int = 5, elsewhere: int = 3):
    """For "Mijn overzicht", in one query: followed dossiers that changed lately, and the
    dossiers of other councils that changed last. Followed ones come first in the query, so a
    busy week elsewhere cannot push them out."""
    since = timezone.now() - datetime.timedelta(days=days)
    rows = list(
        _with_followed(Dossier.objects.filter(visible_dossiers_q(viewer)), viewer.user_id)
        .annotate(
            is_own=ExpressionWrapper(_own_work_q(viewer), output_field=BooleanField())
            if viewer.council_ids
            else Value(False)
        )
        .filter(Q(is_followed=True, changed_at__gte=since) | Q(is_own=False))
        .select_related("council")
        .order_by("-is_followed", "-changed_at", "-id")[: followed + elsewhere + 30]
    )
    changed = [d for d in rows if d.is_followed and d.changed_at >= since][:followed]
    shown = {d.pk for d in changed}
    # Like "Wat speelt er elders": not the dossiers the viewer's councils lead or joined.
    others = sorted(
        (d for d in rows if d.pk not in shown and not d.is_own),
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
