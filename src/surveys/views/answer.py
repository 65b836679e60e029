"""Answering a questionnaire: one page per section, stop and go on later, hand in, and (named
questionnaires) change the answers until the close date.

The answers in progress live in ``Participation.draft``. A named person who changes answers
already handed in keeps the changes in the session until handing in again: a finished
participation holds no draft (a database rule, for the anonymous case)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ..audience import is_in_audience
from ..forms_answer import (
    AnswerPageForm,
    draft_data,
    draft_initial,
    drop_unmet,
    in_language,
    mark_done,
    page_draft,
    without_page,
)
from ..models import Participation, Survey
from ..selectors_answer import (
    DONE_KEY,
    named_response,
    page_of_questions,
    response_draft,
    survey_pages,
)
from ..services_answer import (
    AnswerRefused,
    answer_refusal,
    participation_save_draft,
    response_submit,
)

ACTIONS = ("volgende", "vorige", "opslaan", "versturen")


def _change_key(survey: Survey) -> str:
    return f"surveys.change.{survey.pk}"


def _page_number(value, pages) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return min(max(number, 1), len(pages)) if pages else None


def _resume_page(pages, draft) -> int:
    done = set(draft.get(DONE_KEY, []))
    return next((page.number for page in pages if page.number not in done), len(pages) or 1)


def _status(request, survey, state, *, status=200, response=None):
    return render(
        request,
        "surveys/answer_status.html",
        {
            "survey": survey,
            "title": in_language(survey, "title"),
            "state": state,
            "response": response,
        },
        status=status,
    )


def _render_page(request, survey, pages, page, form, *, change, status=200):
    return render(
        request,
        "surveys/answer_page.html",
        {
            "survey": survey,
            "title": in_language(survey, "title"),
            "intro": in_language(survey, "intro"),
            "page": page,
            "page_count": len(pages),
            "heading": in_language(page.section, "heading") if page.section else "",
            "form": form,
            "items": form.items(),
            "is_first": page.number == 1,
            "is_last": page.number == len(pages),
            "change": change,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def answer(request, pk: int):
    """/vragenlijsten/<pk>/invullen/: the page ``?deel=N`` (or the first unfinished one)."""
    survey = get_object_or_404(Survey, pk=pk)
    user = request.user
    if not is_in_audience(survey, user.pk):
        raise PermissionDenied
    refused_status = 409 if request.method == "POST" else 200
    refusal = answer_refusal(survey)
    participation = Participation.objects.filter(survey=survey, user=user).first()
    finished = participation is not None and participation.finished
    response = named_response(survey, user.pk) if finished else None
    if refusal:
        return _status(request, survey, refusal, status=refused_status, response=response)
    if finished and survey.anonymous:
        return _status(request, survey, "done", status=refused_status)
    change = finished  # named: changing answers handed in before
    wanted = request.POST.get("deel") if request.method == "POST" else request.GET.get("deel")
    if change and request.method == "GET" and wanted is None:
        request.session.pop(_change_key(survey), None)
        return _status(request, survey, "done_named", response=response)

    pages = survey_pages(survey)
    if change:
        draft = request.session.get(_change_key(survey))
        if draft is None:
            draft = response_draft(response, pages) if response else {}
    else:
        draft = participation.draft if participation else {}
    number = _page_number(wanted, pages) or _resume_page(pages, draft)
    page = pages[number - 1]
    page_of = page_of_questions(pages)

    if request.method == "GET":
        form = AnswerPageForm(
            page=page, page_of=page_of, answers=draft, initial=draft_initial(page, draft)
        )
        return _render_page(request, survey, pages, page, form, change=change)

    action = request.POST.get("actie")
    if action not in ACTIONS or (action == "opslaan" and change):
        action = "volgende"
    if action == "volgende" and page.number == len(pages):
        action = "versturen"
    form = AnswerPageForm(request.POST, page=page, page_of=page_of, answers=draft)
    valid = form.is_valid()
    new_draft = drop_unmet(pages, {**without_page(page, draft), **page_draft(page, request.POST)})
    done_now = action in ("volgende", "versturen") and valid
    if done_now or not valid:
        new_draft = mark_done(new_draft, page.number, done_now)
    try:
        _keep(request, survey, user, new_draft, change=change)
    except AnswerRefused as refused:
        return _status(request, survey, refused.reason, status=409)

    url = reverse("surveys:answer", args=[survey.pk])
    if action == "vorige":
        return HttpResponseRedirect(f"{url}?deel={max(page.number - 1, 1)}")
    if action == "opslaan":
        messages.success(
            request,
            _("Uw antwoorden zijn bewaard. U kunt later verder gaan waar u gebleven was."),
        )
        return redirect("accounts:dashboard")
    if not valid:
        return _render_page(request, survey, pages, page, form, change=change, status=400)
    if action == "volgende":
        return HttpResponseRedirect(f"{url}?deel={page.number + 1}")

    # Hand in: every page is checked again from the draft; the first one that is not right
    # is shown with its errors.
    given = []
    for other_page in pages:
        if other_page.number == page.number:
            given += form.given
            continue
        check = AnswerPageForm(
            draft_data(other_page, new_draft), page=other_page, page_of=page_of, answers=new_draft
        )
        if not check.is_valid():
            messages.error(
                request,
                _(
                    "Dit deel is nog niet goed ingevuld. Kijk de vragen na en druk dan op "
                    "Versturen."
                ),
            )
            return _render_page(
                request, survey, pages, other_page, check, change=change, status=400
            )
        given += check.given
    try:
        response_submit(survey=survey, user=user, given=given)
    except AnswerRefused as refused:
        return _status(request, survey, refused.reason, status=409)
    request.session.pop(_change_key(survey), None)
    messages.success(request, _("Bedankt voor het invullen!"))
    return HttpResponseRedirect(url)


def _keep(request, survey, user, draft, *, change) -> None:
    if change:
        # Changes to answers handed in wait in the session until handed in again (the
        # questionnaire's state was checked at the start of the request).
        request.session[_change_key(survey)] = draft
    else:
        participation_save_draft(survey=survey, user=user, draft=draft)
