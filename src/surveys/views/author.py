"""Views: the questionnaires page, a questionnaire's page, and the asker's pages to write one
(settings, sections, questions) and to publish, close or renew it."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from councils.selectors import viewer_for

from ..audience import is_in_audience
from ..forms_author import (
    UP,
    MoveForm,
    QuestionForm,
    QuestionTextForm,
    SectionForm,
    SurveyForm,
    SurveyLockedForm,
)
from ..models import OPTION_KINDS, Option, Participation, Question, QuestionKind, Section
from ..permissions import can_create_survey, can_manage_survey
from ..selectors_author import (
    asker_label,
    can_view_surveys,
    condition_choices,
    survey_blocks,
    survey_for_page,
    survey_index,
    survey_state,
)
from ..services_author import (
    SurveyError,
    SurveyLocked,
    has_answers,
    question_add,
    question_delete,
    question_move,
    question_update,
    section_add,
    section_delete,
    section_move,
    section_update,
    survey_close,
    survey_create,
    survey_new_version,
    survey_publish,
    survey_update,
)


def _viewer_or_403(request, check):
    viewer = viewer_for(request.user)
    if not check(viewer):
        raise PermissionDenied
    return viewer


def _managed(request, pk: int):
    """The questionnaire and the viewer, for its asker only (404 unknown, 403 others)."""
    viewer = _viewer_or_403(request, can_view_surveys)
    survey = survey_for_page(pk)
    if survey is None:
        raise Http404
    if not can_manage_survey(viewer, survey):
        raise PermissionDenied
    return viewer, survey


@login_required
def index(request):
    viewer = _viewer_or_403(request, can_view_surveys)
    return render(request, "surveys/author_index.html", {"index": survey_index(viewer)})


@login_required
def detail(request, pk: int):
    viewer = _viewer_or_403(request, can_view_surveys)
    survey = survey_for_page(pk)
    if survey is None:
        raise Http404
    now = timezone.now()
    context = {
        "survey": survey,
        "asker": asker_label(survey),
        "state": survey_state(survey, now),
        "councils": list(survey.audience_councils.all()),
    }
    if can_manage_survey(viewer, survey):
        locked = has_answers(survey)
        return render(
            request,
            "surveys/author_detail.html",
            {
                **context,
                "blocks": survey_blocks(survey),
                "locked": locked,
                "responses": survey.responses.count(),
                "newer": survey.next_versions.order_by("-version").first(),
                "answer_self": survey.is_open(now) and is_in_audience(survey, viewer.user_id),
            },
        )
    if survey.published_at is None or not is_in_audience(survey, viewer.user_id):
        raise Http404
    participation = Participation.objects.filter(survey=survey, user_id=viewer.user_id).first()
    return render(
        request,
        "surveys/author_member.html",
        {
            **context,
            "participation": participation,
            "is_open": survey.is_open(now),
            "questions": survey.questions.count(),
        },
    )


def _default_dates() -> dict:
    """A new questionnaire opens tomorrow at nine and stays open two weeks."""
    tomorrow = timezone.localtime() + datetime.timedelta(days=1)
    opens = tomorrow.replace(hour=9, minute=0, second=0, microsecond=0)
    closes = (opens + datetime.timedelta(days=14)).replace(hour=17)
    return {"opens_at": opens, "closes_at": closes}


def _survey_form_page(request, *, viewer, survey=None):
    locked = survey is not None and has_answers(survey)
    form_class = SurveyLockedForm if locked else SurveyForm
    kwargs = {"survey": survey} if locked else {"viewer": viewer, "survey": survey}
    if locked:
        kwargs["initial"] = {
            "title": survey.title,
            "title_en": survey.title_en,
            "intro": survey.intro,
            "intro_en": survey.intro_en,
            "closes_at": survey.closes_at,
        }
    if survey is None:
        kwargs["initial"] = _default_dates()
    form = form_class(request.POST or None, **kwargs)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                if survey is None:
                    survey = survey_create(
                        actor=request.user, viewer=viewer, **form.service_kwargs()
                    )
                    messages.success(
                        request, _("De vragenlijst is gemaakt als concept. Voeg nu vragen toe.")
                    )
                else:
                    data = form.cleaned_data if locked else form.service_kwargs()
                    survey_update(actor=request.user, viewer=viewer, survey=survey, **data)
                    messages.success(request, _("De vragenlijst is opgeslagen."))
            except SurveyError as error:
                form.add_error(None, str(error))
            else:
                return redirect(survey)
    return render(
        request,
        "surveys/author_form.html",
        {"form": form, "survey": survey, "locked": locked},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def create(request):
    viewer = _viewer_or_403(request, can_create_survey)
    return _survey_form_page(request, viewer=viewer)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    viewer, survey = _managed(request, pk)
    return _survey_form_page(request, viewer=viewer, survey=survey)


def _action(request, pk: int, run, success: str):
    """A button on the questionnaire's page: one service, then back to the page with its
    outcome (a refusal as an error message)."""
    _viewer, survey = _managed(request, pk)
    try:
        result = run(survey)
    except SurveyError as error:
        messages.error(request, str(error))
        return redirect(survey)
    messages.success(request, success)
    return redirect(result or survey)


@login_required
@require_POST
def publish(request, pk: int):
    return _action(
        request,
        pk,
        lambda s: survey_publish(actor=request.user, survey=s),
        _("De vragenlijst is gepubliceerd. De leden krijgen hem op de openingsdatum."),
    )


@login_required
@require_POST
def close(request, pk: int):
    return _action(
        request,
        pk,
        lambda s: survey_close(actor=request.user, survey=s),
        _("De vragenlijst is gesloten. Niemand kan nog antwoorden."),
    )


@login_required
@require_POST
def new_version(request, pk: int):
    return _action(
        request,
        pk,
        lambda s: survey_new_version(actor=request.user, survey=s),
        _(
            "De nieuwe versie is gemaakt als concept. Pas de vragen aan en publiceer hem. "
            "Dan sluit de oude versie."
        ),
    )


def _locked_page(request, survey, status=200):
    return render(request, "surveys/author_locked.html", {"survey": survey}, status=status)


# --- sections -------------------------------------------------------------------------------


def _section(request, pk: int):
    section = get_object_or_404(Section.objects.select_related("survey"), pk=pk)
    _viewer, survey = _managed(request, section.survey_id)
    section.survey = survey
    return section


@login_required
@require_http_methods(["GET", "POST"])
def section_create(request, pk: int):
    _viewer, survey = _managed(request, pk)
    if has_answers(survey):
        return _locked_page(request, survey, 200 if request.method == "GET" else 400)
    form = SectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            section_add(actor=request.user, survey=survey, **form.cleaned_data)
        except SurveyLocked:
            return _locked_page(request, survey, 400)
        except SurveyError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Het deel is toegevoegd."))
            return redirect(survey)
    return render(
        request,
        "surveys/author_section_form.html",
        {"form": form, "survey": survey, "section": None},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def section_edit(request, pk: int):
    section = _section(request, pk)
    survey = section.survey
    form = SectionForm(
        request.POST or None,
        initial={
            "heading": section.heading,
            "heading_en": section.heading_en,
            "intro": section.intro,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            section_update(actor=request.user, section=section, **form.cleaned_data)
        except SurveyError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Het deel is opgeslagen."))
            return redirect(survey)
    return render(
        request,
        "surveys/author_section_form.html",
        {"form": form, "survey": survey, "section": section},
        status=400 if request.method == "POST" else 200,
    )


def _structure_action(request, survey, run, success):
    try:
        run()
    except SurveyLocked:
        return _locked_page(request, survey, 400)
    except SurveyError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)
    return redirect(survey)


@login_required
@require_POST
def section_remove(request, pk: int):
    section = _section(request, pk)
    return _structure_action(
        request,
        section.survey,
        lambda: section_delete(actor=request.user, section=section),
        _("Het deel is weggehaald. De vragen erin staan nu in het deel ervoor."),
    )


@login_required
@require_POST
def section_reorder(request, pk: int):
    section = _section(request, pk)
    form = MoveForm(request.POST)
    up = not form.is_valid() or form.cleaned_data["direction"] == UP
    return _structure_action(
        request,
        section.survey,
        lambda: section_move(actor=request.user, section=section, up=up),
        _("Het deel is verplaatst."),
    )


# --- questions ------------------------------------------------------------------------------


def _question(request, pk: int):
    question = get_object_or_404(Question.objects.select_related("survey"), pk=pk)
    _viewer, survey = _managed(request, question.survey_id)
    question.survey = survey
    return question


def _sections(survey):
    return list(Section.objects.filter(survey=survey).order_by("position", "pk"))


def _option(survey, pk):
    if pk is None:
        return None
    return Option.objects.select_related("question").filter(question__survey=survey, pk=pk).first()


def _section_of(survey, pk):
    if pk is None:
        return None
    return Section.objects.filter(survey=survey, pk=pk).first()


@login_required
@require_http_methods(["GET", "POST"])
def question_create(request, pk: int):
    _viewer, survey = _managed(request, pk)
    if has_answers(survey):
        return _locked_page(request, survey, 200 if request.method == "GET" else 400)
    sections = _sections(survey)
    initial = {}
    if request.GET.get("deel", "").isdigit():
        initial["section"] = int(request.GET["deel"])
    elif sections:
        initial["section"] = sections[-1].pk  # a new question goes at the end
    form = QuestionForm(
        request.POST or None,
        initial=initial,
        sections=sections,
        conditions=condition_choices(survey),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["section"] = _section_of(survey, data.get("section"))
        data["show_if_option"] = _option(survey, data.get("show_if_option"))
        try:
            question_add(actor=request.user, survey=survey, **data)
        except SurveyLocked:
            return _locked_page(request, survey, 400)
        except SurveyError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("De vraag is toegevoegd."))
            return redirect(f"{survey.get_absolute_url()}#vragen")
    return render(
        request,
        "surveys/author_question_form.html",
        {"form": form, "survey": survey, "question": None},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def question_edit(request, pk: int):
    question = _question(request, pk)
    survey = question.survey
    locked = has_answers(survey)
    options = [o.label for o in question.options.all()]
    initial = {
        "text": question.text,
        "text_en": question.text_en,
        "help_text": question.help_text,
        "options": "\n".join(options),
        "scale_min_label": question.scale_min_label,
        "scale_max_label": question.scale_max_label,
    }
    if locked:
        form = QuestionTextForm(request.POST or None, initial=initial, option_count=len(options))
        if question.kind not in OPTION_KINDS:
            del form.fields["options"]
        if question.kind != QuestionKind.SCALE:
            del form.fields["scale_min_label"], form.fields["scale_max_label"]
    else:
        initial.update(
            section=question.section_id,
            kind=question.kind,
            required=question.required,
            has_other=question.has_other,
            number_min=question.number_min,
            number_max=question.number_max,
            show_if_option=question.show_if_option_id,
        )
        form = QuestionForm(
            request.POST or None,
            initial=initial,
            sections=_sections(survey),
            conditions=condition_choices(survey, exclude=question),
        )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if "show_if_option" in data:
            data["show_if_option"] = _option(survey, data["show_if_option"])
        if "section" in data:
            data["section"] = _section_of(survey, data["section"])
        elif not locked:
            data["section"] = None
        try:
            question_update(actor=request.user, question=question, **data)
        except SurveyLocked:
            return _locked_page(request, survey, 400)
        except SurveyError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("De vraag is opgeslagen."))
            return redirect(f"{survey.get_absolute_url()}#vraag-{question.pk}")
    return render(
        request,
        "surveys/author_question_form.html",
        {"form": form, "survey": survey, "question": question, "locked": locked},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def question_remove(request, pk: int):
    question = _question(request, pk)
    return _structure_action(
        request,
        question.survey,
        lambda: question_delete(actor=request.user, question=question),
        _("De vraag is weggehaald."),
    )


@login_required
@require_POST
def question_reorder(request, pk: int):
    question = _question(request, pk)
    form = MoveForm(request.POST)
    up = not form.is_valid() or form.cleaned_data["direction"] == UP
    return _structure_action(
        request,
        question.survey,
        lambda: question_move(actor=request.user, question=question, up=up),
        _("De vraag is verplaatst."),
    )
