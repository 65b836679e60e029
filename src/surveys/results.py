"""The figures of a questionnaire: one computation for the results page, the exports, the PDF,
the public summary and the proposals made from results, so they can never disagree.

A fixed number of aggregate queries whatever the number of answers. No group smaller than
``MIN_GROUP`` responses is ever described apart: a filter (council, role) that leaves fewer
gives ``suppressed`` results with no figures at all."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Q, QuerySet
from django.utils.translation import gettext as _

from .models import (
    CHOICE_KINDS,
    MIN_GROUP,
    SCALE_MAX,
    SCALE_MIN,
    TEXT_KINDS,
    Answer,
    Question,
    QuestionKind,
    Response,
    Survey,
)

MAX_NUMBER_ROWS = 12  # distinct numbers shown one by one; more are grouped in ranges


@dataclass(frozen=True)
class Row:
    label: str
    count: int
    percent: int  # of the responses that answered the question; 0 when none did
    option_id: int | None = None  # for choice and rank rows
    mean_rank: float | None = None  # rank rows: the average place (1 is first)


@dataclass
class QuestionResult:
    question: Question
    answered: int = 0
    rows: list[Row] = field(default_factory=list)
    mean: float | None = None  # scale and number
    median: float | None = None
    minimum: int | None = None
    maximum: int | None = None
    other_count: int = 0  # "anders, namelijk" (also a row)
    text_count: int = 0  # open answers and other-texts

    @property
    def kind(self) -> str:
        return self.question.kind

    @property
    def has_texts(self) -> bool:
        return self.question.kind in TEXT_KINDS or self.question.has_other


@dataclass
class SurveyResults:
    survey: Survey
    responses: int
    council_id: int | None = None
    role: str = ""
    suppressed: bool = False  # the filtered group is smaller than MIN_GROUP
    questions: list[QuestionResult] = field(default_factory=list)

    @property
    def filtered(self) -> bool:
        return bool(self.council_id or self.role)


def _percent(count: int, total: int) -> int:
    return round(100 * count / total) if total else 0


def filtered_responses(
    survey: Survey, *, council_id: int | None = None, role: str = ""
) -> QuerySet[Response]:
    responses = Response.objects.filter(survey=survey)
    if council_id:
        responses = responses.filter(council_id=council_id)
    if role:
        responses = responses.filter(role=role)
    return responses


def survey_results(
    survey: Survey, *, council_id: int | None = None, role: str = ""
) -> SurveyResults:
    """Per question the counts (choices, scale points, numbers, ranks) among the responses of
    the chosen council and role. Six queries, whatever the number of answers."""
    responses = filtered_responses(survey, council_id=council_id, role=role)
    total = responses.count()
    result = SurveyResults(survey=survey, responses=total, council_id=council_id, role=role)
    if result.filtered and total < MIN_GROUP:
        result.suppressed = True
        return result
    questions = list(
        survey.questions.select_related("section")
        .prefetch_related("options")
        .order_by("section__position", "position", "pk")
    )
    # By the questions' keys (the index on question): no subquery over the responses unless
    # a group is chosen.
    answers = Answer.objects.filter(question_id__in=[q.pk for q in questions])
    if council_id:
        answers = answers.filter(response__council_id=council_id)
    if role:
        answers = answers.filter(response__role=role)
    answered = dict(
        answers.values("question_id")
        .annotate(n=Count("response_id", distinct=True))
        .values_list("question_id", "n")
    )
    option_counts: dict[tuple[int, int | None, bool], int] = {
        (q, o, other): n
        for q, o, other, n in answers.filter(Q(option__isnull=False) | Q(is_other=True))
        .filter(rank__isnull=True)
        .values("question_id", "option_id", "is_other")
        .annotate(n=Count("pk"))
        .values_list("question_id", "option_id", "is_other", "n")
    }
    numbers: dict[int, list[tuple[int, int]]] = {}
    for q, number, n in (
        answers.filter(number__isnull=False)
        .values("question_id", "number")
        .annotate(n=Count("pk"))
        .order_by("question_id", "number")
        .values_list("question_id", "number", "n")
    ):
        numbers.setdefault(q, []).append((number, n))
    ranks = {
        (q, o): (mean, first)
        for q, o, mean, first in answers.filter(rank__isnull=False)
        .values("question_id", "option_id")
        .annotate(mean=Avg("rank"), first=Count("pk", filter=Q(rank=1)))
        .values_list("question_id", "option_id", "mean", "first")
    }
    texts = dict(
        answers.exclude(text="")
        .values("question_id")
        .annotate(n=Count("pk"))
        .values_list("question_id", "n")
    )
    for question in questions:
        qr = QuestionResult(question=question, answered=answered.get(question.pk, 0))
        qr.text_count = texts.get(question.pk, 0)
        if question.kind in CHOICE_KINDS:
            for option in question.options.all():
                n = option_counts.get((question.pk, option.pk, False), 0)
                qr.rows.append(Row(option.label, n, _percent(n, qr.answered), option.pk))
            if question.has_other:
                qr.other_count = option_counts.get((question.pk, None, True), 0)
                qr.rows.append(
                    Row(_("Anders"), qr.other_count, _percent(qr.other_count, qr.answered))
                )
        elif question.kind == QuestionKind.RANK:
            rows = []
            for option in question.options.all():
                mean, first = ranks.get((question.pk, option.pk), (None, 0))
                rows.append(
                    Row(
                        option.label,
                        first,
                        _percent(first, qr.answered),
                        option.pk,
                        round(mean, 2) if mean is not None else None,
                    )
                )
            # The favourite first: the lowest average place.
            qr.rows = sorted(rows, key=lambda r: (r.mean_rank is None, r.mean_rank or 0))
        elif question.kind in (QuestionKind.SCALE, QuestionKind.NUMBER):
            counts = numbers.get(question.pk, [])
            _number_stats(qr, counts)
            if question.kind == QuestionKind.SCALE:
                by_point = dict(counts)
                for point in range(SCALE_MIN, SCALE_MAX + 1):
                    n = by_point.get(point, 0)
                    qr.rows.append(Row(_scale_label(question, point), n, _percent(n, qr.answered)))
            else:
                qr.rows = _number_rows(counts, qr.answered)
        result.questions.append(qr)
    return result


def _scale_label(question: Question, point: int) -> str:
    if point == SCALE_MIN and question.scale_min_label:
        return f"{point} ({question.scale_min_label})"
    if point == SCALE_MAX and question.scale_max_label:
        return f"{point} ({question.scale_max_label})"
    return str(point)


def _number_stats(qr: QuestionResult, counts: list[tuple[int, int]]) -> None:
    if not counts:
        return
    values = [number for number, n in counts for _ in range(n)]
    qr.mean = round(statistics.fmean(values), 2)
    qr.median = statistics.median(values)
    qr.minimum, qr.maximum = values[0], values[-1]


def _number_rows(counts: list[tuple[int, int]], answered: int) -> list[Row]:
    if len(counts) <= MAX_NUMBER_ROWS:
        return [Row(str(number), n, _percent(n, answered)) for number, n in counts]
    low, high = counts[0][0], counts[-1][0]
    step = -(-(high - low + 1) // 6)  # six ranges, rounded up
    rows = []
    for start in range(low, high + 1, step):
        end = start + step - 1
        n = sum(c for number, c in counts if start <= number <= end)
        rows.append(Row(f"{start}–{end}", n, _percent(n, answered)))
    return rows


def text_answers(
    survey: Survey, question: Question, *, council_id: int | None = None, role: str = ""
) -> QuerySet[Answer]:
    """The open answers (and "anders, namelijk" texts) of one question, oldest first by key
    order only (anonymous responses have no time), with their themes. Show them redacted
    (``signals.redaction.redact``)."""
    responses = filtered_responses(survey, council_id=council_id, role=role)
    return (
        Answer.objects.filter(question=question, response__in=responses.values("pk"))
        .exclude(text="")
        .prefetch_related("themes")
        .order_by("pk")
    )


def response_rate(survey: Survey) -> dict:
    """How many were asked and finished, overall and per council, from the participations
    (who finished, never what they answered) and the audience."""
    from .audience import audience_memberships

    asked: dict[int, int] = {}
    for council_id, n in (
        audience_memberships(survey)
        .values("council_id")
        .annotate(n=Count("user_id", distinct=True))
        .values_list("council_id", "n")
    ):
        asked[council_id] = n
    finished = dict(
        survey.participations.filter(finished=True)
        .values("council_id")
        .annotate(n=Count("pk"))
        .values_list("council_id", "n")
    )
    total_asked = len(set(audience_memberships(survey).values_list("user_id", flat=True)))
    total_finished = sum(finished.values())
    return {
        "asked": total_asked,
        "finished": total_finished,
        "percent": _percent(total_finished, total_asked),
        "per_council": {
            council_id: {
                "asked": n,
                "finished": finished.get(council_id, 0),
                "percent": _percent(finished.get(council_id, 0), n),
            }
            for council_id, n in asked.items()
        },
    }


def response_rate_rows(rate: dict) -> list[dict]:
    """The per-council figures of ``response_rate`` by the councils' names, in name order (one
    query): the table on the results page, in the summary export and in the PDF."""
    from councils.models import Council

    names = dict(Council.objects.filter(pk__in=list(rate["per_council"])).values_list("pk", "name"))
    return sorted(
        (
            {"council": names.get(council_id, "–"), **figures}
            for council_id, figures in rate["per_council"].items()
        ),
        key=lambda row: row["council"],
    )
