"""Views: what members do on a dossier's page. Each POST checks, validates, calls one service;
a refused action shows the page again with the message and what was typed (400)."""

from __future__ import annotations

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from councils.models import Council
from councils.selectors import viewer_for

from .. import services
from ..forms import DocumentForm, EditForm, JoinForm, LinkForm, NoteForm, StatusForm, VersionForm
from ..models import DossierLink, DossierStatus
from ..permissions import can_contribute, can_follow, can_join, can_leave, can_manage_dossier
from .dossiers import dossier_or_404, render_dossier


def _dossier_action(request, pk, *, check, key, make_form, run, success, anchor=""):
    viewer, dossier = dossier_or_404(request, pk)
    if not check(viewer, dossier):
        raise PermissionDenied
    form = make_form(dossier)
    if form.is_valid():
        try:
            run(viewer, dossier, form.cleaned_data)
        except services.DossierError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, success)
            return redirect(dossier.get_absolute_url() + anchor)
    return render_dossier(request, viewer, dossier, forms={key: form}, status=400)


@login_required
@require_POST
def dossier_edit(request, pk: int):
    return _dossier_action(
        request,
        pk,
        check=can_manage_dossier,
        key="edit",
        make_form=lambda dossier: EditForm(request.POST, dossier=dossier),
        run=lambda viewer, dossier, data: services.dossier_edit(
            actor=request.user,
            dossier=dossier,
            title=data["title"],
            summary=data["summary"],
            regeling=data["regeling"],
            onderwerp=data["onderwerp"],
            visibility=data["visibility"],
            councils=list(data["councils"]),
        ),
        success=_("De gegevens van het dossier zijn opgeslagen."),
    )


@login_required
@require_POST
def dossier_status(request, pk: int):
    def success_message():
        return (
            _("Het dossier is afgerond.")
            if request.POST.get("status") == DossierStatus.CLOSED
            else _("Het dossier is weer open.")
        )

    return _dossier_action(
        request,
        pk,
        check=can_manage_dossier,
        key="status",
        make_form=lambda dossier: StatusForm(request.POST),
        run=lambda viewer, dossier, data: services.dossier_set_status(
            actor=request.user, dossier=dossier, status=data["status"], note=data["note"]
        ),
        success=success_message(),
    )


def _confirm(request, pk, *, check, candidates, template, action):
    """The page that asks "Weet u het zeker?" before joining or leaving a dossier, with the
    council it is about (chosen on the dossier's page, or a choice here)."""
    viewer, dossier = dossier_or_404(request, pk)
    if not check(viewer, dossier):
        raise PermissionDenied
    councils = list(Council.objects.filter(pk__in=candidates(viewer, dossier)).order_by("name"))
    chosen = next((c for c in councils if str(c.pk) == request.GET.get("council")), None)
    return render(
        request,
        template,
        {
            "dossier": dossier,
            "councils": councils,
            "council": chosen or (councils[0] if len(councils) == 1 else None),
            "involved": [dossier.council, *dossier.councils.all()],
            "action": action,
        },
    )


def _join_or_leave(request, pk, *, action, check, candidates, service, success):
    """GET asks "Weet u het zeker?"; POST does it, for the council chosen (one of the
    viewer's own)."""
    if request.method == "GET":
        return _confirm(
            request,
            pk,
            check=check,
            candidates=candidates,
            template="dossiers/dossier_join.html",
            action=action,
        )

    def make_form(dossier):
        return JoinForm(
            request.POST,
            councils=Council.objects.filter(pk__in=viewer_for(request.user).council_ids),
        )

    return _dossier_action(
        request,
        pk,
        check=check,
        key=action,
        make_form=make_form,
        run=lambda viewer, dossier, data: service(
            actor=request.user, dossier=dossier, council=data["council"]
        ),
        success=success,
    )


@login_required
@require_http_methods(["GET", "POST"])
def dossier_join(request, pk: int):
    return _join_or_leave(
        request,
        pk,
        action="join",
        check=can_join,
        candidates=services.join_candidates,
        service=services.dossier_join,
        success=_(
            "Uw raad doet nu mee met dit dossier. U volgt het. "
            "Was dat niet de bedoeling? Dan kunt u weer stoppen met meedoen."
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def dossier_leave(request, pk: int):
    """Undo joining."""
    return _join_or_leave(
        request,
        pk,
        action="leave",
        check=can_leave,
        candidates=services.leave_candidates,
        service=services.dossier_leave,
        success=_("Uw raad doet niet meer mee met dit dossier. U volgt het niet meer."),
    )


@login_required
@require_POST
def note_add(request, pk: int):
    return _dossier_action(
        request,
        pk,
        check=can_contribute,
        key="note",
        make_form=lambda dossier: NoteForm(request.POST),
        run=lambda viewer, dossier, data: services.dossier_note_add(
            actor=request.user, dossier=dossier, text=data["text"]
        ),
        success=_("De notitie staat in de tijdlijn."),
        anchor="#tijdlijn",
    )


@login_required
@require_POST
def document_add(request, pk: int):
    return _dossier_action(
        request,
        pk,
        check=can_contribute,
        key="document",
        make_form=lambda dossier: DocumentForm(request.POST, request.FILES),
        run=lambda viewer, dossier, data: services.document_add(
            actor=request.user, dossier=dossier, title=data["title"], file=data["file"]
        ),
        success=_("Het stuk is toegevoegd."),
        anchor="#stukken",
    )


@login_required
@require_POST
def version_add(request, pk: int):
    return _dossier_action(
        request,
        pk,
        check=can_contribute,
        key="version",
        make_form=lambda dossier: VersionForm(request.POST, request.FILES, dossier=dossier),
        run=lambda viewer, dossier, data: services.version_add(
            actor=request.user, document=data["document"], file=data["file"], note=data["note"]
        ),
        success=_("De nieuwe versie is toegevoegd. De oude versies blijven bewaard."),
        anchor="#stukken",
    )


@login_required
@require_POST
def link_add(request, pk: int):
    return _dossier_action(
        request,
        pk,
        check=can_contribute,
        key="link",
        make_form=lambda dossier: LinkForm(request.POST),
        run=lambda viewer, dossier, data: services.link_add(
            actor=request.user, dossier=dossier, kind=data["kind"], reference=data["reference"]
        ),
        success=_("De koppeling is toegevoegd."),
        anchor="#koppelingen",
    )


@login_required
@require_POST
def link_remove(request, pk: int, link_pk: int):
    viewer, dossier = dossier_or_404(request, pk)
    link = DossierLink.objects.filter(pk=link_pk, dossier=dossier).first()
    if link is None:
        raise Http404
    if not can_contribute(viewer, dossier):
        raise PermissionDenied
    services.link_remove(actor=request.user, link=link)
    messages.success(request, _("De koppeling is weggehaald."))
    return redirect(dossier.get_absolute_url() + "#koppelingen")


@login_required
@require_POST
def dossier_follow(request, pk: int):
    return _dossier_action(
        request,
        pk,
        check=can_follow,
        key="follow",
        make_form=lambda dossier: django_forms.Form(request.POST),
        run=lambda viewer, dossier, data: services.dossier_follow(
            user=request.user, dossier=dossier
        ),
        success=_("U volgt dit dossier. U krijgt e-mail als er iets verandert."),
    )


@login_required
@require_POST
def dossier_unfollow(request, pk: int):
    return _dossier_action(
        request,
        pk,
        check=can_follow,
        key="unfollow",
        make_form=lambda dossier: django_forms.Form(request.POST),
        run=lambda viewer, dossier, data: services.dossier_unfollow(
            user=request.user, dossier=dossier
        ),
        success=_("U volgt dit dossier niet meer."),
    )
