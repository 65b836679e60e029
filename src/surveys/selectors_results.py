"""Reads for the results pages: the asker's (and, once published to them, the members') results
page, the answers of one open question with their themes, and the public summary.

The figures come from ``results.survey_results`` (one computation for every page and export);
this module adds what the pages need around them in a fixed number of queries: the groups a
filter may offer (never one smaller than ``MIN_GROUP``), the response rate with the councils'
names, the first open answers of every question (redacted) and the themes."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import groupby

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils.safestring import SafeString

from common.charts import Row, bar_chart
from councils.models import Membership
from signals.redaction import redact

from .models import MIN_GROUP, TEXT_KINDS, Answer, Question, QuestionKind, Response, Section, Survey
from .results import (
    QuestionResult,
    SurveyResults,
    filtered_responses,
    response_rate,
    response_rate_rows,
    survey_results,
    text_answers,
)

PREVIEW_TEXTS = 10  # open answers shown per question on the results page
TEXTS_PER_PAGE = 50  # on the page of one question


@dataclass(frozen=True)
class Group:
    """A council or role the filter may offer: it has at least ``MIN_GROUP`` responses."""

    value: str
    label: str
    count: int


@dataclass
class QuestionBlock:
    result: QuestionResult
    chart: SafeString | None = None
    texts: list[str] = field(default_factory=list)  # the first open answers, redacted

    @property
    def question(self) -> Question:
        return self.result.question


@dataclass
class SectionBlock:
    section: Section | None
    questions: list[QuestionBlock]


def results_survey(pk: int) -> Survey | None:
    return Survey.objects.select_related("council", "working_group").filter(pk=pk).first()


def public_survey(pk: int) -> Survey | None:
    """A questionnaire whose summary an editor made public."""
    return Survey.objects.filter(pk=pk, public_at__isnull=False).first()


def public_surveys() -> QuerySet[Survey]:
    return Survey.objects.filter(public_at__isnull=False).order_by("-public_at", "-pk")


def role_label(value: str) -> str:
    try:
        return str(Membership.Role(value).label)
    except ValueError:
        return value


def filter_groups(survey: Survey) -> tuple[list[Group], list[Group]]:
    """The councils and roles with at least ``MIN_GROUP`` responses (two queries): a smaller
    group is never offered, so no one in it can be recognised."""
    responses = Response.objects.filter(survey=survey)
    councils = [
        Group(str(council_id), name, n)
        for council_id, name, n in responses.filter(council__isnull=False)
        .values("council_id", "council__name")
        .annotate(n=Count("pk"))
        .filter(n__gte=MIN_GROUP)
        .order_by("council__name")
        .values_list("council_id", "council__name", "n")
    ]
    roles = [
        Group(role, role_label(role), n)
        for role, n in responses.exclude(role="")
        .values("role")
        .annotate(n=Count("pk"))
        .filter(n__gte=MIN_GROUP)
        .order_by("role")
        .values_list("role", "n")
    ]
    return councils, roles


def response_rate_table(survey: Survey) -> dict:
    """The response rate overall and per council, by the councils' names: how many were asked
    and finished, never who (four queries)."""
    rate = response_rate(survey)
    return {**rate, "rows": response_rate_rows(rate)}


def question_chart(result: QuestionResult, *, labelled_by: str) -> SafeString | None:
    """The bar chart of one question, with the numbers of its table: the count per answer (for
    a ranking: how often an option came first). None for open questions."""
    if not result.rows:
        return None
    rows = [
        Row(label=row.label, values=(row.count,), texts=(str(row.count),)) for row in result.rows
    ]
    return bar_chart(rows, labelled_by=labelled_by)


def _preview_texts(survey: Survey, question_ids: list[int], *, council_id, role) -> dict:
    """The first ``PREVIEW_TEXTS`` open answers of every question, in one query."""
    if not question_ids:
        return {}
    responses = filtered_responses(survey, council_id=council_id, role=role)
    rows = (
        Answer.objects.filter(question_id__in=question_ids, response__in=responses.values("pk"))
        .exclude(text="")
        .annotate(
            place=Window(RowNumber(), partition_by=[F("question_id")], order_by=F("pk").asc())
        )
        .filter(place__lte=PREVIEW_TEXTS)
        .order_by("question_id", "pk")
        .values_list("question_id", "text")
    )
    texts: dict[int, list[str]] = {}
    for question_id, text in rows:
        texts.setdefault(question_id, []).append(redact(text))
    return texts


def _sections(blocks: list[QuestionBlock]) -> list[SectionBlock]:
    return [
        SectionBlock(section=section, questions=list(group))
        for section, group in groupby(blocks, key=lambda block: block.question.section)
    ]


def results_overview(
    survey: Survey,
    *,
    council_id: int | None = None,
    role: str = "",
    public: bool = False,
    top_level: int = 2,
) -> dict:
    """The figures per question grouped by section, with charts and (not on the public page)
    the first open answers, redacted. ``public`` leaves the open questions out altogether.
    ``top_level`` is the heading level of the sections (of the questions when there are no
    sections), so the headings stay in order wherever the figures stand."""
    results: SurveyResults = survey_results(survey, council_id=council_id, role=role)
    blocks = []
    for result in results.questions:
        if public and result.kind in TEXT_KINDS:
            continue
        blocks.append(
            QuestionBlock(
                result=result,
                chart=question_chart(result, labelled_by=f"grafiek-{result.question.pk}"),
            )
        )
    if not public and not results.suppressed:
        wanted = [b.question.pk for b in blocks if b.result.has_texts and b.result.text_count]
        texts = _preview_texts(survey, wanted, council_id=council_id, role=role)
        for block in blocks:
            block.texts = texts.get(block.question.pk, [])
    sections = _sections(blocks)
    has_sections = any(block.section is not None for block in sections)
    question_level = top_level + 1 if has_sections else top_level
    return {
        "results": results,
        "sections": sections,
        "has_sections": has_sections,
        "levels": {
            "section": top_level,
            "question": question_level,
            "texts": question_level + 1,
        },
        "rank_kind": QuestionKind.RANK,
    }


def text_question(survey: Survey, qid: int) -> Question | None:
    """A question of this questionnaire that has open answers (an open question, or one with
    "anders, namelijk")."""
    question = Question.objects.select_related("section").filter(survey=survey, pk=qid).first()
    if question is None or not (question.kind in TEXT_KINDS or question.has_other):
        return None
    return question


@dataclass
class ThemeCount:
    pk: int
    name: str
    count: int


def question_answers(
    survey: Survey,
    question: Question,
    *,
    council_id: int | None = None,
    role: str = "",
    page: str | int | None = 1,
) -> dict:
    """One page of a question's open answers, redacted, each with the ids of its themes; the
    questionnaire's themes with how many of these answers (within the filter) carry each.
    A filter that leaves fewer than ``MIN_GROUP`` responses shows nothing."""
    responses = filtered_responses(survey, council_id=council_id, role=role)
    if (council_id or role) and responses.count() < MIN_GROUP:
        return {"suppressed": True, "page": None, "themes": [], "theme_chart": None, "total": 0}
    paginator = Paginator(
        text_answers(survey, question, council_id=council_id, role=role), TEXTS_PER_PAGE
    )
    answers: Page = paginator.get_page(page)
    for number, answer in enumerate(answers, start=answers.start_index()):
        answer.number = number
        answer.redacted = redact(answer.text)
        answer.theme_ids = {theme.pk for theme in answer.themes.all()}
    counts = dict(
        Answer.themes.through.objects.filter(
            answer__question=question, answer__response__in=responses.values("pk")
        )
        .values("theme_id")
        .annotate(n=Count("pk"))
        .values_list("theme_id", "n")
    )
    themes = [
        ThemeCount(pk, name, counts.get(pk, 0))
        for pk, name in survey.themes.order_by("name").values_list("pk", "name")
    ]
    chart = None
    if themes:
        chart = bar_chart(
            [Row(label=t.name, values=(t.count,), texts=(str(t.count),)) for t in themes],
            labelled_by="grafiek-themas",
        )
    return {
        "suppressed": False,
        "page": answers,
        "total": paginator.count,
        "themes": themes,
        "theme_chart": chart,
    }


def public_index() -> list[Survey]:
    return list(public_surveys().only("pk", "title", "public_at", "closes_at", "public_summary"))


def public_overview(survey: Survey) -> dict:
    """The public summary's figures: the closed questions over all responses and the response
    rate overall; no open texts, no breakdown per council."""
    rate = response_rate(survey)
    return {
        **results_overview(survey, public=True, top_level=3),
        "rate": {key: rate[key] for key in ("asked", "finished", "percent")},
    }
