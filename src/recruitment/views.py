"""Thin views: parse the input, check who asks, call a service."""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common import formcache
from common.audit import audit_log
from common.charts import Row, bar_chart
from common.pagecache import mark_public
from common.pagecache_time import until_midnight
from common.ratelimit import Limit, RateLimited, address_of, rate_limit_take
from councils.models import Council
from councils.selectors import council_list, viewer_for

from . import selectors, services
from .forms import (
    ApplicationForm,
    NoteForm,
    StatusFilterForm,
    TransitionForm,
    VacancyForm,
    rate_limit_message,
)
from .models import Application, ApplicationStatus, Vacancy
from .permissions import (
    application_council_ids,
    can_edit_vacancy,
    can_handle_application,
    can_list_applications,
    can_manage_vacancies,
    can_see_figures,
    can_see_national_figures,
)

SESSION_KEY = "recruitment_reference"

# --- public ---------------------------------------------------------------------------------


def index_view(request):
    councils = list(council_list())
    chosen = None
    slug = request.GET.get("raad", "")
    if slug:
        chosen = next((c for c in councils if c.slug == slug), None)
    vacancies = list(selectors.open_vacancies(council=chosen))
    response = render(
        request,
        "recruitment/index.html",
        {
            "councils": councils,
            "chosen": chosen,
            "vacancies": vacancies,
            "unknown_council": bool(slug) and chosen is None,
            "days": services.answer_days(),
        },
    )
    # Open vacancies are those not past their closing date: shared until midnight at most.
    return mark_public(response, "pages", "councils", "vacancies", timeout=until_midnight())


def vacancy_view(request, pk: int):
    vacancy = get_object_or_404(Vacancy.objects.select_related("council"), pk=pk)
    response = render(
        request,
        "recruitment/vacancy_detail.html",
        {"vacancy": vacancy, "is_open": selectors.vacancy_is_open(vacancy)},
    )
    return mark_public(response, "pages", "councils", "vacancies", timeout=until_midnight())


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def apply_view(request):
    vacancy = None
    vacancy_id = _int(request.GET.get("vacature"))
    if vacancy_id is not None:
        vacancy = Vacancy.objects.select_related("council").filter(pk=vacancy_id).first()
        if vacancy is None:
            raise Http404
        if not selectors.vacancy_is_open(vacancy):
            return render(
                request, "recruitment/vacancy_closed.html", {"vacancy": vacancy}, status=410
            )
    initial = {}
    if vacancy is not None:
        initial["council"] = vacancy.council
    elif request.GET.get("raad"):
        initial["council"] = Council.objects.filter(
            slug=request.GET["raad"], is_active=True
        ).first()
    if request.method == "GET":
        return _apply_page(request, vacancy=vacancy, council=initial.get("council"))
    form = ApplicationForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            limit = Limit(
                "recruitment.apply",
                settings.APPLICATION_RATE_LIMIT,
                settings.APPLICATION_RATE_WINDOW,
            )
            try:  # only accepted applications count: a mistake above never reaches this
                rate_limit_take((limit, address_of(request)))
            except RateLimited as refused:
                form.add_error(None, rate_limit_message(refused))
                response = render(
                    request,
                    "recruitment/apply.html",
                    {"form": form, "vacancy": vacancy},
                    status=429,
                )
                response["Retry-After"] = str(refused.retry_after)
                return response
            data = form.cleaned_data
            application = services.application_submit(
                council=data["council"],
                vacancy=vacancy,
                name=data["name"],
                email=data["email"],
                phone=data["phone"],
                motivation=data["motivation"],
                experience=data["experience"],
                age_band=data["age_band"],
                accessibility_needs=data["accessibility_needs"],
                consent_text=form.fields["consent"].label,
            )
            request.session[SESSION_KEY] = application.reference
            return redirect("recruitment:received")
        status = 400
    return render(
        request, "recruitment/apply.html", {"form": form, "vacancy": vacancy}, status=status
    )


def _apply_page(request, *, vacancy: Vacancy | None, council: Council | None):
    """The empty form: the same for every anonymous visitor but for the CSRF token, so built
    once per language, council or vacancy, and change (common.formcache, issue 18). Only the
    query strings the page's own links use are kept; any other is built as usual."""
    tags = ["pages", "councils"]
    if vacancy is not None:
        query, name = urlencode({"vacature": vacancy.pk}), f"vacancy:{vacancy.pk}"
        tags.append("vacancies")
    elif council is not None:
        query, name = urlencode({"raad": council.slug}), f"council:{council.pk}"
    else:
        query, name = "", ""
    initial = {"council": council} if council is not None else {}
    return formcache.form_page(
        request,
        name=f"recruitment:apply:{name}",
        tags=tags,
        query=query,
        build=lambda extra: render(
            request,
            "recruitment/apply.html",
            {"form": ApplicationForm(initial=initial), "vacancy": vacancy, **extra},
        ),
    )


def received_view(request):
    reference = request.session.get(SESSION_KEY)
    application = (
        Application.objects.select_related("council").filter(reference=reference).first()
        if reference
        else None
    )
    if application is None:
        return redirect("recruitment:apply")
    return render(
        request,
        "recruitment/received.html",
        {
            "application": application,
            "days": services.answer_days(),
            "answer_by": services.answer_by(application.created_at),
        },
    )


# --- secretaries ----------------------------------------------------------------------------


@login_required
def application_list_view(request):
    viewer = viewer_for(request.user)
    if not can_list_applications(viewer):
        raise PermissionDenied
    council_ids = application_council_ids(viewer)
    filters = StatusFilterForm(request.GET or None)
    status = filters.cleaned_data["status"] if filters.is_valid() else ""
    applications = selectors.applications_for_councils(council_ids=council_ids, status=status)
    page = Paginator(applications, 50).get_page(request.GET.get("pagina"))
    counts = selectors.application_status_counts(council_ids=council_ids)
    return render(
        request,
        "recruitment/application_list.html",
        {
            "page": page,
            "filters": filters,
            "status": status,
            "counts": [(value, label, counts[value]) for value, label in ApplicationStatus.choices],
            "total": sum(counts.values()),
            "all_councils": council_ids is None,
        },
    )


def _application(request, pk: int) -> Application:
    application = selectors.application_detail(pk)
    if application is None:
        raise Http404
    if not can_handle_application(viewer_for(request.user), application):
        raise PermissionDenied
    return application


def _detail(request, application, *, transition_form=None, note_form=None, status=200):
    audit_log(
        actor=request.user,
        action="recruitment.application.view",
        obj=application,
        personal_data=True,
    )
    return render(
        request,
        "recruitment/application_detail.html",
        {
            "application": application,
            "transition_form": transition_form or TransitionForm(application=application),
            "note_form": note_form or NoteForm(),
            "can_transition": bool(
                TransitionForm(application=application).fields["to_status"].choices
            )
            and not application.personal_data_erased_at,
        },
        status=status,
    )


@login_required
def application_view(request, pk: int):
    return _detail(request, _application(request, pk))


@login_required
@require_POST
def transition_view(request, pk: int):
    application = _application(request, pk)
    form = TransitionForm(request.POST, application=application)
    if not form.is_valid():
        return _detail(request, application, transition_form=form, status=400)
    data = form.cleaned_data
    try:
        services.application_transition(
            application=application,
            actor=request.user,
            to_status=data["to_status"],
            note=data["note"],
            interview_at=data["interview_at"],
            role=data["role"],
        )
    except services.RecruitmentError as error:
        form.add_error(None, str(error))
        return _detail(request, application, transition_form=form, status=400)
    messages.success(
        request,
        _("De stand is nu “%(status)s”.") % {"status": ApplicationStatus(data["to_status"]).label},
    )
    return redirect("recruitment:application", pk=pk)


@login_required
@require_POST
def note_view(request, pk: int):
    application = _application(request, pk)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _detail(request, application, note_form=form, status=400)
    try:
        services.application_note_add(
            application=application, actor=request.user, text=form.cleaned_data["text"]
        )
    except services.RecruitmentError as error:
        form.add_error(None, str(error))
        return _detail(request, application, note_form=form, status=400)
    messages.success(request, _("De notitie is opgeslagen."))
    return redirect(reverse("recruitment:application", args=[pk]) + "#notities")


# --- vacancies (secretaries) ---------------------------------------------------------------


def _vacancy_manager(request):
    viewer = viewer_for(request.user)
    if not can_manage_vacancies(viewer):
        raise PermissionDenied
    return viewer


@login_required
def vacancy_list_view(request):
    viewer = _vacancy_manager(request)
    council_ids = application_council_ids(viewer)
    vacancies = Vacancy.objects.select_related("council").order_by(
        "council__name", "-is_open", "title"
    )
    if council_ids is not None:
        vacancies = vacancies.filter(council_id__in=council_ids)
    return render(
        request,
        "recruitment/vacancy_list.html",
        {"vacancies": vacancies, "all_councils": council_ids is None},
    )


def _vacancy_form(request, form, vacancy=None):
    if request.method == "POST" and form.is_valid():
        vacancy = services.vacancy_save(vacancy=form.save(commit=False), actor=request.user)
        messages.success(request, _("De vacature is opgeslagen."))
        return redirect("recruitment:vacancies")
    return render(
        request,
        "recruitment/vacancy_form.html",
        {"form": form, "vacancy": vacancy},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def vacancy_create_view(request):
    viewer = _vacancy_manager(request)
    form = VacancyForm(request.POST or None, council_ids=application_council_ids(viewer))
    return _vacancy_form(request, form)


@login_required
def vacancy_edit_view(request, pk: int):
    viewer = _vacancy_manager(request)
    vacancy = get_object_or_404(Vacancy.objects.select_related("council"), pk=pk)
    if not can_edit_vacancy(viewer, vacancy):
        raise PermissionDenied
    form = VacancyForm(
        request.POST or None, instance=vacancy, council_ids=application_council_ids(viewer)
    )
    return _vacancy_form(request, form, vacancy)


# --- figures --------------------------------------------------------------------------------


def _year_rows(council, years):
    today = timezone.localdate()
    rows = []
    for year in years:
        start = datetime.date(year, 1, 1)
        end = min(datetime.date(year + 1, 1, 1), today + datetime.timedelta(days=1))
        rows.append(
            {"year": year, **selectors.recruitment_figures(start=start, end=end, council=council)}
        )
    return rows


@login_required
def figures_view(request):
    viewer = viewer_for(request.user)
    if not can_see_figures(viewer):
        raise PermissionDenied
    today = timezone.localdate()
    years = list(range(today.year - 4, today.year + 1))
    if can_see_national_figures(viewer):
        councils = list(council_list())
        sections = [{"council": None, "rows": _year_rows(None, years)}]
    else:
        councils = list(Council.objects.filter(pk__in=viewer.managed_council_ids))
        sections = []
    sections += [{"council": c, "rows": _year_rows(c, years)} for c in councils]
    bands = selectors.age_band_labels()
    for section in sections:
        for row in section["rows"]:
            members = row["members_by_age_band"]
            total = sum(members.values())
            row["members_total"] = total
            row["bands"] = [
                {
                    "value": value,
                    "label": label,
                    "count": members.get(value, 0),
                    "share": round(100 * members.get(value, 0) / total) if total else 0,
                }
                for value, label in bands
            ]
        section["chart"] = _chart(section["rows"], bands)
    return render(
        request,
        "recruitment/figures.html",
        {"sections": sections, "bands": bands, "years": years},
    )


# The age bands' colours, in the order of the bands (the legend uses the same CSS classes).
AGE_BAND_FILLS = ("#00508c", "#3f7fb5", "#8fb8da", "#e0a526", "#b3003c", "#5c2a6e", "#c9c9c9")


def _chart(rows, bands):
    """Stacked bars (one per year) of the members' age bands, each band's share of the year's
    members. The numbers are in the table next to it; the chart is only a picture of them."""
    chart_rows = [
        Row(
            label=str(row["year"]),
            values=tuple(
                100 * band["count"] / row["members_total"] if row["members_total"] else 0
                for band in row["bands"]
            ),
        )
        for row in rows
    ]
    series = [
        (f"age-chart__band age-chart__band--{index}", AGE_BAND_FILLS[index % len(AGE_BAND_FILLS)])
        for index in range(len(bands))
    ]
    return bar_chart(chart_rows, series=series, peak=100, stacked=True, css_class="age-chart__svg")


# --- onboarding -----------------------------------------------------------------------------


@login_required
@require_POST
def onboarding_step_view(request, pk: int):
    step = selectors.onboarding_step_for_user(user=request.user, step_id=pk)
    if step is None:
        raise Http404
    services.onboarding_step_set(step=step, user=request.user, done=request.POST.get("done") == "1")
    return redirect(reverse("accounts:dashboard") + "#startlijst")
