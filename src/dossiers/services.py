"""Dossiers: every change is one transaction that writes its timeline line, moves ``changed_at``
(lists, "Wat speelt er elders" and the digest go by it), writes the audit entry and updates the
search index. Document text is read by a task after commit. Following a dossier and the digest
preference are a member's own settings, not changes to the dossier: they leave ``changed_at``
alone."""

from __future__ import annotations

import datetime
import logging
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from common import taxonomy
from common.audit import audit_log
from common.models import Visibility
from common.outbox import outbox_enqueue_template
from councils.models import Council
from councils.selectors import viewer_for

from . import links as link_registry
from .extract import ExtractionError, extract_text
from .models import (
    DigestPreference,
    DocumentVersion,
    Dossier,
    DossierDocument,
    DossierLink,
    DossierStatus,
    DossierUpdate,
    Follow,
)
from .permissions import can_see_dossier, involved_ids, visible_dossiers_q
from .selectors import updates_for_viewer

logger = logging.getLogger(__name__)


class DossierError(Exception):
    """A user-facing reason why an action is refused."""


# --- helpers --------------------------------------------------------------------------------


def _reindex(dossier: Dossier, *, documents: bool = False) -> None:
    """The dossier's search entry, and its documents' when who may see them changed."""
    from sitesearch import index

    index.update("dossier", dossier)
    if documents:
        for document in DossierDocument.objects.filter(dossier=dossier).prefetch_related(
            "versions"
        ):
            document.dossier = dossier
            index.update("document", document)


def _touch(dossier: Dossier, *fields: str) -> None:
    dossier.changed_at = timezone.now()
    dossier.save(update_fields=["changed_at", *fields])


def _line(dossier: Dossier, *, actor, kind: str, text: str = "", **extra) -> DossierUpdate:
    return DossierUpdate.objects.create(
        dossier=dossier, kind=kind, text=text, author=actor, **extra
    )


def _check_fields(*, title: str, summary: str, regeling: str, onderwerp: str, visibility: str):
    if not title.strip():
        raise DossierError(_("Geef het dossier een titel."))
    if not summary.strip():
        raise DossierError(_("Schrijf in een paar zinnen waar het dossier over gaat."))
    if regeling and regeling not in taxonomy.regelingen():
        raise DossierError(_("Kies een regeling uit de lijst."))
    if onderwerp and onderwerp not in taxonomy.onderwerpen():
        raise DossierError(_("Kies een onderwerp uit de lijst."))
    if visibility not in Visibility.values:
        raise DossierError(_("Kies wie het dossier mag zien."))


# --- the dossier itself ---------------------------------------------------------------------


def dossier_start(
    *,
    actor,
    council: Council,
    title: str,
    summary: str,
    regeling: str = "",
    onderwerp: str = "",
    visibility: str = Visibility.COUNCILS,
    councils=(),
) -> Dossier:
    """A member starts a dossier for one of their councils; they own and follow it."""
    viewer = viewer_for(actor)
    if council.pk not in viewer.council_ids:
        raise DossierError(_("U kunt alleen een dossier starten voor een raad waar u in zit."))
    _check_fields(
        title=title, summary=summary, regeling=regeling, onderwerp=onderwerp, visibility=visibility
    )
    with transaction.atomic():
        dossier = Dossier.objects.create(
            title=title.strip(),
            summary=summary.strip(),
            regeling=regeling,
            onderwerp=onderwerp,
            council=council,
            owner=actor,
            visibility=visibility,
            changed_at=timezone.now(),
        )
        dossier.councils.set([c for c in councils if c.pk != council.pk])
        _line(dossier, actor=actor, kind=DossierUpdate.Kind.STARTED, text=dossier.title)
        Follow.objects.get_or_create(dossier=dossier, user=actor)
        audit_log(actor=actor, action="dossier.start", obj=dossier)
        _reindex(dossier)
    return dossier


def dossier_edit(
    *,
    actor,
    dossier: Dossier,
    title: str,
    summary: str,
    regeling: str,
    onderwerp: str,
    visibility: str,
    councils,
) -> Dossier:
    """Title, summary, themes, who may see it and the councils involved (not the owning one)."""
    _check_fields(
        title=title, summary=summary, regeling=regeling, onderwerp=onderwerp, visibility=visibility
    )
    with transaction.atomic():
        before_visibility = dossier.visibility
        before_councils = involved_ids(dossier)
        dossier.title = title.strip()
        dossier.summary = summary.strip()
        dossier.regeling = regeling
        dossier.onderwerp = onderwerp
        dossier.visibility = visibility
        _touch(dossier, "title", "summary", "regeling", "onderwerp", "visibility")
        dossier.councils.set([c for c in councils if c.pk != dossier.council_id])
        # Drop a prefetch, so the audience below is computed from the new councils.
        getattr(dossier, "_prefetched_objects_cache", {}).pop("councils", None)
        audience_changed = before_visibility != visibility or before_councils != involved_ids(
            dossier
        )
        audit_log(
            actor=actor,
            action="dossier.edit",
            obj=dossier,
            details={"visibility": visibility} if before_visibility != visibility else None,
        )
        _reindex(dossier, documents=audience_changed)
    return dossier


def dossier_set_status(*, actor, dossier: Dossier, status: str, note: str = "") -> Dossier:
    """Close (afgerond) or reopen; the timeline says so, with the note."""
    if status not in DossierStatus.values:
        raise DossierError(_("Kies een status."))
    if status == dossier.status:
        raise DossierError(
            _("Het dossier is al afgerond.")
            if status == DossierStatus.CLOSED
            else _("Het dossier is al open.")
        )
    with transaction.atomic():
        dossier.status = status
        dossier.closed_at = timezone.now() if status == DossierStatus.CLOSED else None
        _touch(dossier, "status", "closed_at")
        text = _("Dossier afgerond") if status == DossierStatus.CLOSED else _("Dossier heropend")
        if note.strip():
            text = f"{text}: {note.strip()}"
        _line(dossier, actor=actor, kind=DossierUpdate.Kind.STATUS, text=text)
        audit_log(actor=actor, action=f"dossier.{status}", obj=dossier)
        _reindex(dossier)
    return dossier


def join_candidates(viewer, dossier: Dossier) -> list[int]:
    """The viewer's councils that could still join the dossier."""
    return sorted(viewer.council_ids - involved_ids(dossier))


def dossier_join(*, actor, dossier: Dossier, council: Council | None = None) -> Dossier:
    """A member brings their council into a dossier of another council (instead of starting a
    new one). With one council not yet involved, that one joins."""
    viewer = viewer_for(actor)
    if dossier.status != DossierStatus.OPEN:
        raise DossierError(_("Dit dossier is afgerond. Meedoen kan niet meer."))
    if not can_see_dossier(viewer, dossier):
        raise DossierError(_("U kunt dit dossier niet zien."))
    candidates = join_candidates(viewer, dossier)
    if council is None:
        if len(candidates) != 1:
            raise DossierError(
                _("Uw raad doet al mee.") if not candidates else _("Kies met welke raad u meedoet.")
            )
        council = Council.objects.get(pk=candidates[0])
    if council.pk not in candidates:
        raise DossierError(
            _("Deze raad doet al mee.")
            if council.pk in involved_ids(dossier)
            else _("U kunt alleen meedoen namens een raad waar u in zit.")
        )
    with transaction.atomic():
        dossier.councils.add(council)
        getattr(dossier, "_prefetched_objects_cache", {}).pop("councils", None)
        _touch(dossier)
        _line(
            dossier,
            actor=actor,
            kind=DossierUpdate.Kind.JOINED,
            text=_("%(council)s doet mee.") % {"council": council.name},
        )
        Follow.objects.get_or_create(dossier=dossier, user=actor)
        audit_log(actor=actor, action="dossier.join", obj=dossier, details={"council": council.pk})
        # With visibility "council" the new council's members may now find it.
        _reindex(dossier, documents=dossier.visibility == Visibility.COUNCIL)
    return dossier


def leave_candidates(viewer, dossier: Dossier) -> list[int]:
    """The viewer's councils that joined the dossier and could leave it again."""
    joined = {c.pk for c in dossier.councils.all()} - {dossier.council_id}
    return sorted(viewer.council_ids & joined)


def dossier_leave(*, actor, dossier: Dossier, council: Council | None = None) -> Dossier:
    """Undo joining: the council no longer takes part. What its members wrote stays in the
    timeline; the person who takes it out stops following the dossier."""
    viewer = viewer_for(actor)
    candidates = leave_candidates(viewer, dossier)
    if council is None:
        if len(candidates) != 1:
            raise DossierError(
                _("Uw raad doet niet mee.") if not candidates else _("Kies welke raad stopt.")
            )
        council = Council.objects.get(pk=candidates[0])
    if council.pk not in candidates:
        raise DossierError(_("U kunt alleen stoppen namens een raad die meedoet en waar u in zit."))
    with transaction.atomic():
        dossier.councils.remove(council)
        getattr(dossier, "_prefetched_objects_cache", {}).pop("councils", None)
        _touch(dossier)
        _line(
            dossier,
            actor=actor,
            kind=DossierUpdate.Kind.LEFT,
            text=_("%(council)s doet niet meer mee.") % {"council": council.name},
        )
        Follow.objects.filter(dossier=dossier, user=actor).delete()
        audit_log(actor=actor, action="dossier.leave", obj=dossier, details={"council": council.pk})
        # With visibility "council" that council's members may no longer find it.
        _reindex(dossier, documents=dossier.visibility == Visibility.COUNCIL)
    return dossier


def dossier_note_add(*, actor, dossier: Dossier, text: str) -> DossierUpdate:
    if not text.strip():
        raise DossierError(_("Schrijf eerst iets in de notitie."))
    with transaction.atomic():
        update = _line(dossier, actor=actor, kind=DossierUpdate.Kind.NOTE, text=text.strip())
        _touch(dossier)
        audit_log(actor=actor, action="dossier.note", obj=dossier)
        _reindex(dossier)
    return update


# --- documents ------------------------------------------------------------------------------


def _version(document: DossierDocument, *, number: int, file, note: str, actor):
    original = Path(file.name).name[-255:]
    return DocumentVersion.objects.create(
        document=document,
        number=number,
        file=file,
        original_name=original,
        size=file.size,
        note=note.strip()[:300],
        uploaded_by=actor,
    )


def _extract_after_commit(version: DocumentVersion) -> None:
    from .tasks import dossier_version_extract

    transaction.on_commit(lambda: dossier_version_extract(version.pk))


def document_add(*, actor, dossier: Dossier, title: str, file, note: str = "") -> DocumentVersion:
    """A new document with its first version. Type and size are checked by the form; the text
    is read for the search index by a task after commit."""
    from sitesearch import index

    if not title.strip():
        raise DossierError(_("Geef het stuk een titel."))
    with transaction.atomic():
        document = DossierDocument.objects.create(
            dossier=dossier, title=title.strip(), created_by=actor
        )
        version = _version(document, number=1, file=file, note=note, actor=actor)
        _line(
            dossier,
            actor=actor,
            kind=DossierUpdate.Kind.DOCUMENT,
            text=_("Nieuw stuk: %(title)s") % {"title": document.title},
            version=version,
        )
        _touch(dossier)
        audit_log(actor=actor, action="dossier.document", obj=dossier, details={"doc": document.pk})
        index.update("document", document)
        _reindex(dossier)
        _extract_after_commit(version)
    return version


def version_add(*, actor, document: DossierDocument, file, note: str = "") -> DocumentVersion:
    """A new version of a document; the older ones stay and can still be downloaded. The
    number is the highest so far plus one, taken under a lock on the document."""
    from sitesearch import index

    with transaction.atomic():
        DossierDocument.objects.select_for_update().filter(pk=document.pk).first()
        number = (document.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        version = _version(document, number=number, file=file, note=note, actor=actor)
        dossier = document.dossier
        text = _("Nieuwe versie (%(number)s) van %(title)s") % {
            "number": number,
            "title": document.title,
        }
        if version.note:
            text = f"{text}: {version.note}"
        _line(dossier, actor=actor, kind=DossierUpdate.Kind.DOCUMENT, text=text, version=version)
        _touch(dossier)
        audit_log(
            actor=actor,
            action="dossier.version",
            obj=dossier,
            details={"doc": document.pk, "version": number},
        )
        getattr(document, "_prefetched_objects_cache", {}).pop("versions", None)
        index.update("document", document)
        _reindex(dossier)
        _extract_after_commit(version)
    return version


def version_extract(*, version_id: int) -> str:
    """Read the text of one version for the search index; a file that cannot be read is marked
    ``failed`` (it stays downloadable). Returns the extraction state."""
    from sitesearch import index

    version = (
        DocumentVersion.objects.select_related("document__dossier").filter(pk=version_id).first()
    )
    if version is None or version.extraction == DocumentVersion.Extraction.DONE:
        return "gone" if version is None else version.extraction
    with version.file.open("rb") as handle:
        data = handle.read()
    try:
        text = extract_text(data, version.original_name or version.file.name)
    except ExtractionError as error:
        logger.warning("Dossier document version %s cannot be read: %s", version.pk, error)
        return version_extraction_failed(version_id=version.pk)
    with transaction.atomic():
        DocumentVersion.objects.filter(pk=version.pk).update(
            text=text, extraction=DocumentVersion.Extraction.DONE
        )
        document = version.document
        if document.versions.aggregate(n=Max("number"))["n"] == version.number:
            index.update("document", document)
    return DocumentVersion.Extraction.DONE


def version_extraction_failed(*, version_id: int) -> str:
    DocumentVersion.objects.filter(pk=version_id).exclude(
        extraction=DocumentVersion.Extraction.DONE
    ).update(extraction=DocumentVersion.Extraction.FAILED)
    return DocumentVersion.Extraction.FAILED


# --- links ----------------------------------------------------------------------------------


def _link(*, actor, dossier: Dossier, kind, obj) -> DossierLink:
    link, created = DossierLink.objects.get_or_create(
        dossier=dossier,
        kind=kind.code,
        object_id=str(obj.pk),
        defaults={"label": kind.describe(obj)[:300], "added_by": actor},
    )
    if created:
        _line(
            dossier,
            actor=actor,
            kind=DossierUpdate.Kind.LINK,
            text=link.label,
            link=link,
            link_kind=link.kind,
            link_object_id=link.object_id,
        )
        _touch(dossier)
        audit_log(
            actor=actor,
            action="dossier.link",
            obj=dossier,
            details={"kind": kind.code, "id": link.object_id},
        )
        _reindex(dossier)
    return link


def link_add(*, actor, dossier: Dossier, kind: str, reference: str) -> DossierLink:
    """Link a meeting, signal or advice, found by what a member types (a reference or a link).
    Something the member may not open is "not found", so nothing leaks."""
    link_kind = link_registry.link_kind(kind)
    if link_kind is None:
        raise DossierError(_("Kies wat u wilt koppelen."))
    obj = link_kind.find(reference.strip()) if reference.strip() else None
    if obj is None or not link_kind.can_view(viewer_for(actor), obj):
        raise DossierError(
            _("Wij vinden geen %(kind)s bij “%(reference)s”. Kijk het kenmerk of de link na.")
            % {"kind": str(link_kind.label).lower(), "reference": reference.strip()[:100]}
        )
    if DossierLink.objects.filter(
        dossier=dossier, kind=link_kind.code, object_id=str(obj.pk)
    ).exists():
        raise DossierError(_("Dit is al aan het dossier gekoppeld."))
    with transaction.atomic():
        return _link(actor=actor, dossier=dossier, kind=link_kind, obj=obj)


def link_object(*, actor, dossier: Dossier, kind: str, obj) -> DossierLink:
    """For other apps that already hold the object (a signal being triaged, an agenda item):
    link it once; linking again changes nothing. The caller checks who may do this."""
    link_kind = link_registry.link_kind(kind)
    if link_kind is None:
        raise DossierError(_("Kies wat u wilt koppelen."))
    with transaction.atomic():
        return _link(actor=actor, dossier=dossier, kind=link_kind, obj=obj)


def link_remove(*, actor, link: DossierLink) -> None:
    with transaction.atomic():
        dossier = link.dossier
        label, link_kind, link_object_id = link.label, link.kind, link.object_id
        audit_log(
            actor=actor,
            action="dossier.unlink",
            obj=dossier,
            details={"kind": link.kind, "id": link.object_id},
        )
        link.delete()
        _line(
            dossier,
            actor=actor,
            kind=DossierUpdate.Kind.LINK,
            text=_("Koppeling weggehaald: %(label)s") % {"label": label},
            link_kind=link_kind,
            link_object_id=link_object_id,
        )
        _touch(dossier)
        _reindex(dossier)


# --- following and the digest ---------------------------------------------------------------


def dossier_follow(*, user, dossier: Dossier) -> Follow:
    follow, _created = Follow.objects.get_or_create(dossier=dossier, user=user)
    return follow


def dossier_unfollow(*, user, dossier: Dossier) -> None:
    Follow.objects.filter(dossier=dossier, user=user).delete()


def digest_preference_set(*, user, frequency: str) -> DigestPreference:
    if frequency not in DigestPreference.Frequency.values:
        raise DossierError(_("Kies hoe vaak u e-mail wilt krijgen."))
    with transaction.atomic():
        preference, _created = DigestPreference.objects.select_for_update().get_or_create(user=user)
        preference.frequency = frequency
        preference.save(update_fields=["frequency"])
    return preference


def _is_due(frequency: str, today: datetime.date) -> bool:
    if frequency == DigestPreference.Frequency.DAILY:
        return True
    return frequency == DigestPreference.Frequency.WEEKLY and today.weekday() == 0


def digests_send(*, now: datetime.datetime | None = None) -> int:
    """The e-mail about followed dossiers: daily, or weekly on Mondays. For each member it lists
    what others added since the last e-mail (or since they followed) in dossiers they may still
    see. ``sent_until`` is moved in the same transaction as the outbox message, so running again
    (a retry, a second worker) never sends the same news twice. Returns the e-mails written."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    sent = 0
    user_ids = (
        Follow.objects.filter(user__is_active=True)
        .values_list("user_id", flat=True)
        .distinct()
        .order_by("user_id")
    )
    for user_id in list(user_ids):
        with transaction.atomic():
            DigestPreference.objects.get_or_create(user_id=user_id)
            preference = (
                DigestPreference.objects.select_for_update(of=("self",))
                .select_related("user")
                .get(user_id=user_id)
            )
            if not _is_due(preference.frequency, today):
                continue
            if preference.sent_until is not None and preference.sent_until >= now:
                continue
            user = preference.user
            if _digest_write(user=user, since=preference.sent_until, until=now):
                sent += 1
            preference.sent_until = now
            preference.save(update_fields=["sent_until"])
    return sent


def _digest_write(*, user, since, until) -> bool:
    viewer = viewer_for(user)
    follows = list(Follow.objects.filter(user=user).values_list("dossier_id", "since"))
    window = Q()
    for dossier_id, followed_since in follows:
        start = max(followed_since, since) if since else followed_since
        window |= Q(dossier_id=dossier_id, at__gt=start)
    if not follows or not user.email:
        return False
    updates = list(
        DossierUpdate.objects.filter(window, at__lte=until)
        .filter(visible_dossiers_q(viewer, prefix="dossier__"))
        .exclude(author=user)
        .select_related("dossier")
        .order_by("dossier__title", "dossier_id", "at", "id")
    )
    updates = updates_for_viewer(viewer, updates)
    if not updates:
        return False
    dossiers: dict[int, dict] = {}
    for update in updates:
        entry = dossiers.setdefault(
            update.dossier_id,
            {
                "dossier": update.dossier,
                "url": settings.SITE_URL + update.dossier.get_absolute_url(),
                "updates": [],
            },
        )
        entry["updates"].append(update)
    outbox_enqueue_template(
        to=[user.email],
        template="dossiers/email/digest",
        context={
            "user": user,
            "dossiers": list(dossiers.values()),
            "count": len(dossiers),
            "settings_url": settings.SITE_URL + reverse("dossiers:digest"),
        },
        kind="dossier.digest",
    )
    return True
