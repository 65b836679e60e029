"""One search index over everything members and visitors can find: a ``SearchEntry`` per
handbook chapter, dossier, document, meeting, page or signal, kept up to date by the owning app
(see ``sitesearch.index``). Each entry says who may see it in the same terms the pages use, so
the search can filter in the search backend itself and never shows what a page would refuse."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.search import index


class Audience(models.TextChoices):
    PUBLIC = "public", _("Iedereen")
    LOGGED_IN = "logged_in", _("Iedereen die is ingelogd")
    MEMBERS = "members", _("Leden van een raad")
    MEMBERS_GROUPS = "members_groups", _("Leden van een raad of werkgroep")
    RESTRICTED = "restricted", _("Alleen de genoemde raden en personen")


class SearchEntry(index.Indexed, models.Model):
    kind = models.CharField(_("soort"), max_length=20, db_index=True)
    key = models.CharField(max_length=64)
    title = models.CharField(_("titel"), max_length=300)
    body = models.TextField(_("tekst"), blank=True)
    # The terms of title and body (``text.terms_of``: Dutch stems without diacritics, compound
    # parts, hyphenated words as one): what a search looks up, on SQLite and PostgreSQL alike.
    stems = models.TextField(blank=True)
    # The terms of the title alone (``text.terms_of``), between spaces: the search puts entries
    # with the words in their title first, in the same way on every database.
    title_terms = models.TextField(blank=True)
    url = models.CharField(max_length=500)
    date = models.DateTimeField(_("datum"), null=True, blank=True)
    council = models.ForeignKey(
        "councils.Council",
        verbose_name=_("raad"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    regeling = models.CharField(_("regeling"), max_length=20, blank=True)
    onderwerp = models.CharField(_("onderwerp"), max_length=30, blank=True)
    audience = models.CharField(_("wie mag het zien"), max_length=20, choices=Audience.choices)
    # A page in one language ("nl", "en") is found in that language only; "" in every language.
    language = models.CharField(_("taal"), max_length=8, blank=True)
    indexed_at = models.DateTimeField(auto_now=True)

    # ``sitesearch.index.update`` writes the entry and its audience first, then indexes it.
    search_auto_update = False
    search_fields = [
        index.SearchField("title", boost=3),
        index.SearchField("body"),
        index.SearchField("stems"),
        index.AutocompleteField("title"),
        index.FilterField("id"),
        index.FilterField("kind"),
        index.FilterField("council"),
        index.FilterField("regeling"),
        index.FilterField("onderwerp"),
        index.FilterField("audience"),
        index.FilterField("language"),
        index.FilterField("date"),
    ]

    class Meta:
        verbose_name = _("zoekresultaat")
        verbose_name_plural = _("zoekindex")
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="search_entry_once")]

    def __str__(self):
        return f"{self.kind}: {self.title}"


class SearchEntryCouncil(models.Model):
    """A council whose members may see a ``restricted`` entry."""

    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="councils")
    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["entry", "council"], name="search_council_once")
        ]
        indexes = [models.Index(fields=["council", "entry"])]

    def __str__(self):
        return f"{self.entry_id} · {self.council_id}"


class SearchEntryReader(models.Model):
    """A person who may see a ``restricted`` entry (e.g. invited to a meeting)."""

    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="readers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["entry", "user"], name="search_reader_once")]
        indexes = [models.Index(fields=["user", "entry"])]

    def __str__(self):
        return f"{self.entry_id} · {self.user_id}"


class SearchEntryRole(models.Model):
    """A role (``common.visibility.Role``) whose holders may see the entry as well, e.g.
    liaisons the plans and the advices sent, which their pages show them."""

    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(max_length=20)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["entry", "role"], name="search_role_once")]
        indexes = [models.Index(fields=["role", "entry"])]

    def __str__(self):
        return f"{self.entry_id} · {self.role}"
