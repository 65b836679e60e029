"""Views of the exports part: all answers and the summary as CSV or XLSX, the results as PDF
(asker only, ``can_manage_survey``), and "Naar plan van aanpak": proposals in a plan made from
chosen results, after a confirmation page that lists what will be made."""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from common.exports import FORMATS, Sheet, table_response
from common.pdf import tagged_pdf
from councils.selectors import viewer_for
from proposals.permissions import can_edit_plan
from proposals.selectors_plans import plans_visible
from proposals.services import ProposalError

from ..exports import answers_table, pdf_context, proposal_drafts, summary_sheets
from ..forms_exports import ToPlanForm
from ..models import Survey
from ..permissions import can_manage_survey
from ..results import survey_results
from ..services_exports import survey_to_plan

TO_PLAN = "surveys/export_to_plan.html"
PDF_CSS = Path(__file__).resolve().parents[2] / "templates" / "surveys" / "export_pdf.css"


def _managed_survey(request, pk) -> tuple[Survey, object]:
    survey = get_object_or_404(
        Survey.objects.select_related("council", "working_group"), pk=int(pk)
    )
    viewer = viewer_for(request.user)
    if not can_manage_survey(viewer, survey):
        raise PermissionDenied
    return survey, viewer


def _stem(survey: Survey, what: str) -> str:
    return f"vragenlijst-{survey.pk}-{what}"


@login_required
@require_GET
def export_answers(request, pk, fmt: str):
    if fmt not in FORMATS:
        raise Http404
    survey, _viewer = _managed_survey(request, pk)
    header, rows = answers_table(survey)
    return table_response(
        fmt=fmt,
        filename=_stem(survey, "antwoorden"),
        sheets=[Sheet(_("Antwoorden"), header, rows)],
    )


@login_required
@require_GET
def export_summary(request, pk, fmt: str):
    if fmt not in FORMATS:
        raise Http404
    survey, _viewer = _managed_survey(request, pk)
    return table_response(
        fmt=fmt,
        filename=_stem(survey, "samenvatting"),
        sheets=summary_sheets(survey, fmt=fmt),
    )


@login_required
@require_GET
def export_pdf(request, pk: int):
    survey, _viewer = _managed_survey(request, pk)
    # Tagged (PDF/UA): a screen reader gets the headings, tables and language (issue 17).
    pdf = tagged_pdf(
        "surveys/export_pdf.html",
        {
            **pdf_context(survey),
            "css": PDF_CSS.read_text(encoding="utf-8"),
            "made_at": timezone.localtime(),
        },
        request=request,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        True, f"{_stem(survey, 'uitslag')}.pdf"
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _editable_plans(viewer) -> list:
    plans = plans_visible(viewer).order_by("title", "pk")
    return [plan for plan in plans if can_edit_plan(viewer, plan)]


@login_required
@require_http_methods(["GET", "POST"])
def to_plan(request, pk: int):
    """Step 1 chooses a plan and questions; step 2 ("bevestigen") shows what will be made;
    sending that makes the proposals. "Terug" brings the choices back to step 1."""
    survey, viewer = _managed_survey(request, pk)
    plans = _editable_plans(viewer)
    results = survey_results(survey)
    choices = {"plans": plans, "questions": results.questions}
    if request.method == "GET" or "terug" in request.POST:
        # "Terug" brings the choices back as they were, without error messages.
        initial = {
            "plan": request.POST.get("plan"),
            "questions": request.POST.getlist("questions"),
        }
        form = ToPlanForm(initial=initial, **choices)
        return render(request, TO_PLAN, {"survey": survey, "form": form, "plans": plans})
    form = ToPlanForm(request.POST, **choices)
    context = {"survey": survey, "form": form, "plans": plans}
    if not form.is_valid():
        return render(request, TO_PLAN, context, status=400)
    plan = form.chosen_plan()
    question_ids = form.cleaned_data["questions"]
    if "maken" not in request.POST:
        context.update(
            {"plan": plan, "drafts": proposal_drafts(survey, question_ids), "confirm": True}
        )
        return render(request, "surveys/export_to_plan_confirm.html", context)
    try:
        proposals = survey_to_plan(
            actor=request.user, survey=survey, plan=plan, question_ids=question_ids
        )
    except ProposalError as error:
        form.add_error(None, str(error))
        return render(request, TO_PLAN, context, status=400)
    messages.success(
        request,
        ngettext(
            "Er is %(n)s voorstel als concept gemaakt in dit plan.",
            "Er zijn %(n)s voorstellen als concept gemaakt in dit plan.",
            len(proposals),
        )
        % {"n": len(proposals)},
    )
    return redirect(plan)
