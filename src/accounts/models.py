from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person who logs in. Logs in by e-mail; roles come from council memberships and from the
    groups Beheerder, Redacteur and Contactpersoon UWV (see ``common.visibility.Role``)."""

    username = None
    email = models.EmailField(_("e-mailadres"), unique=True)
    bio = models.TextField(_("over mij"), blank=True, max_length=1000)
    photo = models.ImageField(_("foto"), upload_to="profiles/", blank=True)
    public_profile = models.BooleanField(
        _("foto en tekst openbaar"),
        default=False,
        help_text=_("Alleen aan als het lid daar zelf toestemming voor gaf."),
    )
    public_profile_consent_at = models.DateTimeField(
        _("toestemming gegeven op"), null=True, blank=True
    )
    # The member directory (ledenoverzicht): other members see an address or number only when
    # the member ticked it; the phone number is kept only while it is shown (collect the least).
    directory_show_email = models.BooleanField(
        _("e-mailadres tonen aan andere leden"), default=False
    )
    directory_phone = models.CharField(
        _("telefoonnummer voor andere leden"), max_length=32, blank=True
    )
    directory_consent_at = models.DateTimeField(
        _("toestemming ledenoverzicht gegeven op"), null=True, blank=True
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        ordering = ["last_name", "first_name", "email"]
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]

    def __str__(self):
        return self.get_full_name() or self.email


class Invitation(models.Model):
    """A secretary invites a person by e-mail to a council with a role. Only a hash of the token
    is stored; the link in the e-mail carries the token itself."""

    email = models.EmailField(_("e-mailadres"))
    council = models.ForeignKey(
        "councils.Council",
        verbose_name=_("raad"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    role = models.CharField(_("rol"), max_length=16)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uitgenodigd door"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("verstuurd op"), auto_now_add=True)
    expires_at = models.DateTimeField(_("geldig tot"))
    accepted_at = models.DateTimeField(_("geaccepteerd op"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)

    class Meta:
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} → {self.council}"

    @property
    def is_open(self) -> bool:
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )


class MemberTopic(models.Model):
    """A theme a member wants to be asked about ("Vraag mij over"), chosen by the member on their
    own profile page: a code of the theme taxonomy, written as ``<axis>:<code>``."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("persoon"),
        on_delete=models.CASCADE,
        related_name="directory_topics",
    )
    code = models.CharField(_("onderwerp"), max_length=50)

    class Meta:
        verbose_name = _("onderwerp om te vragen")
        verbose_name_plural = _("onderwerpen om te vragen")
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["user", "code"], name="member_topic_once")]

    def __str__(self):
        return f"{self.user} – {self.code}"
