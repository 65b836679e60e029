"""Reads for answering a questionnaire (issue 16, part B): its pages, a named person's answers
as a draft to change, and the open questionnaires a person has not finished (Mijn overzicht).
Each function costs a fixed number of queries, whatever the number of questions or surveys."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef
from django.utils import timezone

from councils.models import Membership

from .audience import surveys_for_user_q
from .models import Answer, Participation, Question, QuestionKind, Response, Section, Survey

OTHER = "other"  # the value of the "Anders, namelijk" choice in forms and drafts
DONE_KEY = "_done"  # draft key: the page numbers the person finished (pressed "Volgende")


@dataclass
class Page:
    """One page of the answer form: a section (or none) and its questions in order."""

    number: int  # 1-based
    section: Section | None
    questions: list[Question] = field(default_factory=list)


def survey_pages(survey: Survey) -> list[Page]:
    """The pages of a questionnaire: one per section that has questions, in order, with the
    questions outside a section on a first page of their own; the whole questionnaire on one
    page when it has no sections. Three queries (sections, questions, options)."""
    sections = list(survey.sections.all())
    questions = list(
        survey.questions.select_related("show_if_option__question").prefetch_related("options")
    )
    loose = [q for q in questions if q.section_id is None]
    groups: list[tuple[Section | None, list[Question]]] = []
    if loose or not sections:
        groups.append((None, loose))
    for section in sections:
        own = [q for q in questions if q.section_id == section.pk]
        if own:
            groups.append((section, own))
    if not groups:
        groups.append((None, []))  # sections without questions yet: one empty page
    return [
        Page(number=n, section=section, questions=qs)
        for n, (section, qs) in enumerate(groups, start=1)
    ]


def page_of_questions(pages: list[Page]) -> dict[int, int]:
    """Question id → the number of the page it is on."""
    return {q.pk: page.number for page in pages for q in page.questions}


def named_response(survey: Survey, user_id: int) -> Response | None:
    if survey.anonymous:
        return None  # an anonymous response has no person: nothing to look up
    return Response.objects.filter(survey=survey, user_id=user_id).first()


def response_draft(response: Response, pages: list[Page]) -> dict:
    """A named person's submitted answers in the draft's shape, to change them (one query)."""
    kinds = {q.pk: q.kind for page in pages for q in page.questions}
    draft: dict = {DONE_KEY: [page.number for page in pages]}
    rows = Answer.objects.filter(response=response).order_by("pk")
    for answer in rows.values("question_id", "option_id", "is_other", "number", "rank", "text"):
        qid = answer["question_id"]
        key, kind = str(qid), kinds.get(qid)
        if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            value = OTHER if answer["is_other"] else str(answer["option_id"])
            if answer["is_other"]:
                draft[f"{qid}_other"] = answer["text"]
            if kind == QuestionKind.SINGLE:
                draft[key] = value
            else:
                draft.setdefault(key, []).append(value)
        elif kind in (QuestionKind.SCALE, QuestionKind.NUMBER):
            draft[key] = "" if answer["number"] is None else str(answer["number"])
        elif kind == QuestionKind.RANK:
            draft.setdefault(key, {})[str(answer["option_id"])] = str(answer["rank"])
        elif kind is not None:
            draft[key] = answer["text"]
    return draft


def unfinished_open_surveys(user_id: int, *, now=None) -> list[Survey]:
    """The open questionnaires for this person that they did not finish, closing first, each
    with ``started`` (answers kept from an earlier visit). One query; a second one for the
    person's roles only when one of them asks some roles only (``audience.surveys_for_user``'s
    rule, which Mijn overzicht cannot afford to run for everyone)."""
    now = now or timezone.now()
    mine = Participation.objects.filter(survey_id=OuterRef("pk"), user_id=user_id)
    candidates = list(
        Survey.objects.filter(surveys_for_user_q(user_id), opens_at__lte=now, closes_at__gt=now)
        .annotate(
            done=Exists(mine.filter(finished=True)),
            started=Exists(mine.filter(finished=False).exclude(draft={})),
        )
        .filter(done=False)
        .only("pk", "title", "title_en", "closes_at", "audience_roles")
        .order_by("closes_at", "pk")
    )
    if any(survey.audience_roles for survey in candidates):
        roles = set(
            Membership.objects.active().filter(user_id=user_id).values_list("role", flat=True)
        )
        candidates = [
            s for s in candidates if not s.audience_roles or roles & set(s.audience_roles)
        ]
    return candidates
