"""Writing questionnaires: the questionnaire itself, its sections and questions, publishing,
closing and new versions. Every service runs in one transaction with an audit entry.

Once answers came in (a finished response, or someone's answers in progress) only texts may
change: a changed question would mix answers to two different questions. Structure changes are
refused with ``SurveyLocked``; the way out is ``survey_new_version``.

Question order: ``Question.position`` runs through the whole questionnaire in reading order
(questions without a section first, then each section's in turn), renumbered after every
change, so ordering by position alone gives the order the member sees."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.audit import audit_log
from common.visibility import Viewer
from councils.models import Council, Membership, WorkingGroup

from .models import (
    CHOICE_KINDS,
    OPTION_KINDS,
    Option,
    Participation,
    Question,
    QuestionKind,
    Response,
    Section,
    Survey,
)
from .selectors_author import asker_choices, asker_value

NEW_VERSION_DAYS = 14
UNCHANGED = "unchanged"  # a question's setting that the caller leaves as it is


class SurveyError(Exception):
    """A user-facing reason why an action is refused."""


class SurveyLocked(SurveyError):
    """A structure change after answers came in: the page offers "Nieuwe versie maken"."""

    def __init__(self, message: str | None = None):
        super().__init__(
            message
            or _(
                "Er zijn al antwoorden gegeven. U kunt nu alleen teksten aanpassen. "
                "Wilt u vragen of keuzes veranderen? Maak dan een nieuwe versie."
            )
        )


def has_answers(survey: Survey) -> bool:
    """Answers came in: a response, or someone's answers in progress."""
    return (
        Response.objects.filter(survey=survey).exists()
        or Participation.objects.filter(survey=survey).exclude(draft={}).exists()
    )


def _check_unlocked(survey: Survey) -> None:
    if has_answers(survey):
        raise SurveyLocked()


# --- the questionnaire --------------------------------------------------------------------


def _resolve_asker(viewer: Viewer, asker: str, survey: Survey | None = None):
    """(council, working_group) for an asker value the viewer may choose."""
    allowed = {value for value, _label in asker_choices(viewer)}
    if survey is not None:
        allowed.add(asker_value(survey))
    if asker not in allowed:
        raise SurveyError(_("U kunt deze vragenlijst niet namens deze raad of groep stellen."))
    kind, _sep, pk = asker.partition("-")
    if kind == "council":
        return Council.objects.get(pk=pk), None
    if kind == "wg":
        return None, WorkingGroup.objects.get(pk=pk)
    return None, None


def _audience(
    *,
    council: Council | None,
    audience: str,
    audience_councils,
    audience_working_group,
    audience_roles,
) -> tuple[str, list, WorkingGroup | None, list[str]]:
    """The audience as it will be saved. A district council asks its own members only."""
    roles = sorted(set(audience_roles or []))
    if set(roles) - set(Membership.Role.values):
        raise SurveyError(_("Kies rollen uit de lijst."))
    if council is not None and council.kind != Council.Kind.CENTRAL:
        return Survey.Audience.COUNCILS, [council], None, roles
    if audience not in Survey.Audience.values:
        raise SurveyError(_("Kies voor wie de vragenlijst is."))
    councils = list(audience_councils or [])
    if audience == Survey.Audience.COUNCILS:
        if not councils:
            raise SurveyError(_("Kies ten minste één raad."))
        return audience, councils, None, roles
    if audience == Survey.Audience.WORKING_GROUP:
        if audience_working_group is None:
            raise SurveyError(_("Kies de werkgroep."))
        return audience, [], audience_working_group, roles
    return audience, [], None, roles


def _check_dates(opens_at, closes_at) -> None:
    if closes_at <= opens_at:
        raise SurveyError(_("De vragenlijst moet sluiten na het moment dat hij opengaat."))


def survey_create(
    *,
    actor,
    viewer: Viewer,
    title: str,
    asker: str,
    opens_at: datetime.datetime,
    closes_at: datetime.datetime,
    title_en: str = "",
    intro: str = "",
    intro_en: str = "",
    anonymous: bool = True,
    audience: str = Survey.Audience.ALL,
    audience_councils=(),
    audience_working_group: WorkingGroup | None = None,
    audience_roles=(),
    results_for: str = Survey.ResultsFor.ASKER,
) -> Survey:
    """A new questionnaire, as a concept: only its asker sees it until it is published."""
    if not title.strip():
        raise SurveyError(_("Geef de vragenlijst een titel."))
    if results_for not in Survey.ResultsFor.values:
        raise SurveyError(_("Kies wie de uitslag mag zien."))
    _check_dates(opens_at, closes_at)
    council, working_group = _resolve_asker(viewer, asker)
    audience, councils, group, roles = _audience(
        council=council,
        audience=audience,
        audience_councils=audience_councils,
        audience_working_group=audience_working_group,
        audience_roles=audience_roles,
    )
    with transaction.atomic():
        survey = Survey.objects.create(
            title=title.strip(),
            title_en=title_en.strip(),
            intro=intro.strip(),
            intro_en=intro_en.strip(),
            council=council,
            working_group=working_group,
            anonymous=anonymous,
            audience=audience,
            audience_working_group=group,
            audience_roles=roles,
            opens_at=opens_at,
            closes_at=closes_at,
            results_for=results_for,
            created_by=actor,
        )
        survey.audience_councils.set(councils)
        audit_log(actor=actor, action="survey.create", obj=survey)
    return survey


TEXT_FIELDS = ("title", "title_en", "intro", "intro_en")


def survey_update(
    *,
    actor,
    viewer: Viewer,
    survey: Survey,
    title: str,
    title_en: str = "",
    intro: str = "",
    intro_en: str = "",
    asker: str | None = None,
    anonymous: bool | None = None,
    audience: str | None = None,
    audience_councils=None,
    audience_working_group: WorkingGroup | None = None,
    audience_roles=None,
    opens_at: datetime.datetime | None = None,
    closes_at: datetime.datetime | None = None,
    results_for: str | None = None,
) -> Survey:
    """Change a questionnaire. ``None`` leaves a setting as it is; after answers came in, only
    the texts may change (``SurveyLocked`` for anything else)."""
    if not title.strip():
        raise SurveyError(_("Geef de vragenlijst een titel."))
    texts = {
        "title": title.strip(),
        "title_en": title_en.strip(),
        "intro": intro.strip(),
        "intro_en": intro_en.strip(),
    }
    settings_given = any(
        value is not None
        for value in (asker, anonymous, audience, audience_roles, opens_at, closes_at, results_for)
    )
    new = {}
    councils = None
    if settings_given:
        council, working_group = _resolve_asker(viewer, asker or asker_value(survey), survey)
        audience, councils, group, roles = _audience(
            council=council,
            audience=audience or survey.audience,
            audience_councils=(
                audience_councils
                if audience_councils is not None
                else list(survey.audience_councils.all())
            ),
            audience_working_group=audience_working_group or survey.audience_working_group,
            audience_roles=(
                audience_roles if audience_roles is not None else survey.audience_roles
            ),
        )
        opens_at = opens_at or survey.opens_at
        closes_at = closes_at or survey.closes_at
        _check_dates(opens_at, closes_at)
        if results_for is not None and results_for not in Survey.ResultsFor.values:
            raise SurveyError(_("Kies wie de uitslag mag zien."))
        new = {
            "council": council,
            "working_group": working_group,
            "anonymous": survey.anonymous if anonymous is None else anonymous,
            "audience": audience,
            "audience_working_group": group,
            "audience_roles": roles,
            "opens_at": opens_at,
            "closes_at": closes_at,
            "results_for": results_for or survey.results_for,
        }
    changed = [name for name, value in new.items() if getattr(survey, name) != value]
    councils_changed = councils is not None and {c.pk for c in councils} != set(
        survey.audience_councils.values_list("pk", flat=True)
    )
    # After answers came in, a later close date is allowed (more time to answer), and who
    # sees the results; anything else would no longer match the answers.
    structural = [
        name
        for name in changed
        if name != "results_for" and not (name == "closes_at" and new[name] > survey.closes_at)
    ]
    with transaction.atomic():
        if (structural or councils_changed) and has_answers(survey):
            raise SurveyLocked()
        for name, value in {**texts, **new}.items():
            setattr(survey, name, value)
        survey.save(update_fields=[*texts, *new, "updated_at"])
        if councils_changed:
            survey.audience_councils.set(councils)
        audit_log(
            actor=actor,
            action="survey.update",
            obj=survey,
            details={"changed": changed + (["audience_councils"] if councils_changed else [])},
        )
    return survey


def survey_publish(*, actor, survey: Survey, now: datetime.datetime | None = None) -> Survey:
    """Publish a concept: it reaches its audience from ``opens_at``. A new version closes the
    version before it, if that one is still open."""
    now = now or timezone.now()
    if survey.published_at is not None:
        raise SurveyError(_("Deze vragenlijst is al gepubliceerd."))
    if survey.closes_at <= now:
        raise SurveyError(
            _("De sluitdatum is al voorbij. Kies een sluitdatum in de toekomst en publiceer dan.")
        )
    _check_dates(survey.opens_at, survey.closes_at)
    questions = list(survey.questions.all())
    if not questions:
        raise SurveyError(_("Voeg eerst ten minste één vraag toe."))
    counts = _option_counts(survey)
    for question in questions:
        problem = _options_problem(question.kind, counts.get(question.pk, 0), question.has_other)
        if problem:
            raise SurveyError(f"{question.text}: {problem}")
    with transaction.atomic():
        survey.published_at = now
        survey.save(update_fields=["published_at", "updated_at"])
        previous = survey.previous
        if previous is not None and previous.is_open(now):
            previous.closes_at = now
            previous.save(update_fields=["closes_at", "updated_at"])
            audit_log(
                actor=actor, action="survey.close", obj=previous, details={"by_version": True}
            )
        audit_log(actor=actor, action="survey.publish", obj=survey)
    return survey


def survey_close(*, actor, survey: Survey, now: datetime.datetime | None = None) -> Survey:
    """Close an open questionnaire now: no one can answer or change answers any more."""
    now = now or timezone.now()
    if not survey.is_open(now):
        raise SurveyError(_("Alleen een vragenlijst die open is, kunt u nu sluiten."))
    with transaction.atomic():
        survey.closes_at = now
        survey.save(update_fields=["closes_at", "updated_at"])
        audit_log(actor=actor, action="survey.close", obj=survey)
    return survey


def survey_new_version(*, actor, survey: Survey, now: datetime.datetime | None = None) -> Survey:
    """A concept copy (sections, questions, options, conditions) with the next version number;
    its answers start empty. Publishing it closes this one."""
    now = now or timezone.now()
    if survey.next_versions.exists():
        raise SurveyError(_("Er is al een nieuwere versie van deze vragenlijst."))
    opens_at = max(survey.opens_at, now)
    closes_at = max(survey.closes_at, opens_at + datetime.timedelta(days=NEW_VERSION_DAYS))
    with transaction.atomic():
        copy = Survey.objects.create(
            title=survey.title,
            title_en=survey.title_en,
            intro=survey.intro,
            intro_en=survey.intro_en,
            council=survey.council,
            working_group=survey.working_group,
            anonymous=survey.anonymous,
            audience=survey.audience,
            audience_roles=list(survey.audience_roles),
            audience_working_group=survey.audience_working_group,
            opens_at=opens_at,
            closes_at=closes_at,
            results_for=survey.results_for,
            version=survey.version + 1,
            previous=survey,
            created_by=actor,
        )
        copy.audience_councils.set(survey.audience_councils.all())
        sections = {}
        for section in survey.sections.all():
            sections[section.pk] = Section.objects.create(
                survey=copy,
                position=section.position,
                heading=section.heading,
                heading_en=section.heading_en,
                intro=section.intro,
            )
        questions, conditions = {}, {}
        for question in survey.questions.all():
            questions[question.pk] = Question.objects.create(
                survey=copy,
                section=sections.get(question.section_id),
                position=question.position,
                kind=question.kind,
                text=question.text,
                text_en=question.text_en,
                help_text=question.help_text,
                required=question.required,
                has_other=question.has_other,
                scale_min_label=question.scale_min_label,
                scale_max_label=question.scale_max_label,
                number_min=question.number_min,
                number_max=question.number_max,
            )
            if question.show_if_option_id:
                conditions[question.pk] = question.show_if_option_id
        options = {}
        for option in Option.objects.filter(question__survey=survey):
            options[option.pk] = Option.objects.create(
                question=questions[option.question_id],
                position=option.position,
                label=option.label,
                label_en=option.label_en,
            )
        for old_pk, option_pk in conditions.items():
            question = questions[old_pk]
            question.show_if_option = options.get(option_pk)
            question.save(update_fields=["show_if_option"])
        audit_log(
            actor=actor,
            action="survey.new_version",
            obj=copy,
            details={"previous": survey.pk, "version": copy.version},
        )
    return copy


# --- order ----------------------------------------------------------------------------------


def _renumber(survey: Survey) -> list[Question]:
    """Sections 0..n; questions 0..m in reading order. Returns the questions in that order."""
    sections = list(Section.objects.filter(survey=survey).order_by("position", "pk"))
    place = {}
    for index, section in enumerate(sections):
        place[section.pk] = index
        if section.position != index:
            section.position = index
            section.save(update_fields=["position"])
    questions = sorted(
        Question.objects.filter(survey=survey),
        key=lambda q: (place.get(q.section_id, -1), q.position, q.pk),
    )
    for index, question in enumerate(questions):
        if question.position != index:
            question.position = index
            question.save(update_fields=["position"])
    return questions


def _check_conditions_order(questions: list[Question]) -> None:
    """Every conditional question comes after the question its condition belongs to."""
    index = {q.pk: i for i, q in enumerate(questions)}
    option_question = dict(
        Option.objects.filter(question__in=[q.pk for q in questions]).values_list(
            "pk", "question_id"
        )
    )
    for i, question in enumerate(questions):
        condition = option_question.get(question.show_if_option_id)
        if question.show_if_option_id and index.get(condition, i) >= i:
            raise SurveyError(
                _(
                    "“%(text)s” wordt alleen getoond na een antwoord op een eerdere vraag. "
                    "Die vraag moet ervoor blijven staan."
                )
                % {"text": question.text}
            )


def _end_position(survey: Survey, section: Section | None) -> int:
    """A position after every question of ``section`` (renumbering tidies it up)."""
    return Question.objects.filter(survey=survey).count() + 1


# --- questions ------------------------------------------------------------------------------


def _option_counts(survey: Survey) -> dict[int, int]:
    counts: dict[int, int] = {}
    for question_id in Option.objects.filter(question__survey=survey).values_list(
        "question_id", flat=True
    ):
        counts[question_id] = counts.get(question_id, 0) + 1
    return counts


def _options_problem(kind: str, count: int, has_other: bool) -> str:
    if kind == QuestionKind.RANK and count < 2:
        return _("Geef ten minste twee keuzes om in volgorde te zetten.")
    if kind in CHOICE_KINDS and count + (1 if has_other else 0) < 2:
        return _("Geef ten minste twee keuzes (“anders, namelijk” telt mee).")
    return ""


def _clean_lines(options) -> list[str]:
    return [line.strip() for line in options or () if line.strip()]


def _check_condition(
    *, survey: Survey, question: Question | None, show_if_option: Option | None
) -> None:
    """One level: the condition is an option of a single or multiple question of this survey
    that is not conditional itself, and a question others depend on cannot become one."""
    if show_if_option is None:
        return
    condition = show_if_option.question
    if condition.survey_id != survey.pk:
        raise SurveyError(_("Kies een keuze uit een vraag van deze vragenlijst."))
    if question is not None and condition.pk == question.pk:
        raise SurveyError(_("Een vraag kan niet van zichzelf afhangen."))
    if condition.kind not in CHOICE_KINDS:
        raise SurveyError(_("Kies een keuze uit een vraag met één keuze of meer keuzes."))
    if condition.show_if_option_id:
        raise SurveyError(
            _(
                "De vraag “%(text)s” wordt zelf alleen soms getoond. Een voorwaarde kan maar "
                "één stap diep: kies een vraag die altijd getoond wordt."
            )
            % {"text": condition.text}
        )
    if question is not None and _depends_on(question):
        raise SurveyError(
            _(
                "Andere vragen hangen af van deze vraag. Daarom kan deze vraag zelf geen "
                "voorwaarde krijgen."
            )
        )


def _kind_fields(
    *,
    kind: str,
    has_other: bool,
    scale_min_label: str,
    scale_max_label: str,
    number_min: int | None,
    number_max: int | None,
) -> dict:
    """What a kind keeps; the rest is emptied so a changed kind leaves nothing behind."""
    if kind not in QuestionKind.values:
        raise SurveyError(_("Kies een soort vraag uit de lijst."))
    numbers = kind == QuestionKind.NUMBER and None not in (number_min, number_max)
    if numbers and number_min > number_max:
        raise SurveyError(_("Het kleinste getal mag niet groter zijn dan het grootste."))
    scale = kind == QuestionKind.SCALE
    number = kind == QuestionKind.NUMBER
    return {
        "kind": kind,
        "has_other": bool(has_other) and kind in CHOICE_KINDS,
        "scale_min_label": scale_min_label.strip() if scale else "",
        "scale_max_label": scale_max_label.strip() if scale else "",
        "number_min": number_min if number else None,
        "number_max": number_max if number else None,
    }


def question_add(
    *,
    actor,
    survey: Survey,
    kind: str,
    text: str,
    text_en: str = "",
    help_text: str = "",
    required: bool = False,
    has_other: bool = False,
    options=(),
    scale_min_label: str = "",
    scale_max_label: str = "",
    number_min: int | None = None,
    number_max: int | None = None,
    section: Section | None = None,
    show_if_option: Option | None = None,
) -> Question:
    """A question at the end of its section (or of the questions without a section)."""
    if not text.strip():
        raise SurveyError(_("Schrijf de vraag."))
    if section is not None and section.survey_id != survey.pk:
        raise SurveyError(_("Kies een deel van deze vragenlijst."))
    fields = _kind_fields(
        kind=kind,
        has_other=has_other,
        scale_min_label=scale_min_label,
        scale_max_label=scale_max_label,
        number_min=number_min,
        number_max=number_max,
    )
    lines = _clean_lines(options) if kind in OPTION_KINDS else []
    problem = _options_problem(kind, len(lines), fields["has_other"])
    if problem:
        raise SurveyError(problem)
    _check_condition(survey=survey, question=None, show_if_option=show_if_option)
    with transaction.atomic():
        _check_unlocked(survey)
        question = Question.objects.create(
            survey=survey,
            section=section,
            position=_end_position(survey, section),
            text=text.strip(),
            text_en=text_en.strip(),
            help_text=help_text.strip(),
            required=required,
            show_if_option=show_if_option,
            **fields,
        )
        Option.objects.bulk_create(
            Option(question=question, position=i, label=label) for i, label in enumerate(lines)
        )
        _check_conditions_order(_renumber(survey))
        audit_log(actor=actor, action="survey.question_add", obj=survey, details={"q": question.pk})
    return question


def _depends_on(question: Question) -> bool:
    return Question.objects.filter(show_if_option__question=question).exists()


def question_update(
    *,
    actor,
    question: Question,
    text: str,
    text_en: str = "",
    help_text: str = "",
    options=None,
    scale_min_label: str = "",
    scale_max_label: str = "",
    kind: str | None = None,
    required: bool | None = None,
    has_other: bool | None = None,
    number_min: int | None | str = UNCHANGED,
    number_max: int | None | str = UNCHANGED,
    section: Section | None | str = UNCHANGED,
    show_if_option: Option | None | str = UNCHANGED,
) -> Question:
    """Change a question. Texts (the question, help, option labels, scale labels) may always
    change; anything else only before answers came in. ``options`` is the list of labels:
    after answers only as many as before, in the same order (the labels change, the options
    stay)."""
    survey = question.survey
    if not text.strip():
        raise SurveyError(_("Schrijf de vraag."))
    kind = kind or question.kind
    old_options = list(question.options.all())
    lines = _clean_lines(options) if options is not None else [o.label for o in old_options]
    if kind not in OPTION_KINDS:
        lines = []
    fields = _kind_fields(
        kind=kind,
        has_other=question.has_other if has_other is None else has_other,
        scale_min_label=scale_min_label,
        scale_max_label=scale_max_label,
        number_min=question.number_min if number_min == UNCHANGED else number_min,
        number_max=question.number_max if number_max == UNCHANGED else number_max,
    )
    structure = {
        **{k: v for k, v in fields.items() if k not in ("scale_min_label", "scale_max_label")},
        "required": question.required if required is None else required,
        "section_id": question.section_id
        if section == UNCHANGED
        else (section.pk if section else None),
        "show_if_option_id": question.show_if_option_id
        if show_if_option == UNCHANGED
        else (show_if_option.pk if show_if_option else None),
    }
    if section not in (UNCHANGED, None) and section.survey_id != survey.pk:
        raise SurveyError(_("Kies een deel van deze vragenlijst."))
    changed = [name for name, value in structure.items() if getattr(question, name) != value]
    options_restructured = len(lines) != len(old_options)
    locked = has_answers(survey)
    if locked and (changed or options_restructured):
        raise SurveyLocked()
    problem = _options_problem(kind, len(lines), structure["has_other"])
    if problem:
        raise SurveyError(problem)
    if "show_if_option_id" in changed:
        _check_condition(
            survey=survey,
            question=question,
            show_if_option=show_if_option if show_if_option != UNCHANGED else None,
        )
    with transaction.atomic():
        if "kind" in changed and kind not in CHOICE_KINDS and _depends_on(question):
            raise SurveyError(
                _(
                    "Andere vragen hangen af van een keuze in deze vraag. Pas eerst die vragen "
                    "aan, dan kunt u de soort vraag veranderen."
                )
            )
        _save_options(question, old_options, lines, keep=locked)
        question.text = text.strip()
        question.text_en = text_en.strip()
        question.help_text = help_text.strip()
        for name, value in {**fields, **structure}.items():
            setattr(question, name, value)
        question.save()
        if "section_id" in changed or "show_if_option_id" in changed:
            if "section_id" in changed:
                question.position = _end_position(survey, question.section)
                question.save(update_fields=["position"])
            _check_conditions_order(_renumber(survey))
        audit_log(
            actor=actor,
            action="survey.question_update",
            obj=survey,
            details={"q": question.pk, "changed": changed},
        )
    return question


def _save_options(question: Question, old: list[Option], lines: list[str], *, keep: bool) -> None:
    """Labels to options. ``keep``: the same options, relabelled in order. Otherwise an option
    whose label stays keeps its identity (and the questions that depend on it); others are
    relabelled or removed, never one another question depends on."""
    if keep:
        pairs = list(zip(old, lines, strict=True))
    else:
        by_label = {}
        for option in old:
            by_label.setdefault(option.label, option)
        reused = [by_label.pop(label, None) for label in lines]
        used = {o.pk for o in reused if o is not None}
        spare = [o for o in old if o.pk not in used]
        pairs = [
            (option or (spare.pop(0) if spare else None), label)
            for option, label in zip(reused, lines, strict=True)
        ]
        if spare and Question.objects.filter(show_if_option__in=spare).exists():
            raise SurveyError(
                _(
                    "Een andere vraag hangt af van een keuze die u weghaalt. Pas eerst die "
                    "vraag aan."
                )
            )
        Option.objects.filter(pk__in=[o.pk for o in spare]).delete()
    for position, (option, label) in enumerate(pairs):
        if option is None:
            Option.objects.create(question=question, position=position, label=label)
        elif option.label != label or option.position != position:
            option.label, option.position = label, position
            option.save(update_fields=["label", "position"])


def question_delete(*, actor, question: Question) -> None:
    survey = question.survey
    with transaction.atomic():
        _check_unlocked(survey)
        if _depends_on(question):
            raise SurveyError(
                _(
                    "Een andere vraag wordt alleen getoond na een antwoord op deze vraag. Pas "
                    "eerst die vraag aan."
                )
            )
        details = {"q": question.pk, "text": question.text}
        question.delete()
        _renumber(survey)
        audit_log(actor=actor, action="survey.question_delete", obj=survey, details=details)


def question_move(*, actor, question: Question, up: bool) -> Question:
    """One step up or down in reading order. At the edge of a section it moves into the
    section next to it."""
    survey = question.survey
    with transaction.atomic():
        _check_unlocked(survey)
        order = _renumber(survey)
        index = next(i for i, q in enumerate(order) if q.pk == question.pk)
        question = order[index]
        neighbour_index = index - 1 if up else index + 1
        if not 0 <= neighbour_index < len(order):
            raise SurveyError(
                _("Deze vraag staat al bovenaan.") if up else _("Deze vraag staat al onderaan.")
            )
        neighbour = order[neighbour_index]
        if neighbour.section_id != question.section_id:
            question.section_id = neighbour.section_id
            question.save(update_fields=["section"])
        else:
            order[index], order[neighbour_index] = neighbour, question
            for position, q in enumerate(order):
                q.position = position
            Question.objects.bulk_update(order, ["position"])
        _check_conditions_order(_renumber(survey))
        audit_log(
            actor=actor,
            action="survey.question_move",
            obj=survey,
            details={"q": question.pk, "up": up},
        )
    return question


# --- sections -------------------------------------------------------------------------------


def section_add(
    *, actor, survey: Survey, heading: str, heading_en: str = "", intro: str = ""
) -> Section:
    if not heading.strip():
        raise SurveyError(_("Geef het deel een kop."))
    with transaction.atomic():
        _check_unlocked(survey)
        section = Section.objects.create(
            survey=survey,
            position=Section.objects.filter(survey=survey).count() + 1,
            heading=heading.strip(),
            heading_en=heading_en.strip(),
            intro=intro.strip(),
        )
        _renumber(survey)
        audit_log(actor=actor, action="survey.section_add", obj=survey, details={"s": section.pk})
    return section


def section_update(
    *, actor, section: Section, heading: str, heading_en: str = "", intro: str = ""
) -> Section:
    """Texts only: allowed also after answers came in."""
    if not heading.strip():
        raise SurveyError(_("Geef het deel een kop."))
    with transaction.atomic():
        section.heading, section.heading_en = heading.strip(), heading_en.strip()
        section.intro = intro.strip()
        section.save(update_fields=["heading", "heading_en", "intro"])
        audit_log(
            actor=actor,
            action="survey.section_update",
            obj=section.survey,
            details={"s": section.pk},
        )
    return section


def section_delete(*, actor, section: Section) -> None:
    """The heading goes; its questions join the section before it (or stand without one), so
    the order the member reads stays the same."""
    survey = section.survey
    with transaction.atomic():
        _check_unlocked(survey)
        _renumber(survey)
        section.refresh_from_db(fields=["position"])
        before = (
            Section.objects.filter(survey=survey, position__lt=section.position)
            .order_by("-position", "-pk")
            .first()
        )
        # Their positions already come after the questions of ``before``: order is kept.
        section.questions.update(section=before)
        details = {"s": section.pk, "heading": section.heading}
        section.delete()
        _renumber(survey)
        audit_log(actor=actor, action="survey.section_delete", obj=survey, details=details)


def section_move(*, actor, section: Section, up: bool) -> Section:
    survey = section.survey
    with transaction.atomic():
        _check_unlocked(survey)
        _renumber(survey)
        sections = list(Section.objects.filter(survey=survey).order_by("position", "pk"))
        index = next(i for i, s in enumerate(sections) if s.pk == section.pk)
        other = index - 1 if up else index + 1
        if not 0 <= other < len(sections):
            raise SurveyError(
                _("Dit deel staat al bovenaan.") if up else _("Dit deel staat al onderaan.")
            )
        sections[index], sections[other] = sections[other], sections[index]
        for position, s in enumerate(sections):
            s.position = position
        Section.objects.bulk_update(sections, ["position"])
        _check_conditions_order(_renumber(survey))
        audit_log(
            actor=actor,
            action="survey.section_move",
            obj=survey,
            details={"s": section.pk, "up": up},
        )
    return section
