from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Council(models.Model):
    """A client council: one of the district councils or the central council."""

    class Kind(models.TextChoices):
        DISTRICT = "district", _("Districtscliëntenraad")
        CENTRAL = "central", _("Centrale Cliëntenraad")

    name = models.CharField(_("naam"), max_length=120, unique=True)
    slug = models.SlugField(_("korte naam in de link"), max_length=80, unique=True)
    kind = models.CharField(_("soort"), max_length=16, choices=Kind.choices)
    region = models.CharField(_("regio"), max_length=200, blank=True)
    email = models.EmailField(_("e-mailadres van de raad"), blank=True)
    phone = models.CharField(_("telefoon"), max_length=32, blank=True)
    intro = models.TextField(_("korte uitleg"), blank=True)
    is_active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("cliëntenraad")
        verbose_name_plural = _("cliëntenraden")
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind"], condition=Q(kind="central"), name="one_central_council"
            )
        ]

    def __str__(self):
        return self.name

    @property
    def is_central(self) -> bool:
        return self.kind == self.Kind.CENTRAL


class PostcodeRange(models.Model):
    """A range of four-digit postcodes (both ends included) that a district council covers."""

    council = models.ForeignKey(
        Council, verbose_name=_("raad"), on_delete=models.CASCADE, related_name="postcode_ranges"
    )
    start = models.PositiveIntegerField(_("van"))
    end = models.PositiveIntegerField(_("tot en met"))

    class Meta:
        verbose_name = _("postcodegebied")
        verbose_name_plural = _("postcodegebieden")
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__gte=1000, end__lte=9999, start__lte=F("end")),
                name="postcode_range_valid",
            )
        ]

    def __str__(self):
        return f"{self.start}–{self.end}"


class MembershipQuerySet(models.QuerySet):
    def active(self, on=None):
        on = on or timezone.localdate()
        return self.filter(Q(end_date__isnull=True) | Q(end_date__gte=on), start_date__lte=on)


class Membership(models.Model):
    """A person's seat on a council, with role and period."""

    class Role(models.TextChoices):
        MEMBER = "member", _("Raadslid")
        CHAIR = "chair", _("Voorzitter")
        SECRETARY = "secretary", _("Secretaris")
        ASPIRANT = "aspirant", _("Aspirant-lid")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("persoon"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    council = models.ForeignKey(
        Council, verbose_name=_("raad"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("rol"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    start_date = models.DateField(_("begindatum"), default=timezone.localdate)
    end_date = models.DateField(_("einddatum"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")
        ordering = ["council", "role", "start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="membership_end_after_start",
            )
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} – {self.council}"


class WorkingGroup(models.Model):
    """A working group with members from several councils."""

    name = models.CharField(_("naam"), max_length=120, unique=True)
    slug = models.SlugField(_("korte naam in de link"), max_length=80, unique=True)
    description = models.TextField(_("omschrijving"), blank=True)

    class Meta:
        verbose_name = _("werkgroep")
        verbose_name_plural = _("werkgroepen")
        ordering = ["name"]

    def __str__(self):
        return self.name


class WorkingGroupMembership(models.Model):
    working_group = models.ForeignKey(
        WorkingGroup,
        verbose_name=_("werkgroep"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("persoon"),
        on_delete=models.CASCADE,
        related_name="working_group_memberships",
    )
    council = models.ForeignKey(
        Council,
        verbose_name=_("namens raad"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    start_date = models.DateField(_("begindatum"), default=timezone.localdate)
    end_date = models.DateField(_("einddatum"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("werkgroeplid")
        verbose_name_plural = _("werkgroepleden")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="wg_membership_end_after_start",
            )
        ]

    def __str__(self):
        return f"{self.user} – {self.working_group}"


class ConstituentOrganisation(models.Model):
    """An organisation the councils speak for (achterbanorganisatie)."""

    class Kind(models.TextChoices):
        CLIENT = "client", _("Cliënten- of patiëntenorganisatie")
        UNION = "union", _("Vakbond")
        DISABILITY = "disability", _("Organisatie voor mensen met een beperking")
        ELDERLY = "elderly", _("Ouderenorganisatie")
        YOUTH = "youth", _("Jongerenorganisatie")
        OTHER = "other", _("Anders")

    name = models.CharField(_("naam"), max_length=200, unique=True)
    kind = models.CharField(_("soort"), max_length=16, choices=Kind.choices)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("algemeen e-mailadres"), blank=True)
    council = models.ForeignKey(
        Council,
        verbose_name=_("raad"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="constituent_organisations",
        help_text=_("Leeg voor een landelijke organisatie."),
    )

    class Meta:
        verbose_name = _("achterbanorganisatie")
        verbose_name_plural = _("achterbanorganisaties")
        ordering = ["name"]

    def __str__(self):
        return self.name


class ConstituentContact(models.Model):
    """A contact person at a constituent organisation (for the directory; a contact gets news
    flashes only after subscribing themselves, with double opt-in)."""

    organisation = models.ForeignKey(
        ConstituentOrganisation,
        verbose_name=_("organisatie"),
        on_delete=models.CASCADE,
        related_name="contacts",
    )
    name = models.CharField(_("naam"), max_length=200)
    role = models.CharField(_("functie"), max_length=200, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    phone = models.CharField(_("telefoonnummer"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("contactpersoon")
        verbose_name_plural = _("contactpersonen")
        ordering = ["organisation__name", "name"]

    def __str__(self):
        return f"{self.name} ({self.organisation})"
