"""Writes around a questionnaire's results: the asker's themes on open answers, who sees the
results, and the editor's public summary. Each write is one transaction with an audit entry
that names the questionnaire and how many answers, never an answer's text or a respondent."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.audit import audit_log

from .models import Answer, Question, Survey, Theme


class ResultsError(Exception):
    """A user-facing reason why a change to the results is refused."""


def theme_create(*, actor, survey: Survey, name: str) -> Theme:
    name = " ".join(name.split())
    if not name:
        raise ResultsError(_("Geef het thema een naam."))
    if survey.themes.filter(name__iexact=name).exists():
        raise ResultsError(_("Dit thema bestaat al bij deze vragenlijst."))
    try:
        with transaction.atomic():
            theme = Theme.objects.create(survey=survey, name=name)
            audit_log(
                actor=actor, action="survey.theme_create", obj=survey, details={"theme": theme.pk}
            )
    except IntegrityError as error:  # the same name saved at the same moment
        raise ResultsError(_("Dit thema bestaat al bij deze vragenlijst.")) from error
    return theme


def answer_themes_set(
    *,
    actor,
    survey: Survey,
    question: Question,
    assignments: Mapping[int, Iterable[int]],
) -> int:
    """Give each answer (id) exactly the themes (ids) given: ticked ones are added, the others
    taken off. Answers of another question and themes of another questionnaire are ignored.
    Returns how many answers were looked at."""
    through = Answer.themes.through
    with transaction.atomic():
        answer_ids = set(
            Answer.objects.filter(
                pk__in=list(assignments), question=question, response__survey=survey
            ).values_list("pk", flat=True)
        )
        theme_ids = set(survey.themes.values_list("pk", flat=True))
        through.objects.filter(answer_id__in=answer_ids).delete()
        through.objects.bulk_create(
            [
                through(answer_id=answer_id, theme_id=theme_id)
                for answer_id in sorted(answer_ids)
                for theme_id in sorted(set(assignments[answer_id]) & theme_ids)
            ]
        )
        audit_log(
            actor=actor,
            action="survey.answer_themes_set",
            obj=survey,
            details={"question": question.pk, "answers": len(answer_ids)},
        )
    return len(answer_ids)


def results_visibility_set(*, actor, survey: Survey, results_for: str) -> Survey:
    if results_for not in Survey.ResultsFor.values:
        raise ResultsError(_("Kies voor wie de uitslag zichtbaar is."))
    with transaction.atomic():
        survey.results_for = results_for
        survey.save(update_fields=["results_for", "updated_at"])
        audit_log(
            actor=actor,
            action="survey.results_visibility",
            obj=survey,
            details={"results_for": results_for},
        )
    return survey


def public_summary_publish(*, actor, survey: Survey, summary: str) -> Survey:
    """Put the summary and the closed questions' figures on the public site (or change the
    summary of one already there: it keeps its date)."""
    summary = summary.strip()
    if not summary:
        raise ResultsError(_("Schrijf een samenvatting."))
    if not survey.is_closed():
        raise ResultsError(_("Een vragenlijst die nog open is, kan niet openbaar worden."))
    with transaction.atomic():
        survey.public_summary = summary
        survey.public_at = survey.public_at or timezone.now()
        survey.save(update_fields=["public_summary", "public_at", "updated_at"])
        audit_log(actor=actor, action="survey.public_summary_publish", obj=survey)
    return survey


def public_summary_withdraw(*, actor, survey: Survey) -> Survey:
    """Take the public page off the site; the summary's text is kept for a next time."""
    with transaction.atomic():
        survey.public_at = None
        survey.save(update_fields=["public_at", "updated_at"])
        audit_log(actor=actor, action="survey.public_summary_withdraw", obj=survey)
    return survey
