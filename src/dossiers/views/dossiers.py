"""Views: the dossier list, starting a dossier (with similar ones shown first), a dossier's page
and its documents' downloads."""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from common.membercache import member_page
from common.taxonomy import label_name
from councils.models import Council
from councils.selectors import viewer_for

from .. import services
from ..forms import (
    DocumentForm,
    EditForm,
    FilterForm,
    LinkForm,
    NoteForm,
    StartForm,
    StatusForm,
    VersionForm,
)
from ..links import OpenableCache
from ..models import DossierStatus
from ..permissions import (
    can_contribute,
    can_follow,
    can_join,
    can_leave,
    can_manage_dossier,
    can_start_dossier,
    can_view_dossiers,
    involved_ids,
)
from ..selectors import (
    ListFilters,
    council_choices,
    dossier_detail,
    dossier_documents,
    dossier_links,
    dossier_list,
    dossier_timeline,
    similar_dossiers,
    version_for_download,
)

PER_PAGE = 20
TIMELINE_PER_PAGE = 20


def viewer_or_403(request, check):
    viewer = viewer_for(request.user)
    if not check(viewer):
        raise PermissionDenied
    return viewer


def dossier_or_404(request, pk: int):
    """The dossier and the viewer; 404 when it does not exist or the viewer may not see it."""
    viewer = viewer_or_403(request, can_view_dossiers)
    dossier = dossier_detail(viewer, pk)
    if dossier is None:
        raise Http404
    return viewer, dossier


def _themes(dossier) -> list[str]:
    return [
        label_name(axis, code)
        for axis, code in (("regeling", dossier.regeling), ("onderwerp", dossier.onderwerp))
        if code
    ]


@member_page
@login_required
@require_GET
def dossier_index(request):
    viewer = viewer_or_403(request, can_view_dossiers)
    form = FilterForm(request.GET or None, councils=council_choices())
    data = form.cleaned_data if form.is_valid() else {}
    filters = ListFilters(
        status=data.get("status") or "",
        onderwerp=data.get("onderwerp") or "",
        regeling=data.get("regeling") or "",
        council_id=data.get("raad"),
        mine=bool(data.get("mijn")),
        followed=bool(data.get("gevolgd")),
    )
    page = Paginator(dossier_list(viewer, filters), PER_PAGE).get_page(request.GET.get("pagina"))
    for dossier in page:
        dossier.themes = _themes(dossier)
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "dossiers/dossier_list.html",
        {
            "page": page,
            "form": form,
            "query": query.urlencode(),
            "can_start": can_start_dossier(viewer),
            "has_council": viewer.is_council_member,
        },
    )


def _similar_context(request, viewer, text: str) -> dict:
    found = similar_dossiers(viewer, text) if text.strip() else []
    own = viewer.council_ids
    for dossier in found:
        dossier.themes = _themes(dossier)
        dossier.viewer_can_join = can_join(viewer, dossier)
        dossier.viewer_involved = bool(involved_ids(dossier) & own)
    return {"similar": found, "searched": bool(text.strip())}


@login_required
@require_http_methods(["GET", "POST"])
def dossier_start(request):
    viewer = viewer_or_403(request, can_start_dossier)
    councils = Council.objects.filter(pk__in=viewer.council_ids).order_by("name")
    form = StartForm(request.POST or None, councils=councils)
    context = {"form": form, "similar": [], "searched": False, "ask_confirm": False}
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            context.update(_similar_context(request, viewer, f"{data['title']} {data['summary']}"))
            if context["similar"] and request.POST.get("confirmed") != "1":
                # Without JavaScript the member sees the similar dossiers here, before anything
                # is saved, and chooses: join one, or start anyway.
                context["ask_confirm"] = True
                return render(request, "dossiers/dossier_start.html", context, status=200)
            try:
                dossier = services.dossier_start(
                    actor=request.user,
                    council=data["council"],
                    title=data["title"],
                    summary=data["summary"],
                    regeling=data["regeling"],
                    onderwerp=data["onderwerp"],
                    visibility=data["visibility"],
                )
            except services.DossierError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Het dossier is gestart. U volgt het."))
                return redirect(dossier)
    return render(request, "dossiers/dossier_start.html", context, status=status)


@login_required
@require_GET
def dossier_similar(request):
    """The list of similar dossiers while a member types (htmx), also usable on its own."""
    viewer = viewer_or_403(request, can_start_dossier)
    text = f"{request.GET.get('title', '')} {request.GET.get('summary', '')}"[:2000]
    context = _similar_context(request, viewer, text)
    context["live"] = True
    return render(request, "dossiers/_similar.html", context)


def render_dossier(request, viewer, dossier, *, forms: dict | None = None, status: int = 200):
    forms = forms or {}
    contributes = can_contribute(viewer, dossier)
    manages = can_manage_dossier(viewer, dossier)
    documents = dossier_documents(dossier)
    # "Gekoppeld" and the timeline's link lines name mostly the same objects: look each up once.
    resolve = OpenableCache(viewer)
    links = dossier_links(viewer, dossier, resolve=resolve)
    timeline = dossier_timeline(
        viewer,
        dossier,
        page=request.GET.get("tijdlijn"),
        per_page=TIMELINE_PER_PAGE,
        resolve=resolve,
    )
    joinable = can_join(viewer, dossier)
    context = {
        "dossier": dossier,
        "viewer": viewer,
        "themes": _themes(dossier),
        "involved": [dossier.council, *dossier.councils.all()],
        "documents": documents,
        "linked": links,
        "timeline": timeline,
        "can_contribute": contributes,
        "can_manage": manages,
        "can_join": joinable,
        "can_leave": can_leave(viewer, dossier),
        "can_follow": can_follow(viewer, dossier),
        "page_errors": [],
    }
    if joinable:
        context["join_councils"] = list(
            Council.objects.filter(pk__in=services.join_candidates(viewer, dossier)).order_by(
                "name"
            )
        )
    if contributes:
        context.update(
            note_form=forms.get("note") or NoteForm(),
            document_form=forms.get("document") or DocumentForm(),
            version_form=forms.get("version") or VersionForm(dossier=dossier),
            link_form=forms.get("link") or LinkForm(),
        )
    if manages:
        context.update(
            edit_form=forms.get("edit")
            or EditForm(
                dossier=dossier,
                initial={
                    "title": dossier.title,
                    "summary": dossier.summary,
                    "regeling": dossier.regeling,
                    "onderwerp": dossier.onderwerp,
                    "visibility": dossier.visibility,
                    "councils": [c.pk for c in dossier.councils.all()],
                },
            ),
            status_form=forms.get("status")
            or StatusForm(
                initial={
                    "status": DossierStatus.OPEN
                    if dossier.status == DossierStatus.CLOSED
                    else DossierStatus.CLOSED
                }
            ),
        )
    # A refused action whose form is not on the page (the join button) still says why, at the top.
    rendered = ({"note", "document", "version", "link"} if contributes else set()) | (
        {"edit", "status"} if manages else set()
    )
    context["page_errors"] = [
        error
        for key, form in forms.items()
        if key not in rendered
        for errors in form.errors.values()
        for error in errors
    ]
    return render(request, "dossiers/dossier_detail.html", context, status=status)


def _missing(request, viewer):
    """Not there or not for this viewer: a visitor is asked to log in (as on every members'
    page, so nothing tells whether it exists), a logged-in person gets a 404."""
    if not viewer.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise Http404


@member_page
@require_GET
def dossier_view(request, pk: int):
    """A public dossier is open to everyone, other dossiers to who may see them."""
    viewer = viewer_for(request.user)
    dossier = dossier_detail(viewer, pk)
    if dossier is None:
        return _missing(request, viewer)
    return render_dossier(request, viewer, dossier)


@require_GET
def version_download(request, pk: int, version_pk: int):
    """Documents are never served from a public URL: each download checks that the viewer may
    see the dossier (a public one: everyone), and is not kept in any cache."""
    viewer = viewer_for(request.user)
    version = version_for_download(viewer, pk, version_pk)
    if version is None:
        return _missing(request, viewer)
    try:
        handle = version.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    suffix = Path(version.original_name or version.file.name).suffix.lower()
    filename = f"{slugify(version.document.title) or 'stuk'}-versie-{version.number}{suffix}"
    response = FileResponse(handle, as_attachment=True, filename=filename)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
