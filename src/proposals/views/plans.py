"""Views: plans of approach and their proposals (“Vinger aan de pols”)."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from councils.models import Council, WorkingGroup
from councils.selectors import viewer_for

from ..forms_plans import (
    BulkRowForm,
    ImportForm,
    MoveForm,
    PlanForm,
    ProgressForm,
    ProposalForm,
)
from ..models import ProposalStatus as S
from ..permissions import can_create_plan, can_view_plans, sides
from ..selectors_plans import (
    can_import_proposals,
    owner_choices,
    plan_detail,
    plan_list,
    plan_overview,
    plan_proposals,
    plans_with_side,
    proposal_detail,
)
from ..services import (
    CSV_COLUMNS,
    ProposalError,
    plan_create,
    proposal_add,
    proposal_edit_text,
    proposal_move,
    proposal_progress,
    proposals_bulk_update,
    proposals_parse_csv,
)
from ..workflow import COUNCIL, allowed_moves


def _viewer_or_403(request, check):
    viewer = viewer_for(request.user)
    if not check(viewer):
        raise PermissionDenied
    return viewer


def _plan_or_404(request, pk):
    viewer = _viewer_or_403(request, can_view_plans)
    plan = plan_detail(viewer, pk)
    if plan is None:
        raise Http404
    return viewer, plan


def _proposal_or_404(request, pk):
    viewer = _viewer_or_403(request, can_view_plans)
    proposal = proposal_detail(viewer, pk)
    if proposal is None:
        raise Http404
    return viewer, proposal


@login_required
def plan_index(request):
    viewer = _viewer_or_403(request, can_view_plans)
    return render(
        request,
        "proposals/plan_list.html",
        {
            "plans": plan_list(viewer),
            "can_create": can_create_plan(viewer),
            "can_import": can_import_proposals(viewer),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_create_view(request):
    viewer = _viewer_or_403(request, can_create_plan)
    owners = owner_choices(viewer)
    form = PlanForm(request.POST or None, owners=owners)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            kind, _sep, pk = data["owner"].partition("-")
            owner = {
                "working_group": WorkingGroup.objects.get(pk=pk) if kind == "wg" else None,
                "council": Council.objects.get(pk=pk) if kind == "council" else None,
            }
            try:
                plan = plan_create(
                    actor=request.user,
                    title=data["title"],
                    summary=data["summary"],
                    is_public=data["is_public"],
                    **owner,
                )
            except ProposalError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Het plan is gemaakt. Voeg nu de voorstellen toe."))
                return redirect(plan)
    return render(request, "proposals/plan_form.html", {"form": form}, status=status)


@login_required
def plan_view(request, pk: int, forms: dict | None = None, status: int = 200):
    viewer, plan = _plan_or_404(request, pk)
    proposals = plan_proposals(plan)
    plan_sides = sides(viewer, plan)
    return render(
        request,
        "proposals/plan_detail.html",
        {
            "plan": plan,
            "proposals": proposals,
            "overview": plan_overview(plan, proposals),
            "sides": plan_sides,
            "can_add": COUNCIL in plan_sides,
            "proposal_form": (forms or {}).get("proposal") or ProposalForm(),
        },
        status=status,
    )


@login_required
@require_POST
def proposal_add_view(request, pk: int):
    viewer, plan = _plan_or_404(request, pk)
    if COUNCIL not in sides(viewer, plan):
        raise PermissionDenied
    form = ProposalForm(request.POST)
    if form.is_valid():
        try:
            proposal = proposal_add(actor=request.user, plan=plan, **form.cleaned_data)
        except ProposalError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Voorstel %(n)s is toegevoegd als concept.") % {"n": proposal.number},
            )
            return redirect(proposal)
    return plan_view(request, pk, forms={"proposal": form}, status=400)


@login_required
def proposal_view(request, pk: int, forms: dict | None = None, status: int = 200):
    viewer, proposal = _proposal_or_404(request, pk)
    proposal_sides = sides(viewer, proposal.plan)
    allowed = allowed_moves(proposal.status, proposal_sides)
    forms = forms or {}
    return render(
        request,
        "proposals/proposal_detail.html",
        {
            "proposal": proposal,
            "plan": proposal.plan,
            "history": list(proposal.events.all()),
            "sides": proposal_sides,
            "can_edit": COUNCIL in proposal_sides and proposal.status == S.CONCEPT,
            "can_progress": "agency" in proposal_sides and proposal.status == S.IN_PROGRESS,
            "allowed": allowed,
            "edit_form": forms.get("edit")
            or ProposalForm(initial={"title": proposal.title, "text": proposal.text}),
            "move_form": forms.get("move") or MoveForm(allowed=allowed),
            "progress_form": forms.get("progress")
            or ProgressForm(initial={"progress": proposal.progress}),
        },
        status=status,
    )


def _proposal_action(request, pk, *, key, make_form, run, success):
    """The shape every proposal POST shares: the viewer needs a side on the plan, the form is
    validated, one service is called; a refusal shows the page again with the message and
    what was typed (400)."""
    viewer, proposal = _proposal_or_404(request, pk)
    proposal_sides = sides(viewer, proposal.plan)
    if not proposal_sides:
        raise PermissionDenied
    form = make_form(proposal, proposal_sides)
    if form.is_valid():
        try:
            run(proposal, form.cleaned_data, proposal_sides)
        except ProposalError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, success)
            return redirect("proposals:proposal", pk=pk)
    return proposal_view(request, pk, forms={key: form}, status=400)


@login_required
@require_POST
def proposal_edit_view(request, pk: int):
    return _proposal_action(
        request,
        pk,
        key="edit",
        make_form=lambda proposal, s: ProposalForm(request.POST),
        run=lambda proposal, data, s: proposal_edit_text(
            actor=request.user, proposal=proposal, sides=s, title=data["title"], text=data["text"]
        ),
        success=_("De tekst van het voorstel is opgeslagen."),
    )


@login_required
@require_POST
def proposal_move_view(request, pk: int):
    return _proposal_action(
        request,
        pk,
        key="move",
        make_form=lambda proposal, s: MoveForm(
            request.POST, allowed=allowed_moves(proposal.status, s)
        ),
        run=lambda proposal, data, s: proposal_move(
            actor=request.user,
            proposal=proposal,
            sides=s,
            to_status=data["to_status"],
            text=data["text"],
            priority=data["priority"],
            decision=data["decision"],
            progress=data["progress"],
        ),
        success=_("De status is aangepast."),
    )


@login_required
@require_POST
def proposal_progress_view(request, pk: int):
    return _proposal_action(
        request,
        pk,
        key="progress",
        make_form=lambda proposal, s: ProgressForm(request.POST),
        run=lambda proposal, data, s: proposal_progress(
            actor=request.user,
            proposal=proposal,
            sides=s,
            progress=data["progress"],
            text=data["text"],
        ),
        success=_("De voortgang is bijgewerkt."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_bulk(request, pk: int):
    viewer, plan = _plan_or_404(request, pk)
    plan_sides = sides(viewer, plan)
    if not plan_sides:
        raise PermissionDenied
    proposals = plan_proposals(plan)
    rows = [
        BulkRowForm(
            request.POST or None,
            prefix=f"v{p.number}",
            proposal=p,
            allowed=allowed_moves(p.status, plan_sides),
            initial={"progress": p.progress, "priority": p.priority, "decision": p.decision},
        )
        for p in proposals
    ]
    errors, status = [], 200
    if request.method == "POST":
        status = 400
        for form in rows:
            if not form.is_valid():
                errors += [
                    (form.proposal.number, f"{form.fields[name].label}: {error}")
                    for name, field_errors in form.errors.items()
                    for error in field_errors
                ]
        if not errors:
            changes = [row for form in rows if (row := form.row())]
            if not changes:
                errors.append((None, _("U veranderde niets. Kies per voorstel wat er verandert.")))
            else:
                result = proposals_bulk_update(
                    actor=request.user, rows=changes, sides_for=lambda _plan: plan_sides
                )
                errors = result.errors
                if not errors:
                    messages.success(
                        request,
                        _("%(n)s voorstellen zijn bijgewerkt.") % {"n": result.applied},
                    )
                    return redirect(plan)
    return render(
        request,
        "proposals/plan_bulk.html",
        {"plan": plan, "rows": rows, "errors": errors},
        status=status,
    )


def _dry_run(request, rows, sides_by_plan) -> list[tuple[int, str]]:
    """Try every row without keeping anything: the same checks as the real run."""
    with transaction.atomic():
        result = proposals_bulk_update(
            actor=request.user, rows=rows, sides_for=lambda plan: sides_by_plan[plan.pk]
        )
        transaction.set_rollback(True)
    return result.errors


@login_required
@require_http_methods(["GET", "POST"])
def proposals_import(request):
    viewer = _viewer_or_403(request, can_import_proposals)
    form = ImportForm(request.POST or None, request.FILES or None)
    context = {"form": form, "columns": ";".join(CSV_COLUMNS), "errors": [], "content": ""}
    status = 200
    if request.method == "POST":
        status = 400
        content = request.POST.get("content", "")
        applying = request.POST.get("apply") == "1" and content
        if applying or form.is_valid():
            if not applying:
                raw = form.cleaned_data["file"].read()
                try:
                    content = raw.decode("utf-8-sig")
                except UnicodeDecodeError:
                    content = None
            if content is None:
                form.add_error(
                    "file", _("Het bestand is geen UTF-8-tekst. Sla het op als CSV (UTF-8).")
                )
            else:
                plans = plans_with_side(viewer)
                sides_by_plan = {plan.pk: sides(viewer, plan) for plan in plans}
                rows, errors = proposals_parse_csv(content, plans=plans)
                if not errors and not rows:
                    errors = [(1, _("Het bestand bevat geen regels met voorstellen."))]
                if not errors:
                    errors = _dry_run(request, rows, sides_by_plan)
                context.update(errors=sorted(errors), content=content, rows=rows)
                if not errors and applying:
                    result = proposals_bulk_update(
                        actor=request.user,
                        rows=rows,
                        sides_for=lambda plan: sides_by_plan[plan.pk],
                    )
                    if not result.errors:
                        messages.success(
                            request,
                            _("%(n)s regels zijn verwerkt.") % {"n": result.applied},
                        )
                        return redirect("proposals:plans")
                    context["errors"] = result.errors
                elif not errors:
                    status = 200  # checked and fine: show the button to apply
    return render(request, "proposals/proposal_import.html", context, status=status)


def _export_rows(proposals):
    for p in proposals:
        yield [
            p.number,
            p.title,
            p.get_status_display(),
            p.get_priority_display(),
            p.get_decision_display(),
            p.decision_reasoning,
            100 if p.status == S.REALISED else p.progress,
            p.answer_due.isoformat() if p.answer_due else "",
            timezone.localtime(p.last_change_at).strftime("%Y-%m-%d"),
        ]


EXPORT_HEADER = [
    "nummer",
    "titel",
    "status",
    "prioriteit",
    "besluit",
    "uitleg besluit",
    "voortgang",
    "antwoord verwacht",
    "laatst bijgewerkt",
]


@login_required
def plan_csv(request, pk: int):
    _viewer, plan = _plan_or_404(request, pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="plan-{plan.pk}.csv"'
    response.write("\ufeff")  # so spreadsheet programs read the accents right
    writer = csv.writer(response, delimiter=";")
    writer.writerow(EXPORT_HEADER)
    writer.writerows(_export_rows(plan_proposals(plan)))
    return response


@login_required
def plan_pdf(request, pk: int):
    from weasyprint import HTML

    _viewer, plan = _plan_or_404(request, pk)
    proposals = plan_proposals(plan)
    css_path = finders.find("raadsplein/css/print.css")
    with open(css_path, encoding="utf-8") as css_file:
        css = css_file.read()
    html = render_to_string(
        "proposals/plan_pdf.html",
        {
            "plan": plan,
            "proposals": proposals,
            "overview": plan_overview(plan, proposals),
            "css": css,
            "now": timezone.now(),
        },
        request=request,
    )

    def no_network(url, *args, **kwargs):
        raise ValueError(f"no network fetches in a PDF: {url}")

    pdf = HTML(string=html, url_fetcher=no_network).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="plan-{plan.pk}.pdf"'
    return response
