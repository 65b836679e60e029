"""Background work for questionnaires: the mail when one opens, the reminder before it closes,
and how long answers are kept. Every function is idempotent (running it twice sends and
changes nothing more than once) and holds no transaction while a mail server is spoken to:
the mails go into the outbox in the same transaction that marks them sent (``announced_at``,
``reminded_at``), and the outbox sends them after the commit.

The reminder reads who finished from ``Participation`` only, never a response or an answer:
for an anonymous questionnaire that is all the platform knows about a person."""

from __future__ import annotations

import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from common.outbox import outbox_enqueue_template
from common.site import absolute_url
from councils.models import Membership

from .audience import audience_memberships
from .models import TEXT_KINDS, Answer, Participation, Response, Survey

User = get_user_model()

# A reminder never comes on the heels of the announcement: at least this long after opening.
REMINDER_NOT_BEFORE = datetime.timedelta(days=1)


def answer_url(survey: Survey) -> str:
    """The absolute address (SITE_URL) where a member fills in the questionnaire."""
    return absolute_url(reverse("surveys:answer", args=[survey.pk]))


def asker_name(survey: Survey) -> str:
    if survey.working_group_id:
        return str(survey.working_group)
    if survey.council_id:
        return str(survey.council)
    return settings.SITE_NAME


def _recipients(survey: Survey) -> QuerySet:
    """The people in the audience (once each) who have not finished and still want its mail."""
    done = Participation.objects.filter(survey=survey).filter(
        Q(finished=True) | Q(no_reminder=True)
    )
    return (
        User.objects.filter(pk__in=audience_memberships(survey).values("user_id"), is_active=True)
        .exclude(email="")
        .exclude(pk__in=done.values("user_id"))
        .order_by("pk")
    )


def _mail_each(survey: Survey, *, template: str, kind: str) -> int:
    context = {"survey": survey, "asker": asker_name(survey), "url": answer_url(survey)}
    sent = 0
    for user in _recipients(survey).only("pk", "email", "first_name"):
        outbox_enqueue_template(
            to=[user.email],
            template=template,
            context={**context, "user": user},
            kind=kind,
            caused_by=None,
        )
        sent += 1
    return sent


def _claim_and_mail(due: QuerySet, field: str, now, *, template: str, kind: str) -> dict:
    """Per questionnaire one transaction: claim it (``field`` from empty to ``now``, one UPDATE
    that only an unclaimed row matches) and write its mails to the outbox. A second run, or
    two at once, finds it claimed and sends nothing; the outbox sends after the commit."""
    result = {"surveys": 0, "mails": 0}
    for pk in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            if not Survey.objects.filter(pk=pk, **{f"{field}__isnull": True}).update(
                **{field: now}
            ):
                continue  # another run claimed it
            survey = Survey.objects.select_related("council", "working_group").get(pk=pk)
            result["mails"] += _mail_each(
                survey, template=f"surveys/{template}", kind=f"survey.{kind}"
            )
            result["surveys"] += 1
    return result


def surveys_announce(*, now: datetime.datetime | None = None) -> dict:
    """One mail to each person in the audience of every published questionnaire that has
    opened and not yet been announced (claimed with ``announced_at``)."""
    now = now or timezone.now()
    due = Survey.objects.filter(
        published_at__isnull=False,
        announced_at__isnull=True,
        opens_at__lte=now,
        closes_at__gt=now,
    )
    return _claim_and_mail(due, "announced_at", now, template="mail_announce", kind="announce")


def surveys_remind(*, now: datetime.datetime | None = None) -> dict:
    """SURVEY_REMINDER_DAYS before a questionnaire closes, once: a mail to the people in its
    audience who have not finished it (no participation, or one not finished) and did not ask
    for no more reminders. Never in the first day after opening."""
    now = now or timezone.now()
    due = Survey.objects.filter(
        published_at__isnull=False,
        reminded_at__isnull=True,
        opens_at__lte=now - REMINDER_NOT_BEFORE,
        closes_at__gt=now,
        closes_at__lte=now + datetime.timedelta(days=settings.SURVEY_REMINDER_DAYS),
    )
    return _claim_and_mail(due, "reminded_at", now, template="mail_reminder", kind="reminder")


def surveys_retention(*, now: datetime.datetime | None = None) -> dict:
    """What the platform keeps of answers, daily:

    - answers in progress (``Participation.draft``) go once a questionnaire has closed: they
      can no longer be sent and are named, also for an anonymous questionnaire;
    - named answers are deleted SURVEY_NAMED_RETENTION_MONTHS (calendar months) after the
      questionnaire closed;
    - of people who no longer sit on any council, a named response is kept only as an
      anonymous count: without the person and the time, without their open texts (and the
      themes on them); their participations go (they are not asked any more, so they no
      longer count in the response rate either)."""
    now = now or timezone.now()
    cutoff = now - relativedelta(months=settings.SURVEY_NAMED_RETENTION_MONTHS)
    result = {}
    with transaction.atomic():
        result["drafts_cleared"] = (
            Participation.objects.filter(survey__closes_at__lte=now)
            .exclude(draft={})
            # a finished participation has no draft (a database constraint)
            .update(draft={})
        )
        result["named_deleted"] = (
            Response.objects.filter(survey__anonymous=False, survey__closes_at__lte=cutoff)
            .delete()[1]
            .get(Response._meta.label, 0)
        )

        sitting = Membership.objects.active(timezone.localdate(now)).values("user_id")
        left = Response.objects.filter(user__isnull=False).exclude(user_id__in=sitting)
        left_ids = list(left.values_list("pk", flat=True))
        texts = Answer.objects.filter(response_id__in=left_ids)
        result["texts_removed"] = (
            texts.filter(question__kind__in=TEXT_KINDS).delete()[1].get(Answer._meta.label, 0)
        )
        others = texts.filter(is_other=True).exclude(text="")
        Answer.themes.through.objects.filter(answer_id__in=others.values("pk")).delete()
        result["texts_removed"] += others.update(text="")
        result["left_anonymised"] = Response.objects.filter(pk__in=left_ids).update(
            user=None, submitted_at=None
        )
        result["participations_of_leavers_deleted"] = (
            Participation.objects.exclude(user_id__in=sitting)
            .delete()[1]
            .get(Participation._meta.label, 0)
        )
    return result


@db_periodic_task(crontab(minute="*/5"))
def surveys_announce_task() -> dict:
    return surveys_announce()


@db_periodic_task(crontab(minute="20"))
def surveys_remind_task() -> dict:
    return surveys_remind()


@db_periodic_task(crontab(hour="3", minute="50"))
def surveys_retention_task() -> dict:
    return surveys_retention()
