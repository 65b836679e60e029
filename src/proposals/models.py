"""Plans of approach with their proposals, and advices to the agency, tracked until the agency
has answered, decided and carried out. History is append-only (``ProposalEvent``,
``AdviceEvent``); the current state lives on the proposal or advice for fast lists."""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.storage import storages
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ProposalStatus(models.TextChoices):
    CONCEPT = "concept", _("Concept")
    SUBMITTED = "submitted", _("Ingediend")
    IN_REVIEW = "in_review", _("In behandeling")
    PRIORITISED = "prioritised", _("Geprioriteerd")
    DECIDED = "decided", _("Besloten")
    IN_PROGRESS = "in_progress", _("In uitvoering")
    REALISED = "realised", _("Gerealiseerd")
    REJECTED = "rejected", _("Afgewezen")


class Priority(models.TextChoices):
    HIGH = "high", _("Hoog")
    MEDIUM = "medium", _("Middel")
    LOW = "low", _("Laag")


class Decision(models.TextChoices):
    ACCEPTED = "accepted", _("Aangenomen")
    PARTLY = "partly", _("Deels aangenomen")
    REJECTED = "rejected", _("Afgewezen")


class Plan(models.Model):
    """A plan of approach of a working group or a council."""

    title = models.CharField(_("titel"), max_length=200)
    summary = models.TextField(_("samenvatting"), blank=True)
    working_group = models.ForeignKey(
        "councils.WorkingGroup",
        verbose_name=_("werkgroep"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plans",
    )
    council = models.ForeignKey(
        "councils.Council",
        verbose_name=_("raad"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plans",
    )
    is_public = models.BooleanField(
        _("openbaar volgen"),
        default=False,
        help_text=_("Toon dit plan en zijn voorstellen op de openbare resultatenpagina."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("plan van aanpak")
        verbose_name_plural = _("plannen van aanpak")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(working_group__isnull=False, council__isnull=True)
                | Q(working_group__isnull=True, council__isnull=False),
                name="plan_has_one_owner",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("proposals:plan", args=[self.pk])


class Proposal(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="proposals")
    number = models.PositiveIntegerField(_("nummer"))
    title = models.CharField(_("titel"), max_length=300)
    text = models.TextField(_("voorstel"))
    theme = models.CharField(_("onderwerp"), max_length=30, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("eigenaar"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_proposals",
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ProposalStatus.choices,
        default=ProposalStatus.CONCEPT,
        db_index=True,
    )
    priority = models.CharField(_("prioriteit"), max_length=8, choices=Priority.choices, blank=True)
    decision = models.CharField(_("besluit"), max_length=10, choices=Decision.choices, blank=True)
    decision_reasoning = models.TextField(_("uitleg van UWV bij het besluit"), blank=True)
    progress = models.PositiveSmallIntegerField(
        _("voortgang (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    answer_due = models.DateField(_("antwoord van UWV verwacht op"), null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    last_change_at = models.DateTimeField(_("laatst bijgewerkt"), auto_now_add=True, db_index=True)
    reminded_before_at = models.DateTimeField(null=True, blank=True)
    reminded_overdue_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("voorstel")
        verbose_name_plural = _("voorstellen")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="proposal_number_in_plan"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="progress_max_100"),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def get_absolute_url(self):
        return reverse("proposals:proposal", args=[self.pk])


class ProposalEvent(models.Model):
    """Append-only history: who moved or updated a proposal, when, and what they wrote."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_status = models.CharField(max_length=16, choices=ProposalStatus.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=ProposalStatus.choices)
    text = models.TextField(blank=True)
    priority = models.CharField(max_length=8, choices=Priority.choices, blank=True)
    decision = models.CharField(max_length=10, choices=Decision.choices, blank=True)
    progress = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.proposal_id}: {self.from_status} → {self.to_status}"


def _private_storage():
    return storages["private"]


def _answer_file_path(instance, filename):
    # A random name: the stored path says nothing and cannot be guessed.
    return f"advices/answers/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


def _attachment_path(instance, filename):
    # As the agency's letter: private storage, a random name (a draft advice's attachment
    # must not be reachable by guessing a public media URL).
    return f"advices/attachments/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class Advice(models.Model):
    """An advice to the agency, requested or not, which the agency must answer in time."""

    class Kind(models.TextChoices):
        REQUESTED = "requested", _("Gevraagd advies")
        UNSOLICITED = "unsolicited", _("Ongevraagd advies")

    class Status(models.TextChoices):
        DRAFT = "draft", _("In voorbereiding")
        SENT = "sent", _("Verstuurd, wacht op antwoord")
        ANSWERED = "answered", _("Beantwoord")
        CLOSED = "closed", _("Afgerond")

    class FollowUp(models.TextChoices):
        SATISFIED = "satisfied", _("Tevreden")
        NOT_SATISFIED = "not_satisfied", _("Niet tevreden")
        FOLLOW_UP = "follow_up", _("Vervolg gevraagd")

    kind = models.CharField(_("soort"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("titel"), max_length=300)
    text = models.TextField(_("advies"))
    councils = models.ManyToManyField(
        "councils.Council", verbose_name=_("raden"), related_name="advices"
    )
    evidence = models.TextField(_("onderbouwing (dossiers)"), blank=True)
    signal_figures = models.JSONField(_("cijfers uit signalen"), default=dict, blank=True)
    adopted_on = models.DateField(_("vastgesteld door de raad op"), null=True, blank=True)
    sent_on = models.DateField(_("verstuurd op"), null=True, blank=True)
    answer_due = models.DateField(_("antwoord uiterlijk"), null=True, blank=True, db_index=True)
    answer_text = models.TextField(_("antwoord van UWV"), blank=True)
    answered_on = models.DateField(_("beantwoord op"), null=True, blank=True)
    # The agency's letter, if it answered with one; in private storage, handed out only by a
    # view that checks who may see the advice (as dossier documents).
    answer_file = models.FileField(
        _("brief van UWV"),
        upload_to=_answer_file_path,
        storage=_private_storage,
        blank=True,
    )
    answer_file_name = models.CharField(max_length=255, blank=True)
    follow_up = models.CharField(
        _("reactie van de raad"), max_length=16, choices=FollowUp.choices, blank=True
    )
    follow_up_note = models.TextField(_("toelichting"), blank=True)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    is_public = models.BooleanField(_("openbaar volgen"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_change_at = models.DateTimeField(auto_now_add=True, db_index=True)
    reminded_before_at = models.DateTimeField(null=True, blank=True)
    reminded_overdue_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("advies")
        verbose_name_plural = _("adviezen")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("proposals:advice", args=[self.pk])

    @property
    def is_overdue(self) -> bool:
        return (
            self.status == self.Status.SENT
            and self.answer_due is not None
            and self.answer_due < timezone.localdate()
        )


class AdviceAttachment(models.Model):
    advice = models.ForeignKey(Advice, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(_("titel"), max_length=200)
    file = models.FileField(_("bestand"), upload_to=_attachment_path, storage=_private_storage)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.title


class AdviceEvent(models.Model):
    """Append-only history of an advice."""

    advice = models.ForeignKey(Advice, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=32)
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.advice_id}: {self.action}"
