"""Reads for the questionnaire pages of askers and members: who may ask in whose name, the
index's three lists with each questionnaire's state, and a questionnaire in reading order.
Each takes a fixed number of queries, however many questionnaires or questions there are."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.visibility import Viewer
from councils.models import Council, WorkingGroup

from .audience import surveys_for_user
from .models import Option, Participation, Question, Response, Section, Survey
from .permissions import GLOBAL_ASKERS, can_create_survey, managed_surveys_q

PLATFORM = "platform"

# A questionnaire's state for its asker.
CONCEPT, PLANNED, OPEN, CLOSED = "concept", "planned", "open", "closed"
STATE_LABELS = {
    CONCEPT: gettext_lazy("Concept"),
    PLANNED: gettext_lazy("Gepland"),
    OPEN: gettext_lazy("Open"),
    CLOSED: gettext_lazy("Gesloten"),
}
# A questionnaire's state for one member.
NOT_STARTED, BUSY, DONE = "not_started", "busy", "done"
PERSON_LABELS = {
    NOT_STARTED: gettext_lazy("Niet begonnen"),
    BUSY: gettext_lazy("Bezig"),
    DONE: gettext_lazy("Ingevuld"),
}


def can_view_surveys(viewer: Viewer) -> bool:
    """The questionnaires page: council and working group members (they are asked) and those
    who may ask. Liaisons, and people who left their council, are not asked anything."""
    return bool(viewer.is_council_member or viewer.working_group_ids or can_create_survey(viewer))


def asker_choices(viewer: Viewer) -> list[tuple[str, str]]:
    """In whose name the viewer may ask: the councils they are secretary or chair of, their
    working groups, and the platform for editors and administrators."""
    choices = [
        (f"council-{council.pk}", council.name)
        for council in Council.objects.filter(pk__in=viewer.managed_council_ids).order_by("name")
    ]
    choices += [
        (f"wg-{group.pk}", _("Werkgroep %(name)s") % {"name": group.name})
        for group in WorkingGroup.objects.filter(pk__in=viewer.working_group_ids).order_by("name")
    ]
    if viewer.roles & GLOBAL_ASKERS:
        choices.append((PLATFORM, _("Raadsplein (redactie of beheer)")))
    return choices


def asker_value(survey: Survey) -> str:
    if survey.council_id:
        return f"council-{survey.council_id}"
    if survey.working_group_id:
        return f"wg-{survey.working_group_id}"
    return PLATFORM


def asker_label(survey: Survey) -> str:
    if survey.council_id:
        return survey.council.name
    if survey.working_group_id:
        return _("Werkgroep %(name)s") % {"name": survey.working_group.name}
    return _("Raadsplein")


def survey_state(survey: Survey, now=None) -> str:
    now = now or timezone.now()
    if survey.published_at is None:
        return CONCEPT
    if survey.closes_at <= now:
        return CLOSED
    if survey.opens_at > now:
        return PLANNED
    return OPEN


@dataclass
class SurveyIndex:
    for_you: list[Survey] = field(default_factory=list)
    results: list[Survey] = field(default_factory=list)
    asked: list[Survey] = field(default_factory=list)
    can_create: bool = False


def survey_index(viewer: Viewer, *, now=None) -> SurveyIndex:
    """The three lists of /vragenlijsten/. Each survey gets ``state`` and ``state_label``
    (for the person: niet begonnen / bezig / ingevuld; for the asker: concept / gepland /
    open / gesloten)."""
    now = now or timezone.now()
    index = SurveyIndex(can_create=can_create_survey(viewer))
    mine = list(
        surveys_for_user(viewer.user_id)
        .filter(opens_at__lte=now)
        .select_related("council", "working_group")
        .order_by("closes_at", "pk")
    )
    states = dict(
        Participation.objects.filter(
            user_id=viewer.user_id, survey_id__in=[s.pk for s in mine]
        ).values_list("survey_id", "finished")
    )
    answered = set(
        Response.objects.filter(
            user_id=viewer.user_id, survey_id__in=[s.pk for s in mine]
        ).values_list("survey_id", flat=True)
    )
    for survey in mine:
        survey.asker_label = asker_label(survey)
        if survey.closes_at > now:
            if survey.pk in answered or states.get(survey.pk):
                survey.state = DONE
            elif survey.pk in states:
                survey.state = BUSY
            else:
                survey.state = NOT_STARTED
            survey.state_label = PERSON_LABELS[survey.state]
            index.for_you.append(survey)
        elif survey.results_for == Survey.ResultsFor.MEMBERS:
            index.results.append(survey)
    index.results.sort(key=lambda s: s.closes_at, reverse=True)
    index.asked = list(
        Survey.objects.filter(managed_surveys_q(viewer))
        .select_related("council", "working_group")
        .annotate(n_responses=Count("responses"))
        .order_by("-created_at", "-pk")
    )
    for survey in index.asked:
        survey.asker_label = asker_label(survey)
        survey.state = survey_state(survey, now)
        survey.state_label = STATE_LABELS[survey.state]
    return index


def survey_for_page(pk: int) -> Survey | None:
    return (
        Survey.objects.select_related(
            "council", "working_group", "audience_working_group", "previous"
        )
        .prefetch_related("audience_councils")
        .filter(pk=pk)
        .first()
    )


@dataclass
class Block:
    """A part of the questionnaire in reading order: the questions without a section first
    (``section`` None), then each section with its questions."""

    section: Section | None
    questions: list[Question]


def survey_blocks(survey: Survey) -> list[Block]:
    """The questions by section, each with its options and its condition (three queries)."""
    questions = list(
        Question.objects.filter(survey=survey)
        .select_related("show_if_option__question")
        .prefetch_related(Prefetch("options", queryset=Option.objects.order_by("position", "pk")))
        .order_by("position", "pk")
    )
    sections = list(Section.objects.filter(survey=survey).order_by("position", "pk"))
    blocks = [Block(section=None, questions=[])]
    blocks += [Block(section=s, questions=[]) for s in sections]
    by_section = {b.section.pk: b for b in blocks[1:]}
    for number, question in enumerate(questions, 1):
        question.number = number
        by_section.get(question.section_id, blocks[0]).questions.append(question)
    if not blocks[0].questions:
        blocks = blocks[1:]
    return blocks


def condition_choices(survey: Survey, *, exclude: Question | None = None):
    """The options a question may depend on: of a single or multiple question of this survey
    that is itself always shown, labelled "question → option"."""
    options = (
        Option.objects.filter(
            question__survey=survey,
            question__kind__in=["single", "multiple"],
            question__show_if_option__isnull=True,
        )
        .select_related("question")
        .order_by("question__position", "position", "pk")
    )
    if exclude is not None:
        options = options.exclude(question=exclude)
    return [(o.pk, f"{o.question.text} → {o.label}") for o in options]
