"""Thin views for the annual reports: the list (with the form to start one), the report as a
web page, PDF, HTML article and DOCX, and the editors' form."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from common.pagecache_time import public_cache_until, until_midnight
from councils.selectors import viewer_for

from . import exports, selectors, services
from .forms import ReportStartForm, ReportTextForm
from .models import NATIONAL_SLUG
from .permissions import can_edit_report, can_start_reports, can_view_report

# The figures are counted when a report is shown, from this year's data so far: shared until
# midnight at most; a draft is 404 for a visitor, and its PDF private.
SHARED = public_cache_until(until_midnight, "pages", "councils", "reports")


def _visible(request, year: int, slug: str):
    """The report at this address, or 404 for someone who may not see it (a draft's existence
    is not given away)."""
    report = selectors.report_by_address(year=year, slug=slug)
    viewer = viewer_for(request.user)
    if not can_view_report(viewer, report):
        raise Http404
    return report, viewer


def _editable(request, year: int, slug: str):
    report, viewer = _visible(request, year, slug)
    if not can_edit_report(viewer, report):
        raise PermissionDenied
    return report


@require_http_methods(["GET", "POST"])
@SHARED
def report_list_view(request):
    viewer = viewer_for(request.user)
    may_start = can_start_reports(viewer)
    form = ReportStartForm() if may_start else None
    status = 200
    if request.method == "POST":
        if not may_start:
            raise PermissionDenied
        form = ReportStartForm(request.POST)
        if form.is_valid():
            try:
                report = services.report_start(
                    year=form.cleaned_data["year"],
                    council=form.cleaned_data["council"],
                    actor=request.user,
                )
            except services.ReportExists as exists:
                messages.info(request, _("Dit jaarverslag bestaat al. U kunt het hier aanvullen."))
                report = exists.report
            else:
                messages.success(request, _("Het jaarverslag is gemaakt. Schrijf nu de inleiding."))
            return redirect(_edit_url(report))
        status = 400
    return render(
        request,
        "reports/report_list.html",
        {"reports": selectors.reports_for_list(viewer), "form": form},
        status=status,
    )


def _edit_url(report) -> str:
    if report.council_id is None:
        return f"/jaarverslag/{report.year}/bewerken/"
    return f"/jaarverslag/{report.year}/{report.council.slug}/bewerken/"


def _detail(request, year: int, slug: str):
    report, viewer = _visible(request, year, slug)
    document = selectors.report_document(report)
    return render(
        request,
        "reports/report_detail.html",
        {
            **document,
            "title": exports.report_title(report),
            "may_edit": can_edit_report(viewer, report),
            "edit_url": _edit_url(report),
            "slug": report.slug,
        },
    )


@require_GET
@SHARED
def report_national_view(request, year: int):
    return _detail(request, year, NATIONAL_SLUG)


@require_GET
@SHARED
def report_council_view(request, year: int, slug: str):
    if slug == NATIONAL_SLUG:
        return redirect("reports:national", year=year)
    return _detail(request, year, slug)


@require_http_methods(["GET", "POST"])
def report_edit_view(request, year: int, slug: str = NATIONAL_SLUG):
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    report = _editable(request, year, slug)
    form = ReportTextForm(instance=report)
    status = 200
    if request.method == "POST":
        form = ReportTextForm(request.POST, instance=report)
        if form.is_valid():
            publish = request.POST.get("action") == "publish"
            services.report_update(
                report=report,
                intro=form.cleaned_data["intro"],
                highlights=form.cleaned_data["highlights"],
                plans=form.cleaned_data["plans"],
                publish=publish,
                actor=request.user,
            )
            if publish:
                messages.success(request, _("Het jaarverslag is gepubliceerd."))
            else:
                messages.success(request, _("Uw tekst is opgeslagen."))
            return redirect(report.get_absolute_url())
        status = 400
    return render(
        request,
        "reports/report_form.html",
        {"report": report, "form": form, "title": exports.report_title(report)},
        status=status,
    )


def _filename(report, extension: str) -> str:
    return f"jaarverslag-{report.year}-{report.slug}.{extension}"


@require_GET
@SHARED
def report_pdf_view(request, year: int, slug: str):
    report, _viewer = _visible(request, year, slug)
    pdf = exports.report_pdf(selectors.report_document(report))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{_filename(report, "pdf")}"'
    if not report.is_published:
        response["Cache-Control"] = "private, no-store"
    return response


def _export(request, year: int, slug: str):
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return None, redirect_to_login(request.get_full_path())
    return _editable(request, year, slug), None


@require_GET
def report_html_view(request, year: int, slug: str):
    report, refusal = _export(request, year, slug)
    if refusal:
        return refusal
    html = exports.report_html(selectors.report_document(report))
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(report, "html")}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def report_docx_view(request, year: int, slug: str):
    report, refusal = _export(request, year, slug)
    if refusal:
        return refusal
    content = exports.report_docx(selectors.report_document(report))
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(report, "docx")}"'
    response["Cache-Control"] = "private, no-store"
    return response
