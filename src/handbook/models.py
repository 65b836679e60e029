"""The handbook: how council work and cooperation go. Wagtail pages (an index with chapters, each
chapter a list of sections) with revisions and a moderation workflow; members see when a chapter
last changed and what changed since they marked it read."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.cache import patch_cache_control
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import AbstractGroupApprovalTask, Page, PagePermissionTester, Revision
from wagtail.search import index

from .blocks import SectionBlock


class WorkflowPublishTester(PagePermissionTester):
    """Handbook pages go live only through their workflow (an editor drafts, another approves):
    the "Publish" button and every other direct publish are for superusers only. Unpublishing,
    deleting and ordering keep Wagtail's usual rules."""

    def can_publish(self):
        return super().can_publish() and self.user.is_superuser

    def can_publish_subpage(self):
        return super().can_publish_subpage() and self.user.is_superuser


class MembersOnlyPage:
    """Handbook pages are for people who are logged in, are never cached by a shared cache and
    are not in the public sitemap."""

    def serve(self, request, *args, **kwargs):
        from councils.selectors import viewer_for

        from .permissions import can_read_handbook

        if not can_read_handbook(viewer_for(request.user)):
            return redirect_to_login(request.get_full_path())
        response = super().serve(request, *args, **kwargs)
        patch_cache_control(response, private=True)
        return response

    def get_sitemap_urls(self, request=None):
        return []

    def permissions_for_user(self, user):
        return WorkflowPublishTester(user, self)


@dataclass(frozen=True)
class Section:
    anchor: str
    title: str
    block: object  # the StreamField child, rendered with {% include_block %}


class HandbookIndexPage(MembersOnlyPage, Page):
    intro = models.TextField(_("inleiding"), blank=True, max_length=1000)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["handbook.HandbookChapter"]
    max_count = 1

    class Meta:
        verbose_name = _("handboek")

    def get_context(self, request, *args, **kwargs):
        from .search_index import KIND
        from .selectors import chapter_list

        context = super().get_context(request, *args, **kwargs)
        context["chapters"] = chapter_list(self, user=request.user)
        context["search_kind"] = KIND
        return context


class HandbookChapter(MembersOnlyPage, Page):
    intro = models.TextField(_("waar gaat dit hoofdstuk over"), blank=True, max_length=600)
    body = StreamField([("section", SectionBlock())], verbose_name=_("paragrafen"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["handbook.HandbookIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("hoofdstuk")
        verbose_name_plural = _("hoofdstukken")

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        if request.user.is_authenticated and not getattr(request, "is_preview", False):
            from .services import visit_record

            # After the context (with the changes since the previous visit) was built.
            visit_record(user=request.user, chapter=self)
        return response

    def get_context(self, request, *args, **kwargs):
        from .search_index import KIND
        from .selectors import chapter_changes, chapter_neighbours, chapter_read

        context = super().get_context(request, *args, **kwargs)
        context["sections"] = self.sections()
        context["search_kind"] = KIND
        preview = getattr(request, "is_preview", False)
        read = None if preview else chapter_read(self, user=request.user)
        context["read"] = read
        context["changes"] = None if preview else chapter_changes(self, read=read)
        # The "Gelezen" button: for the live version, until it is marked read.
        context["can_mark_read"] = (
            not preview
            and self.live_revision_id is not None
            and (read is None or read.revision_id != self.live_revision_id)
        )
        # A preview may be of a chapter that is not saved yet: it has no place among the others.
        neighbours = (None, None) if preview else chapter_neighbours(self)
        context["previous"], context["next"] = neighbours
        return context

    def sections(self) -> list[Section]:
        """The sections with an anchor each for the table of contents (unique in the page)."""
        sections, used = [], set()
        for block in self.body:
            title = block.value["title"]
            anchor = base = slugify(title) or "paragraaf"
            n = 2
            while anchor in used:
                anchor, n = f"{base}-{n}", n + 1
            used.add(anchor)
            sections.append(Section(anchor=anchor, title=title, block=block))
        return sections


class SecondEditorApprovalTask(AbstractGroupApprovalTask):
    """Like Wagtail's group approval, but whoever submitted the page for moderation or wrote its
    latest revision cannot approve it (or ask for changes): a second person must."""

    class Meta:
        verbose_name = _("goedkeuring door een tweede redacteur")
        verbose_name_plural = _("goedkeuringen door een tweede redacteur")

    @staticmethod
    def authors(obj) -> set[int]:
        """Who submitted the current moderation and who wrote the latest revision."""
        ids = set()
        state = obj.current_workflow_state
        if state is not None and state.requested_by_id:
            ids.add(state.requested_by_id)
        latest = obj.get_latest_revision()
        if latest is not None and latest.user_id:
            ids.add(latest.user_id)
        return ids

    def get_actions(self, obj, user):
        if user.pk in self.authors(obj):
            return []
        return super().get_actions(obj, user)

    def on_action(self, task_state, user, action_name, **kwargs):
        obj = task_state.workflow_state.content_object
        if user is not None and user.pk in self.authors(obj):
            raise PermissionDenied("A second person must approve.")
        return super().on_action(task_state, user, action_name, **kwargs)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        return (
            super()
            .get_task_states_user_can_moderate(user, **kwargs)
            .exclude(workflow_state__requested_by=user)
            .exclude(revision__user=user)
        )

    @classmethod
    def get_description(cls):
        return _(
            "Leden van de gekozen groepen keuren goed, behalve wie de pagina ter goedkeuring "
            "aanbood of het laatst wijzigde."
        )


class HandbookVisit(models.Model):
    """The revision of a chapter a member saw last, to show what changed since."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="handbook_visits"
    )
    chapter = models.ForeignKey(HandbookChapter, on_delete=models.CASCADE, related_name="+")
    revision = models.ForeignKey(Revision, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "chapter"], name="handbook_visit_once")
        ]

    def __str__(self):
        return f"{self.user_id} · {self.chapter_id}"


class HandbookRead(models.Model):
    """The version of a chapter a member marked as read ("Gelezen"). What changed since that
    version stays on the chapter until they mark a newer version read."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="handbook_reads"
    )
    chapter = models.ForeignKey(HandbookChapter, on_delete=models.CASCADE, related_name="+")
    revision = models.ForeignKey(Revision, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "chapter"], name="handbook_read_once")
        ]

    def __str__(self):
        return f"{self.user_id} · {self.chapter_id}"
