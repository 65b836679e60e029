"""Views: plans of approach and their proposals (“Vinger aan de pols”)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.exports import Sheet, table_response
from common.membercache import member_page
from common.pdf import tagged_pdf
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
    proposal_csv_row,
    proposal_edit_text,
    proposal_move,
    proposal_progress,
    proposals_bulk_update,
    proposals_import_rows,
    proposals_parse_csv,
)
from ..workflow import AGENCY, COUNCIL, allowed_moves


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


@member_page
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


def _proposal_rows(proposals) -> SafeString:
    """The rows of the plan's table of proposals (hundreds of them), written here rather than by
    a template loop: its lookups and number formatting per cell were most of the page's time."""
    return format_html_join(
        "\n",
        '<tr><td>{}</td><th scope="row"><a href="{}">{}</a></th><td>{}</td><td>{}</td>'
        "<td>{}</td></tr>",
        (
            (
                p.number,
                p.url,
                p.title,
                p.status_label,
                p.priority_label or "–",
                "100%"
                if p.status == S.REALISED
                else "–"
                if p.status == S.REJECTED
                else f"{p.progress}%",
            )
            for p in proposals
        ),
    )


@member_page
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
            "proposal_rows": _proposal_rows(proposals),
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
            priority=data.get("priority", ""),
            decision=data.get("decision", ""),
            progress=data.get("progress"),
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
            agency=AGENCY in plan_sides,
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
        {"plan": plan, "rows": rows, "errors": errors, "agency": AGENCY in plan_sides},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def proposals_import(request):
    """Check a plan CSV first (every bad row, nothing kept), then apply it all at once."""
    viewer = _viewer_or_403(request, can_import_proposals)
    plans = plans_with_side(viewer)
    form = ImportForm(request.POST or None, request.FILES or None, plans=plans)
    if request.method == "GET" and request.GET.get("plan"):
        form = ImportForm(initial={"plan": request.GET["plan"]}, plans=plans)
    context = {"form": form, "columns": ";".join(CSV_COLUMNS), "content": ""}
    if request.method == "GET":
        return render(request, "proposals/proposal_import.html", context)
    content = request.POST.get("content", "")
    applying = request.POST.get("apply") == "1" and content
    if not (applying or form.is_valid()):
        return render(request, "proposals/proposal_import.html", context, status=400)
    target_pk = request.POST.get("plan", "")
    target = next((p for p in plans if str(p.pk) == target_pk), None)
    if target_pk and target is None:
        raise PermissionDenied  # not a plan of this person's (the form offers only those)
    filename = request.POST.get("filename", "")
    if not applying:
        upload = form.cleaned_data["file"]
        content, filename = upload.read(), upload.name
        try:
            content = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            form.add_error(
                "file", _("Het bestand is geen UTF-8-tekst. Sla het op als CSV (UTF-8).")
            )
            return render(request, "proposals/proposal_import.html", context, status=400)
    sides_by_plan = {plan.pk: sides(viewer, plan) for plan in plans}
    rows, errors = proposals_parse_csv(content, plans=plans, target=target)
    if not errors and not rows:
        errors = [(2, "", _("Het bestand bevat geen regels met voorstellen."))]
    result = proposals_import_rows(
        actor=request.user,
        rows=rows,
        sides_for=lambda plan: sides_by_plan[plan.pk],
        dry_run=bool(errors) or not applying,
    )
    errors = sorted(errors + result.errors)
    if errors:
        for line, column, reason in errors:
            where = (
                _("Regel %(line)s, kolom “%(column)s”") % {"line": line, "column": column}
                if column
                else _("Regel %(line)s") % {"line": line}
            )
            form.add_error(None, f"{where}: {reason}")
        form.add_error(
            "file",
            _(
                "Er is niets verwerkt. Pas de regels hierboven aan in “%(name)s” en kies het "
                "bestand opnieuw."
            )
            % {"name": filename or _("het bestand")},
        )
        context["filename"] = filename
        return render(request, "proposals/proposal_import.html", context, status=400)
    if applying:
        messages.success(
            request,
            _("Het bestand is verwerkt: %(created)s nieuwe voorstellen, %(applied)s bijgewerkt.")
            % {"created": result.created, "applied": result.applied},
        )
        return redirect(target or "proposals:plans")
    context.update(content=content, filename=filename, target=target, rows=rows, result=result)
    return render(request, "proposals/proposal_import.html", context)


@login_required
@require_GET
def plan_export(request, pk: int, fmt: str):
    """The plan as CSV or XLSX in the import's format (``CSV_COLUMNS``): the CSV reads back
    unchanged."""
    _viewer, plan = _plan_or_404(request, pk)
    rows = (proposal_csv_row(p) for p in plan_proposals(plan))
    return table_response(
        fmt=fmt, filename=f"plan-{plan.pk}", sheets=[Sheet(f"Plan {plan.pk}", CSV_COLUMNS, rows)]
    )


@login_required
@require_GET
def plan_pdf(request, pk: int):
    _viewer, plan = _plan_or_404(request, pk)
    proposals = plan_proposals(plan)
    css_path = finders.find("raadsplein/css/print.css")
    with open(css_path, encoding="utf-8") as css_file:
        css = css_file.read()
    pdf = tagged_pdf(
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
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="plan-{plan.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"  # council work: no shared cache keeps it
    return response
