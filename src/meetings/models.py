"""The activity calendar and every way the councils meet.

Activities are the agency's regional and national events members can attend (with sign-up and a
waiting list). Meetings are the councils' own: a council's meeting, an introduction session of
district councils, the national meeting and the central council's meeting (which district members
may ask to join). Both are calendar events: a stable UID and a SEQUENCE raised on every change,
so calendar feeds update in place; a cancelled event stays, marked cancelled."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from common.models import Visibility


class AccessNeed(models.TextChoices):
    SIGN_LANGUAGE = "sign_language", _("Tolk gebarentaal")
    HEARING_LOOP = "hearing_loop", _("Ringleiding")
    STEP_FREE = "step_free", _("Drempelvrij (rolstoel)")
    LARGE_PRINT = "large_print", _("Grote letters")
    TRAVEL = "travel", _("Hulp bij reizen")


class EventStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Gepland")
    CANCELLED = "cancelled", _("Afgelast")


class CalendarEvent(models.Model):
    """What activities and meetings share."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("omschrijving"), blank=True)
    starts_at = models.DateTimeField(_("begint"), db_index=True)
    ends_at = models.DateTimeField(_("eindigt"))
    location = models.CharField(_("plaats"), max_length=300, blank=True)
    online_url = models.URLField(_("link voor online meedoen"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=EventStatus.choices, default=EventStatus.SCHEDULED
    )
    sequence = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.title} ({self.starts_at:%Y-%m-%d})"

    @property
    def is_cancelled(self) -> bool:
        return self.status == EventStatus.CANCELLED


class Activity(CalendarEvent):
    class Scope(models.TextChoices):
        REGIONAL = "regional", _("Regionaal")
        NATIONAL = "national", _("Landelijk")

    class Kind(models.TextChoices):
        MEETING = "meeting", _("Bijeenkomst")
        CLIENT_PANEL = "client_panel", _("Klantpanel")
        TRAINING = "training", _("Training of cursus")
        WEBINAR = "webinar", _("Webinar")
        VISIT = "visit", _("Werkbezoek")
        OTHER = "other", _("Anders")

    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices, default=Kind.MEETING)
    scope = models.CharField(_("regionaal of landelijk"), max_length=10, choices=Scope.choices)
    council = models.ForeignKey(
        "councils.Council",
        verbose_name=_("regio (raad)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
        help_text=_("Bij een regionale activiteit: de raad van die regio."),
    )
    capacity = models.PositiveIntegerField(
        _("aantal plaatsen"), null=True, blank=True, help_text=_("Leeg: geen maximum.")
    )
    signup_deadline = models.DateTimeField(_("aanmelden kan tot"), null=True, blank=True)
    step_free = models.BooleanField(_("drempelvrij"), default=False)
    hearing_loop = models.BooleanField(_("ringleiding"), default=False)
    sign_language = models.BooleanField(_("tolk gebarentaal aanwezig"), default=False)
    accessibility_notes = models.TextField(_("over toegankelijkheid"), blank=True)
    visibility = models.CharField(
        _("wie ziet dit"), max_length=10, choices=Visibility.choices, default=Visibility.COUNCILS
    )

    class Meta:
        verbose_name = _("activiteit")
        verbose_name_plural = _("activiteiten")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="activity_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(scope="national") | Q(council__isnull=False),
                name="regional_activity_has_region",
            ),
        ]

    def get_absolute_url(self):
        return reverse("meetings:activity", args=[self.pk])


class Registration(models.Model):
    """A member's sign-up for an activity: confirmed, or on the waiting list."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Aangemeld")
        WAITLISTED = "waitlisted", _("Op de wachtlijst")
        CANCELLED = "cancelled", _("Afgemeld")

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="activity_registrations"
    )
    status = models.CharField(max_length=12, choices=Status.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    access_needs = models.JSONField(_("wat heeft u nodig"), default=list, blank=True)
    access_note = models.CharField(_("toelichting"), max_length=500, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "user"], name="one_registration")
        ]

    def __str__(self):
        return f"{self.user} – {self.activity} ({self.status})"


class Meeting(CalendarEvent):
    class Kind(models.TextChoices):
        COUNCIL = "council", _("Vergadering van de raad")
        INTRODUCTION = "introduction", _("Kennismakingssessie")
        NATIONAL = "national", _("Landelijk overleg")
        CENTRAL = "central", _("Vergadering Centrale Cliëntenraad")

    kind = models.CharField(_("soort overleg"), max_length=16, choices=Kind.choices)
    council = models.ForeignKey(
        "councils.Council",
        verbose_name=_("organiserende raad"),
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    guest_councils = models.ManyToManyField(
        "councils.Council",
        verbose_name=_("andere raden"),
        blank=True,
        related_name="+",
        help_text=_("Bij een kennismakingssessie: de andere districtsraden."),
    )

    class Meta:
        verbose_name = _("overleg")
        verbose_name_plural = _("overleggen")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="meeting_ends_after_start"
            ),
        ]

    def get_absolute_url(self):
        return reverse("meetings:meeting", args=[self.pk])


class MeetingInvitation(models.Model):
    """Who is invited to a meeting, their answer, what they need, and whether they came."""

    class Rsvp(models.TextChoices):
        PENDING = "pending", _("Nog geen antwoord")
        YES = "yes", _("Ik kom")
        NO = "no", _("Ik kom niet")
        MAYBE = "maybe", _("Misschien")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meeting_invitations"
    )
    on_behalf_of = models.ForeignKey(
        "councils.Council",
        verbose_name=_("namens"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rsvp = models.CharField(_("antwoord"), max_length=8, choices=Rsvp.choices, default=Rsvp.PENDING)
    responded_at = models.DateTimeField(null=True, blank=True)
    attended = models.BooleanField(_("was aanwezig"), null=True, blank=True)
    access_needs = models.JSONField(default=list, blank=True)
    access_note = models.CharField(max_length=500, blank=True)
    invited_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["invited_at", "id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "user"], name="one_invitation")]

    def __str__(self):
        return f"{self.user} – {self.meeting}"


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    order = models.PositiveIntegerField(_("volgorde"))
    title = models.CharField(_("onderwerp"), max_length=200)
    description = models.TextField(_("toelichting"), blank=True)
    minutes_planned = models.PositiveIntegerField(_("minuten"), null=True, blank=True)
    dossier_ref = models.CharField(_("dossier"), max_length=300, blank=True)
    dossier = models.ForeignKey(
        "dossiers.Dossier",
        verbose_name=_("dossier op Raadsplein"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agenda_items",
    )

    class Meta:
        ordering = ["order", "id"]

    def __str__(self):
        return f"{self.order}. {self.title}"


class MeetingDocument(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("titel"), max_length=200)
    file = models.FileField(_("bestand"), upload_to="meetings/%Y/")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.title


class Minutes(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Concept")
        APPROVED = "approved", _("Vastgesteld")

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    text = models.TextField(_("notulen"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("notulen")
        verbose_name_plural = _("notulen")

    def __str__(self):
        return f"Notulen {self.meeting}"


class ActionItem(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Klaar")
        CANCELLED = "cancelled", _("Vervallen")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="action_items")
    title = models.CharField(_("actie"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("wie"),
        on_delete=models.PROTECT,
        related_name="action_items",
    )
    due_date = models.DateField(_("klaar op"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    done_at = models.DateTimeField(null=True, blank=True)
    reminded_before_at = models.DateTimeField(null=True, blank=True)
    reminded_overdue_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("actiepunt")
        verbose_name_plural = _("actiepunten")
        ordering = ["due_date", "id"]

    def __str__(self):
        return self.title


class NationalRepresentative(models.Model):
    """Each district names a representative and a substitute for the national meeting."""

    class Role(models.TextChoices):
        REPRESENTATIVE = "representative", _("Vertegenwoordiger")
        SUBSTITUTE = "substitute", _("Plaatsvervanger")

    council = models.ForeignKey(
        "councils.Council", on_delete=models.CASCADE, related_name="national_representatives"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    role = models.CharField(max_length=16, choices=Role.choices)
    since = models.DateField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["council", "role"], name="one_per_role_per_district")
        ]

    def __str__(self):
        return f"{self.council}: {self.get_role_display()} {self.user}"


class GuestRequest(models.Model):
    """Aanschuiven: a district member asks to join a central council meeting."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Wacht op besluit")
        APPROVED = "approved", _("Goedgekeurd")
        DECLINED = "declined", _("Afgewezen")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="guest_requests")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="guest_requests"
    )
    council = models.ForeignKey(
        "councils.Council",
        verbose_name=_("namens raad"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField(_("waarom wilt u aanschuiven"), max_length=1000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_note = models.TextField(_("toelichting bij het besluit"), blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="one_guest_request")
        ]

    def __str__(self):
        return f"{self.user} → {self.meeting}"


class CalendarToken(models.Model):
    """The secret in a member's personal feed address; revoking makes a new one."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"feed {self.user_id}"
