"""Answering a questionnaire (issue 16, part B): keeping the answers in progress and handing in.

Anonymity is kept here by what is *not* written: an anonymous ``Response`` gets no person and no
time, its ``Answer`` rows hang only from it, the ``Participation`` loses its draft in the same
transaction, and no audit entry, mail or log line names the response. Named answers can be
changed until the close date: handing in again replaces the answers in one transaction.
Nothing is written when the questionnaire is not open or the person is not in its audience."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from .audience import audience_memberships
from .forms_answer import Given
from .models import Answer, Participation, Response, Survey


class AnswerRefused(Exception):
    """The questionnaire cannot be answered (now) by this person; ``reason`` says why:
    ``not_open``, ``closed``, ``done`` (anonymous, already handed in) or ``not_in_audience``."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def answer_refusal(survey: Survey, *, now=None) -> str | None:
    """Why nothing can be answered now, or None when the questionnaire is open."""
    now = now or timezone.now()
    if survey.is_closed(now):
        return "closed"
    if not survey.is_open(now):
        return "not_open"
    return None


def _respondent(survey: Survey, user_id: int) -> tuple[int, str]:
    """The council a person answers for (the first by name of their councils in the audience,
    as ``audience.respondent_council_id``) and their role there. One query."""
    row = (
        audience_memberships(survey)
        .filter(user_id=user_id)
        .order_by("council__name")
        .values_list("council_id", "role")
        .first()
    )
    if row is None:
        raise AnswerRefused("not_in_audience")
    return row


def _participation(survey: Survey, user) -> tuple[Participation, int, str]:
    """The person's participation, locked (two hand-ins at once cannot both pass the "not
    finished yet" check), with the council and role they answer for; refused when the
    questionnaire is not open or the person is not in its audience."""
    refusal = answer_refusal(survey)
    if refusal:
        raise AnswerRefused(refusal)
    council_id, role = _respondent(survey, user.pk)
    participation, _created = Participation.objects.get_or_create(
        survey=survey, user=user, defaults={"council_id": council_id}
    )
    participation = Participation.objects.select_for_update().get(pk=participation.pk)
    return participation, council_id, role


def participation_save_draft(*, survey: Survey, user, draft: dict) -> Participation:
    """Keep the answers so far, to go on later. Refused once an anonymous questionnaire was
    handed in (a draft would then lie beside the person again)."""
    with transaction.atomic():
        participation, council_id, _role = _participation(survey, user)
        if participation.finished:
            raise AnswerRefused("done")
        participation.draft = draft
        participation.council_id = council_id
        participation.save(update_fields=["draft", "council"])
        return participation


def _answer_rows(response: Response, given: list[Given]) -> list[Answer]:
    rows = []
    for item in given:
        question_id = item.question.pk
        for option_id in item.option_ids:
            rows.append(Answer(response=response, question_id=question_id, option_id=option_id))
        if item.other is not None:
            rows.append(
                Answer(response=response, question_id=question_id, is_other=True, text=item.other)
            )
        if item.number is not None:
            rows.append(Answer(response=response, question_id=question_id, number=item.number))
        if item.text:
            rows.append(Answer(response=response, question_id=question_id, text=item.text))
        for option_id, rank in item.ranks.items():
            rows.append(
                Answer(response=response, question_id=question_id, option_id=option_id, rank=rank)
            )
    return rows


def response_submit(*, survey: Survey, user, given: list[Given]) -> Response:
    """Hand in: the Response with its answers, and the participation finished without its
    draft, in one transaction. Anonymous: the Response has no person and no time, and can be
    handed in once. Named: the person and the time; handing in again (until the close date)
    replaces the earlier answers."""
    with transaction.atomic():
        participation, council_id, role = _participation(survey, user)
        if survey.anonymous:
            if participation.finished:
                raise AnswerRefused("done")
            response = Response.objects.create(
                survey=survey, user=None, submitted_at=None, council_id=council_id, role=role
            )
        else:
            response = Response.objects.filter(survey=survey, user=user).first()
            if response is None:
                response = Response.objects.create(
                    survey=survey,
                    user=user,
                    submitted_at=timezone.now(),
                    council_id=council_id,
                    role=role,
                )
            else:
                response.answers.all().delete()
                response.council_id = council_id
                response.role = role
                response.submitted_at = timezone.now()
                response.save(update_fields=["council", "role", "submitted_at"])
        Answer.objects.bulk_create(_answer_rows(response, [g for g in given if not g.is_empty]))
        participation.finished = True
        participation.draft = {}
        participation.council_id = council_id
        participation.save(update_fields=["finished", "draft", "council"])
        return response
