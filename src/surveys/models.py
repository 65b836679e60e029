"""Questionnaires to members (the needs inventory) and date polls for meetings across councils.

Anonymity is a property of the schema, not of a view: an anonymous questionnaire's ``Response``
has no person, no time and a random key, and its ``Answer`` rows hang only from that response.
Who finished is kept apart in ``Participation`` (for the response rate and the reminder), which
holds no answer once the person has finished: the answers in progress (``draft``) are wiped in
the same transaction that writes the response without the person.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Eén keuze")
    MULTIPLE = "multiple", _("Meer keuzes")
    SCALE = "scale", _("Schaal van 1 tot 5")
    NUMBER = "number", _("Getal")
    SHORT_TEXT = "short_text", _("Kort antwoord")
    LONG_TEXT = "long_text", _("Lang antwoord")
    RANK = "rank", _("Zet in volgorde")


CHOICE_KINDS = frozenset({QuestionKind.SINGLE, QuestionKind.MULTIPLE})
OPTION_KINDS = frozenset({QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.RANK})
TEXT_KINDS = frozenset({QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT})
SCALE_MIN, SCALE_MAX = 1, 5
# No group smaller than this is ever shown apart (per council, per role, per option's answer
# texts), so no one can be recognised from the results.
MIN_GROUP = 5


class Survey(models.Model):
    """A questionnaire. Its asker is a council or a working group (``council`` / ``working_group``,
    at most one; neither for editors and administrators asking in the platform's name)."""

    class Audience(models.TextChoices):
        ALL = "all", _("Alle leden van alle raden")
        COUNCILS = "councils", _("Leden van gekozen raden")
        WORKING_GROUP = "working_group", _("Leden van een werkgroep")

    class ResultsFor(models.TextChoices):
        ASKER = "asker", _("Alleen wie de vragenlijst stelt")
        MEMBERS = "members", _("Alle leden die de vragenlijst kregen")

    title = models.CharField(_("titel"), max_length=200)
    title_en = models.CharField(_("titel in het Engels"), max_length=200, blank=True)
    intro = models.TextField(_("inleiding"), blank=True)
    intro_en = models.TextField(_("inleiding in het Engels"), blank=True)
    council = models.ForeignKey(
        "councils.Council",
        verbose_name=_("raad die vraagt"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="surveys",
    )
    working_group = models.ForeignKey(
        "councils.WorkingGroup",
        verbose_name=_("werkgroep die vraagt"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="surveys",
    )
    anonymous = models.BooleanField(
        _("anoniem"),
        default=True,
        help_text=_("Niemand kan een antwoord aan een persoon koppelen, ook de beheerder niet."),
    )
    audience = models.CharField(
        _("voor wie"), max_length=16, choices=Audience.choices, default=Audience.ALL
    )
    audience_councils = models.ManyToManyField(
        "councils.Council", verbose_name=_("raden"), blank=True, related_name="+"
    )
    # Membership.Role values; empty means every role.
    audience_roles = models.JSONField(_("rollen"), default=list, blank=True)
    audience_working_group = models.ForeignKey(
        "councils.WorkingGroup",
        verbose_name=_("werkgroep"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    opens_at = models.DateTimeField(_("open vanaf"))
    closes_at = models.DateTimeField(_("sluit op"))
    # A draft is seen by its asker only; publishing makes it reach its audience on ``opens_at``.
    published_at = models.DateTimeField(_("gepubliceerd op"), null=True, blank=True)
    version = models.PositiveSmallIntegerField(_("versie"), default=1)
    previous = models.ForeignKey(
        "self",
        verbose_name=_("vorige versie"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="next_versions",
    )
    results_for = models.CharField(
        _("uitslag zichtbaar voor"),
        max_length=16,
        choices=ResultsFor.choices,
        default=ResultsFor.ASKER,
    )
    # Set by an editor: the results' public summary page (closed questions only, no texts).
    public_summary = models.TextField(_("publieke samenvatting"), blank=True)
    public_at = models.DateTimeField(_("openbaar sinds"), null=True, blank=True)
    # Idempotent tasks: each mail goes once.
    announced_at = models.DateTimeField(null=True, blank=True, editable=False)
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gemaakt door"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("vragenlijst")
        verbose_name_plural = _("vragenlijsten")
        ordering = ["-opens_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="survey_closes_after_opens"
            ),
            models.CheckConstraint(
                condition=Q(council__isnull=True) | Q(working_group__isnull=True),
                name="survey_one_asker",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("surveys:detail", args=[self.pk])

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.published_at is not None and self.opens_at <= now < self.closes_at

    def is_closed(self, now=None) -> bool:
        return (now or timezone.now()) >= self.closes_at


class Section(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    heading = models.CharField(_("kop"), max_length=200)
    heading_en = models.CharField(_("kop in het Engels"), max_length=200, blank=True)
    intro = models.TextField(_("uitleg"), blank=True)

    class Meta:
        verbose_name = _("deel")
        verbose_name_plural = _("delen")
        ordering = ["survey", "position", "pk"]

    def __str__(self):
        return self.heading


class Question(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    section = models.ForeignKey(
        Section,
        verbose_name=_("deel"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="questions",
    )
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    kind = models.CharField(_("soort vraag"), max_length=16, choices=QuestionKind.choices)
    text = models.CharField(_("vraag"), max_length=300)
    text_en = models.CharField(_("vraag in het Engels"), max_length=300, blank=True)
    help_text = models.CharField(_("uitleg bij de vraag"), max_length=300, blank=True)
    required = models.BooleanField(_("verplicht"), default=False)
    # One choice / several choices: an extra option "Anders, namelijk" with a text field.
    has_other = models.BooleanField(_("met 'anders, namelijk'"), default=False)
    scale_min_label = models.CharField(_("tekst bij 1"), max_length=60, blank=True)
    scale_max_label = models.CharField(_("tekst bij 5"), max_length=60, blank=True)
    number_min = models.IntegerField(_("kleinste getal"), null=True, blank=True)
    number_max = models.IntegerField(_("grootste getal"), null=True, blank=True)
    # Shown only when an earlier one-choice or several-choices question got this option.
    show_if_option = models.ForeignKey(
        "Option",
        verbose_name=_("alleen tonen als gekozen is"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="dependent_questions",
    )

    class Meta:
        verbose_name = _("vraag")
        verbose_name_plural = _("vragen")
        ordering = ["survey", "position", "pk"]

    def __str__(self):
        return self.text


class Option(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    label = models.CharField(_("keuze"), max_length=200)
    label_en = models.CharField(_("keuze in het Engels"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("keuze")
        verbose_name_plural = _("keuzes")
        ordering = ["question", "position", "pk"]

    def __str__(self):
        return self.label


class Participation(models.Model):
    """That a person was asked, started and finished: the response rate and the reminder. For
    an anonymous questionnaire it never holds an answer after finishing, and no time."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="participations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="survey_participations"
    )
    # The council the person answered for, for the response rate per council.
    council = models.ForeignKey(
        "councils.Council", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    finished = models.BooleanField(default=False)
    # Answers in progress, {question id: value}, kept so a person can stop and resume.
    draft = models.JSONField(default=dict, blank=True)
    # Members who do not want this questionnaire's mails any more (the reminder).
    no_reminder = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("deelname")
        verbose_name_plural = _("deelnames")
        constraints = [
            models.UniqueConstraint(fields=["survey", "user"], name="participation_once"),
            models.CheckConstraint(
                condition=Q(finished=False) | Q(draft={}), name="participation_no_draft_after"
            ),
        ]

    def __str__(self):
        return f"{self.survey} – {self.user}"


class Response(models.Model):
    """A finished set of answers. Anonymous: no ``user`` and no ``submitted_at``, a random key
    (no sequence number to line up with the participations)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="survey_responses",
    )
    # Groups for the results (never shown for fewer than MIN_GROUP responses).
    council = models.ForeignKey(
        "councils.Council", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    role = models.CharField(max_length=16, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("ingevulde vragenlijst")
        verbose_name_plural = _("ingevulde vragenlijsten")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "user"],
                condition=Q(user__isnull=False),
                name="response_once_per_person",
            ),
        ]

    def __str__(self):
        return str(self.pk)


class Answer(models.Model):
    """One value: an option chosen (one row per option for several choices), "anders, namelijk"
    (``option`` empty, ``is_other``), a number or scale point, a text, or an option's place in a
    ranking (``rank``, 1 is first)."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    option = models.ForeignKey(
        Option, null=True, blank=True, on_delete=models.CASCADE, related_name="answers"
    )
    is_other = models.BooleanField(default=False)
    number = models.IntegerField(null=True, blank=True)
    rank = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)
    themes = models.ManyToManyField("Theme", blank=True, related_name="answers")

    class Meta:
        verbose_name = _("antwoord")
        verbose_name_plural = _("antwoorden")
        indexes = [models.Index(fields=["question", "option"])]

    def __str__(self):
        return f"{self.question_id}: {self.option_id or self.number or self.text[:20]}"


class Theme(models.Model):
    """A theme the asker tags open answers with, per questionnaire."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="themes")
    name = models.CharField(_("thema"), max_length=80)

    class Meta:
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["survey", "name"], name="survey_theme_once")]

    def __str__(self):
        return self.name


class DatePoll(models.Model):
    """A date poll (prikpeiling) for a meeting across councils; choosing a date schedules the
    meeting (``meeting``) with its invitations and closes the poll."""

    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("uitleg"), blank=True)
    meeting_kind = models.CharField(_("soort overleg"), max_length=16)  # meetings.Meeting.Kind
    location = models.CharField(_("plaats"), max_length=200, blank=True)
    council = models.ForeignKey(
        "councils.Council",
        verbose_name=_("raad die organiseert"),
        on_delete=models.PROTECT,
        related_name="date_polls",
    )
    invited_councils = models.ManyToManyField(
        "councils.Council", verbose_name=_("uitgenodigde raden"), blank=True, related_name="+"
    )
    invitees = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uitgenodigd"),
        blank=True,
        related_name="date_polls",
    )
    closes_at = models.DateTimeField(_("reageren kan tot"), null=True, blank=True)
    chosen = models.ForeignKey(
        "DatePollOption", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    meeting = models.ForeignKey(
        "meetings.Meeting", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("prikpeiling")
        verbose_name_plural = _("prikpeilingen")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("surveys:poll", args=[self.pk])


class DatePollOption(models.Model):
    poll = models.ForeignKey(DatePoll, on_delete=models.CASCADE, related_name="options")
    starts_at = models.DateTimeField(_("begint"))
    ends_at = models.DateTimeField(_("eindigt"))

    class Meta:
        ordering = ["poll", "starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="poll_option_ends_after"
            ),
            models.UniqueConstraint(fields=["poll", "starts_at"], name="poll_option_once"),
        ]

    def __str__(self):
        return f"{self.starts_at:%Y-%m-%d %H:%M}"


class DatePollVote(models.Model):
    class Answer(models.TextChoices):
        YES = "yes", _("Ja")
        MAYBE = "maybe", _("Als het moet")
        NO = "no", _("Nee")

    option = models.ForeignKey(DatePollOption, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="date_poll_votes"
    )
    answer = models.CharField(max_length=8, choices=Answer.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["option", "user"], name="poll_vote_once"),
        ]

    def __str__(self):
        return f"{self.option} – {self.user} – {self.answer}"
