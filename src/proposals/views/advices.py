"""Views: advices to the agency, from draft to the council's reaction on the answer."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.visibility import Role
from councils.selectors import viewer_for

from .. import services
from ..forms_advices import AdviceForm, AnswerForm, AttachmentForm, FollowUpForm, SendForm
from ..models import Advice, AdviceAttachment
from ..permissions import (
    can_answer_advice,
    can_edit_advice,
    can_view_advice,
    can_view_advices,
    visible_advices_q,
)
from ..selectors_pulse import (
    advice_detail,
    advice_event_label,
    advice_list,
    councils_for_author,
    signal_figures_rows,
    signal_figures_snapshot,
)


def _viewer_or_403(request, check):
    viewer = viewer_for(request.user)
    if not check(viewer):
        raise PermissionDenied
    return viewer


def _can_create_advice(viewer) -> bool:
    return viewer.is_council_member or Role.ADMINISTRATOR in viewer.roles


@login_required
@require_GET
def advice_index(request):
    viewer = _viewer_or_403(request, can_view_advices)
    status = request.GET.get("status", "")
    page = Paginator(advice_list(viewer, status=status), 25).get_page(request.GET.get("pagina"))
    return render(
        request,
        "proposals/advice_list.html",
        {
            "page": page,
            "statuses": Advice.Status.choices,
            "status": status,
            "can_create": _can_create_advice(viewer),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def advice_create(request):
    viewer = _viewer_or_403(request, _can_create_advice)
    councils = councils_for_author(viewer)
    form = AdviceForm(request.POST or None, councils=councils)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            figures = {}
            if data["figures_months"]:
                figures = signal_figures_snapshot(
                    onderwerp=data["figures_onderwerp"],
                    regeling=data["figures_regeling"],
                    months=data["figures_months"],
                )
            try:
                advice = services.advice_create(
                    actor=request.user,
                    kind=data["kind"],
                    title=data["title"],
                    text=data["text"],
                    councils=data["councils"],
                    evidence=data["evidence"],
                    signal_figures=figures,
                    is_public=data["is_public"],
                )
            except services.ProposalError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Het advies is opgeslagen als concept."))
                return redirect(advice)
    return render(request, "proposals/advice_form.html", {"form": form}, status=status)


def _advice_or_404(request):
    def get(pk):
        viewer = viewer_for(request.user)
        if not can_view_advices(viewer):
            raise PermissionDenied
        advice = advice_detail(pk)
        # Another council's draft is not there for the viewer, as one that does not exist.
        if advice is None or not can_view_advice(viewer, advice):
            raise Http404
        return viewer, advice

    return get


@login_required
@require_GET
def advice_view(request, pk: int):
    viewer, advice = _advice_or_404(request)(pk)
    return _render_advice(request, viewer, advice)


def _render_advice(request, viewer, advice, forms: dict | None = None, status: int = 200):
    forms = forms or {}
    can_edit = can_edit_advice(viewer, advice)
    context = {
        "advice": advice,
        "viewer": viewer,
        "can_edit": can_edit,
        "can_answer": can_answer_advice(viewer),
        "history": [(event, advice_event_label(event)) for event in advice.events.all()],
        "figures": signal_figures_rows(advice.signal_figures or {}),
        "attachment_form": forms.get("attachment") or AttachmentForm(),
        "send_form": forms.get("send") or SendForm(weeks=settings.ADVICE_ANSWER_WEEKS),
        "answer_form": forms.get("answer") or AnswerForm(),
        "follow_up_form": forms.get("follow_up") or FollowUpForm(),
        "answer_weeks": settings.ADVICE_ANSWER_WEEKS,
    }
    return render(request, "proposals/advice_detail.html", context, status=status)


def _advice_action(request, pk, *, check, key, make_form, run, success):
    """Check, validate, call one service; a refused action shows the page again with the
    message and what was typed."""
    viewer, advice = _advice_or_404(request)(pk)
    if not check(viewer, advice):
        raise PermissionDenied
    form = make_form()
    if form.is_valid():
        try:
            run(advice, form.cleaned_data)
        except services.ProposalError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, success)
            return redirect(advice)
    return _render_advice(request, viewer, advice, forms={key: form}, status=400)


@login_required
@require_POST
def advice_attachment(request, pk: int):
    return _advice_action(
        request,
        pk,
        check=can_edit_advice,
        key="attachment",
        make_form=lambda: AttachmentForm(request.POST, request.FILES),
        run=lambda advice, data: services.advice_attachment_add(
            actor=request.user, advice=advice, title=data["title"], file=data["file"]
        ),
        success=_("De bijlage is toegevoegd."),
    )


@login_required
@require_POST
def advice_send(request, pk: int):
    return _advice_action(
        request,
        pk,
        check=can_edit_advice,
        key="send",
        make_form=lambda: SendForm(request.POST, weeks=settings.ADVICE_ANSWER_WEEKS),
        run=lambda advice, data: services.advice_send(
            actor=request.user,
            advice=advice,
            adopted_on=data["adopted_on"],
            sent_on=data["sent_on"],
        ),
        success=_("Het advies staat als verstuurd. Wij houden bij wanneer UWV moet antwoorden."),
    )


@login_required
@require_POST
def advice_answer(request, pk: int):
    return _advice_action(
        request,
        pk,
        check=lambda viewer, advice: can_answer_advice(viewer),
        key="answer",
        make_form=lambda: AnswerForm(request.POST, request.FILES),
        run=lambda advice, data: services.advice_record_answer(
            actor=request.user,
            advice=advice,
            answer_text=data["answer_text"],
            answered_on=data["answered_on"],
            answer_file=data["answer_file"],
        ),
        success=_("Het antwoord van UWV is opgeslagen. De raad krijgt bericht."),
    )


@login_required
@require_POST
def advice_follow_up(request, pk: int):
    return _advice_action(
        request,
        pk,
        check=can_edit_advice,
        key="follow_up",
        make_form=lambda: FollowUpForm(request.POST),
        run=lambda advice, data: services.advice_follow_up(
            actor=request.user, advice=advice, follow_up=data["follow_up"], note=data["note"]
        ),
        success=_("De reactie van de raad is opgeslagen."),
    )


@login_required
@require_GET
def advice_attachment_file(request, pk: int, attachment_pk: int):
    """Attachments are never served from a public URL: each download checks that the viewer
    may open the advice (``can_view_advice``: a draft's only for its councils)."""
    viewer = _viewer_or_403(request, can_view_advices)
    attachment = (
        AdviceAttachment.objects.filter(pk=attachment_pk, advice_id=pk)
        .filter(visible_advices_q(viewer, prefix="advice__"))
        .only("file", "title")
        .first()
    )
    if attachment is None:
        raise Http404
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    filename = (slugify(attachment.title) or "bijlage") + Path(attachment.file.name).suffix.lower()
    response = FileResponse(handle, as_attachment=True, filename=filename)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def advice_answer_file(request, pk: int):
    """The agency's letter with its answer: as the attachments, handed out only after the same
    check as the advice itself, never from a public URL."""
    viewer = _viewer_or_403(request, can_view_advices)
    advice = (
        Advice.objects.filter(pk=pk)
        .filter(visible_advices_q(viewer))
        .exclude(answer_file="")
        .only("answer_file", "answer_file_name", "title")
        .first()
    )
    if advice is None:
        raise Http404
    try:
        handle = advice.answer_file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    suffix = Path(advice.answer_file.name).suffix.lower()
    filename = (slugify(f"antwoord-uwv-{advice.title}")[:80] or "antwoord-uwv") + suffix
    response = FileResponse(handle, as_attachment=True, filename=filename)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
