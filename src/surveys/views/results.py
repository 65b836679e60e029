"""Views of the results: the results page (asker, and members once published to them), the
answers of one open question with themes, who sees the results, the editor's public summary
and the public pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.pagecache_time import public_cache_until, until_midnight
from councils.selectors import viewer_for

from .. import selectors_results as selectors
from .. import services_results as services
from ..forms_results import (
    AnswerThemesForm,
    PublicSummaryForm,
    ResultsFilterForm,
    ResultsVisibilityForm,
    ThemeForm,
)
from ..models import MIN_GROUP
from ..permissions import (
    can_manage_survey,
    can_publish_public_summary,
    can_tag_answers,
    can_view_results,
)


def _survey_for(request, pk: int, check):
    survey = selectors.results_survey(pk)
    if survey is None:
        raise Http404
    viewer = viewer_for(request.user)
    if not check(viewer, survey):
        raise PermissionDenied
    return survey, viewer


def _filter(request, survey):
    councils, roles = selectors.filter_groups(survey)
    form = ResultsFilterForm(request.GET or None, councils=councils, roles=roles)
    council_id, role = form.group()
    # A value that is not offered (a group too small, or a made-up one) shows no figures.
    refused = form.is_bound and not form.is_valid()
    return form, council_id, role, refused


def _query(request, *, without=("page",)) -> str:
    query = request.GET.copy()
    for key in without:
        query.pop(key, None)
    return query.urlencode()


def _results_page(request, survey, viewer, *, visibility_form=None, status=200):
    form, council_id, role, refused = _filter(request, survey)
    overview = (
        {} if refused else selectors.results_overview(survey, council_id=council_id, role=role)
    )
    manage = can_manage_survey(viewer, survey)
    context = {
        "survey": survey,
        "form": form,
        "refused": refused,
        "min_group": MIN_GROUP,
        "rate": selectors.response_rate_table(survey),
        "query": _query(request),
        "may_manage": manage,
        "may_publish": can_publish_public_summary(viewer, survey),
        "visibility_form": visibility_form
        or (ResultsVisibilityForm(initial={"results_for": survey.results_for}) if manage else None),
        **overview,
    }
    return render(request, "surveys/results_page.html", context, status=status)


@login_required
@require_GET
def results(request, pk: int):
    survey, viewer = _survey_for(request, pk, can_view_results)
    return _results_page(request, survey, viewer)


@login_required
@require_POST
def results_visibility(request, pk: int):
    survey, viewer = _survey_for(request, pk, can_tag_answers)
    form = ResultsVisibilityForm(request.POST)
    if not form.is_valid():
        return _results_page(request, survey, viewer, visibility_form=form)
    services.results_visibility_set(
        actor=request.user, survey=survey, results_for=form.cleaned_data["results_for"]
    )
    messages.success(
        request,
        _("De leden die de vragenlijst kregen, zien de uitslag als de vragenlijst gesloten is.")
        if form.cleaned_data["results_for"] == survey.ResultsFor.MEMBERS
        else _("Alleen wie de vragenlijst stelt, ziet de uitslag."),
    )
    return redirect("surveys:results", pk=survey.pk)


def _question_page(request, survey, viewer, question, *, tags_form=None, theme_form=None):
    form, council_id, role, refused = _filter(request, survey)
    data = (
        {"suppressed": True, "page": None, "themes": [], "theme_chart": None, "total": 0}
        if refused
        else selectors.question_answers(
            survey, question, council_id=council_id, role=role, page=request.GET.get("page")
        )
    )
    may_tag = can_tag_answers(viewer, survey)
    if may_tag and data["page"] is not None and tags_form is None:
        tags_form = AnswerThemesForm(answers=data["page"], themes=data["themes"])
    context = {
        "survey": survey,
        "question": question,
        "form": form,
        "refused": refused,
        "min_group": MIN_GROUP,
        "query": _query(request),
        "full_query": request.GET.urlencode(),
        "may_tag": may_tag,
        "tags_form": tags_form if may_tag else None,
        "theme_form": (theme_form or ThemeForm()) if may_tag else None,
        **data,
    }
    return render(request, "surveys/results_question.html", context)


def _question_for(survey, qid):
    question = selectors.text_question(survey, qid)
    if question is None:
        raise Http404
    return question


@login_required
@require_http_methods(["GET", "POST"])
def results_question(request, pk: int, qid: int):
    """GET: a question's open answers. POST (the asker): the themes ticked per answer."""
    check = can_tag_answers if request.method == "POST" else can_view_results
    survey, viewer = _survey_for(request, pk, check)
    question = _question_for(survey, qid)
    if request.method == "GET":
        return _question_page(request, survey, viewer, question)
    form, council_id, role, refused = _filter(request, survey)
    if refused:
        return _question_page(request, survey, viewer, question)
    data = selectors.question_answers(
        survey, question, council_id=council_id, role=role, page=request.GET.get("page")
    )
    if data["page"] is None:
        return _question_page(request, survey, viewer, question)
    tags_form = AnswerThemesForm(request.POST, answers=data["page"], themes=data["themes"])
    if not tags_form.is_valid():
        return _question_page(request, survey, viewer, question, tags_form=tags_form)
    services.answer_themes_set(
        actor=request.user, survey=survey, question=question, assignments=tags_form.assignments()
    )
    messages.success(request, _("De thema's zijn opgeslagen."))
    return redirect(request.get_full_path())


@login_required
@require_POST
def results_theme_create(request, pk: int, qid: int):
    survey, viewer = _survey_for(request, pk, can_tag_answers)
    question = _question_for(survey, qid)
    form = ThemeForm(request.POST)
    if form.is_valid():
        try:
            theme = services.theme_create(
                actor=request.user, survey=survey, name=form.cleaned_data["name"]
            )
        except services.ResultsError as error:
            form.add_error("name", str(error))
        else:
            messages.success(request, _("Het thema ‘%(name)s’ is gemaakt.") % {"name": theme.name})
            url = reverse("surveys:results_question", args=[survey.pk, question.pk])
            query = request.GET.urlencode()
            return redirect(f"{url}?{query}" if query else url)
    return _question_page(request, survey, viewer, question, theme_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def results_publish(request, pk: int):
    """An editor (or administrator) writes the public summary and publishes or withdraws it."""
    survey, viewer = _survey_for(request, pk, can_publish_public_summary)
    form = PublicSummaryForm(
        request.POST or None, initial={"public_summary": survey.public_summary}
    )
    if request.method == "POST":
        if request.POST.get("action") == "withdraw":
            services.public_summary_withdraw(actor=request.user, survey=survey)
            messages.success(request, _("De uitkomsten staan niet meer op de website."))
            return redirect("surveys:results_publish", pk=survey.pk)
        if form.is_valid():
            try:
                services.public_summary_publish(
                    actor=request.user,
                    survey=survey,
                    summary=form.cleaned_data["public_summary"],
                )
            except services.ResultsError as error:
                form.add_error("public_summary", str(error))
            else:
                messages.success(request, _("De uitkomsten staan op de website."))
                return redirect("surveys:results_publish", pk=survey.pk)
    context = {
        "survey": survey,
        "form": form,
        "may_view_results": can_view_results(viewer, survey),
        **selectors.public_overview(survey),
    }
    return render(request, "surveys/results_publish.html", context)


@require_GET
@public_cache_until(until_midnight, "pages", "councils", "surveys")
def public_results_index(request):
    return render(
        request, "surveys/results_public_index.html", {"surveys": selectors.public_index()}
    )


@require_GET
@public_cache_until(until_midnight, "pages", "councils", "surveys")
def public_results(request, pk: int):
    survey = selectors.public_survey(pk)
    if survey is None:
        raise Http404
    return render(
        request,
        "surveys/results_public.html",
        {"survey": survey, **selectors.public_overview(survey)},
    )
