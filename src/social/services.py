"""Social posts: connect channels, write a post once, preview it per channel, and place it
through an outbox.

Placing runs in tasks (`social.tasks`). `publication_send` claims one queued publication under a
row lock (queued → sending, plus an `Attempt` row) and commits *before* it calls the platform, so
two workers never place the same publication; the answer is written in a second transaction.
What a failure means for a retry is the connector's call (`connectors.base.Outcome`): only a
failure after which nothing can exist on the platform is retried by itself, with a doubling
delay; when the post may exist, an editor looks first. A platform that recognises a repeated
create (Mastodon's Idempotency-Key, Bluesky's fixed record key) is retried in that case too.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

import requests
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.audit import audit_log
from common.site import absolute_url

from .connectors import connector_class
from .connectors.base import Account, Connector, ConnectorError, Media, Outcome, Outgoing, Rules
from .crypto import CredentialsUnreadable, decrypt, encrypt
from .models import Attempt, Channel, Post, Publication

logger = logging.getLogger(__name__)

RENDITION = "max-1600x1600|format-jpeg|jpegquality-85"
STALE_AFTER = timedelta(minutes=10)


class SocialError(Exception):
    """Something an editor must change; the message says what, in plain Dutch."""


def absolute(url: str) -> str:
    return absolute_url(url)


# --- channels -------------------------------------------------------------------------------


def connector_for(channel: Channel) -> Connector:
    def store(credentials: dict) -> None:  # a platform gave new tokens (X refreshes its own)
        Channel.objects.filter(pk=channel.pk).update(credentials=encrypt(credentials))

    return connector_class(channel.platform)(
        credentials=decrypt(channel.credentials),
        api_base=channel.api_base,
        on_credentials_changed=store,
    )


def stored_public_credentials(channel: Channel) -> dict:
    """The non-secret credential fields (a page or organisation id), to fill in a reconnect form."""
    try:
        stored = decrypt(channel.credentials) if channel.credentials else {}
    except CredentialsUnreadable:
        return {}
    fields = connector_class(channel.platform).credential_fields
    return {name: stored.get(name, "") for name, _label, secret in fields if not secret}


def _verify(*, platform: str, api_base: str, credentials: dict) -> Account:
    connector = connector_class(platform)(credentials=credentials, api_base=api_base)
    label = connector.label
    try:
        return connector.verify()
    except ConnectorError as error:
        raise SocialError(
            _("%(channel)s accepteert deze gegevens niet. %(error)s")
            % {"channel": label, "error": error.message}
        ) from error
    except requests.RequestException as error:
        raise SocialError(
            _("%(channel)s is niet bereikbaar. Kijk het adres na of probeer het later opnieuw.")
            % {"channel": label}
        ) from error


def channel_connect(
    *,
    platform: str,
    name: str,
    api_base: str,
    credentials: dict,
    actor,
    channel: Channel | None = None,
) -> Channel:
    """Check the credentials with the platform, then store them encrypted. A channel that is
    connected again keeps its history."""
    account = _verify(platform=platform, api_base=api_base, credentials=credentials)
    with transaction.atomic():
        channel = channel or Channel(platform=platform)
        channel.name = name
        channel.api_base = api_base
        channel.account_name = account.name[:200]
        channel.account_url = account.url[:200]
        channel.credentials = encrypt(credentials)
        channel.status = Channel.Status.ACTIVE
        channel.last_error = ""
        channel.connected_by = actor
        channel.connected_at = timezone.now()
        channel.save()
        audit_log(actor=actor, action="social.channel_connect", obj=channel)
    return channel


@transaction.atomic
def channel_disconnect(*, channel: Channel, actor) -> None:
    """Forget the credentials; the channel's posts and their history stay."""
    channel.credentials = ""
    channel.status = Channel.Status.DISCONNECTED
    channel.save(update_fields=["credentials", "status"])
    Publication.objects.filter(channel=channel, status=Publication.Status.QUEUED).update(
        status=Publication.Status.FAILED,
        last_error=_("Het kanaal is ontkoppeld voordat dit bericht geplaatst was."),
    )
    audit_log(actor=actor, action="social.channel_disconnect", obj=channel)


# --- posts and previews ---------------------------------------------------------------------


def post_alt(post: Post) -> str:
    if post.image_alt.strip():
        return post.image_alt.strip()
    page = post.page.specific if post.page_id else None
    if page is not None and getattr(page, "image_id", None) == post.image_id:
        return getattr(page, "alt_text", "") or ""
    return (getattr(post.image, "description", "") or "") if post.image_id else ""


def post_media(post: Post) -> Media | None:
    if not post.image_id:
        return None
    rendition = post.image.get_rendition(RENDITION)
    with rendition.file.open("rb") as file:
        data = file.read()
    return Media(
        data=data,
        content_type="image/jpeg",
        filename=f"raadsplein-{post.image_id}.jpg",
        alt=post_alt(post),
        width=rendition.width,
        height=rendition.height,
        public_url=absolute(rendition.url),
    )


def channel_text(post: Post, channel: Channel) -> str:
    """The channel's own text, or the post's; the link goes at the end unless it is in it."""
    own = str((post.texts or {}).get(str(channel.pk), "")).strip()
    text = own or post.text.strip()
    if post.link and post.link not in text:
        text = f"{text}\n\n{post.link}" if text else post.link
    return text


@dataclass(frozen=True)
class Preview:
    channel: Channel
    text: str
    own_text: str
    length: int
    rules: Rules
    problems: list[str]
    media: Media | None

    @property
    def over(self) -> int:
        return max(0, self.length - self.rules.max_length)

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.length / self.rules.max_length))


def previews(post: Post, channels) -> list[Preview]:
    """The post as each channel will get it, with its length as that platform counts and what
    stops it there. Needs no network; `post` may be unsaved (the live preview while typing)."""
    media = post_media(post)
    result = []
    for channel in channels:
        cls = connector_class(channel.platform)
        text = channel_text(post, channel)
        outgoing = Outgoing(text=text, link=post.link, media=media)
        problems = cls.problems(outgoing)
        if channel.status != Channel.Status.ACTIVE:
            problems.insert(
                0, _("Dit kanaal is niet gekoppeld. Koppel het opnieuw om hier te plaatsen.")
            )
        result.append(
            Preview(
                channel=channel,
                text=text,
                own_text=str((post.texts or {}).get(str(channel.pk), "")),
                length=cls.length(text),
                rules=cls.rules,
                problems=problems,
                media=media,
            )
        )
    return result


@transaction.atomic
def post_save(*, post: Post, channels, texts: dict, actor) -> Post:
    if post.status != Post.Status.DRAFT:
        raise SocialError(_("Dit bericht is al aangeboden; u kunt het niet meer aanpassen."))
    chosen = {str(channel.pk) for channel in channels}
    post.texts = {key: value for key, value in texts.items() if key in chosen and value.strip()}
    created = post.pk is None
    if created:
        post.created_by = actor
    post.save()
    post.channels.set(channels)
    audit_log(
        actor=actor, action="social.post_create" if created else "social.post_update", obj=post
    )
    return post


def post_submit(*, post: Post, actor, publish_at: datetime | None = None) -> list[Publication]:
    """Put the post in the outbox for each of its channels: now, or at `publish_at`."""
    now = timezone.now()
    if publish_at is not None and publish_at <= now:
        raise SocialError(_("Kies een tijdstip in de toekomst."))
    channels = list(post.channels.all())
    if not channels:
        raise SocialError(_("Kies minstens één kanaal."))
    blocked = [preview for preview in previews(post, channels) if preview.problems]
    if blocked:
        raise SocialError(
            _("Het bericht kan nog niet weg. Los eerst dit op: %(problems)s")
            % {
                "problems": " ".join(
                    f"{preview.channel.name}: {' '.join(preview.problems)}" for preview in blocked
                )
            }
        )
    with transaction.atomic():
        locked = Post.objects.select_for_update().get(pk=post.pk)
        if locked.status != Post.Status.DRAFT:
            raise SocialError(_("Dit bericht is al aangeboden."))
        publications = Publication.objects.bulk_create(
            Publication(
                post=post,
                channel=channel,
                text=channel_text(post, channel),
                next_attempt_at=publish_at or now,
            )
            for channel in channels
        )
        post.status = Post.Status.SUBMITTED
        post.publish_at = publish_at
        post.save(update_fields=["status", "publish_at", "updated_at"])
        audit_log(
            actor=actor,
            action="social.post_submit",
            obj=post,
            details={"publish_at": publish_at.isoformat() if publish_at else "now"},
        )
        if publish_at is None:
            ids = [publication.pk for publication in publications]
            transaction.on_commit(lambda: _enqueue(ids))
    return publications


@transaction.atomic
def post_unschedule(*, post: Post, actor) -> None:
    """Take a scheduled post back to a draft, while none of it was tried yet."""
    post = Post.objects.select_for_update().get(pk=post.pk)
    if post.status != Post.Status.SUBMITTED or post.publications.filter(attempts__gt=0).exists():
        raise SocialError(_("Dit bericht wordt al geplaatst; u kunt het niet meer terugnemen."))
    post.publications.all().delete()
    post.status = Post.Status.DRAFT
    post.publish_at = None
    post.save(update_fields=["status", "publish_at", "updated_at"])
    audit_log(actor=actor, action="social.post_unschedule", obj=post)


def _enqueue(publication_ids: list[int]) -> None:
    from .tasks import publication_send_task

    for publication_id in publication_ids:
        publication_send_task(publication_id)


# --- the outbox -----------------------------------------------------------------------------


def _backoff(used: int, retry_after: int | None) -> timedelta:
    delay = min(settings.SOCIAL_RETRY_SECONDS * 2 ** max(used - 1, 0), 3600)
    return timedelta(seconds=max(delay, retry_after or 0))


def publication_send(publication_id: int) -> str | None:
    """One attempt at one publication; returns the new status, or None when it was not due (or
    someone else has it)."""
    now = timezone.now()
    with transaction.atomic():
        publication = (
            Publication.objects.select_for_update()
            .filter(pk=publication_id, status=Publication.Status.QUEUED)
            .first()
        )
        if publication is None or (publication.next_attempt_at or now) > now:
            return None
        channel = publication.channel
        if channel.status != Channel.Status.ACTIVE:
            publication.status = Publication.Status.FAILED
            publication.last_error = _(
                "Het kanaal %(channel)s is niet gekoppeld. Koppel het opnieuw en probeer het dan "
                "opnieuw."
            ) % {"channel": channel.name}
            publication.save(update_fields=["status", "last_error"])
            return publication.status
        publication.attempts += 1
        publication.status = Publication.Status.SENDING
        publication.sending_since = now
        publication.save(update_fields=["attempts", "status", "sending_since"])
        attempt = Attempt.objects.create(
            publication=publication, number=publication.attempts, started_at=now
        )

    state = dict(publication.state)

    def save_state(update: dict) -> None:
        state.update(update)
        Publication.objects.filter(pk=publication.pk).update(state=state)

    retry_is_safe = connector_class(channel.platform).retry_is_safe
    try:
        connector = connector_for(channel)
        post = publication.post
        outgoing = Outgoing(
            text=publication.text,
            link=post.link,
            media=post_media(post),
            language="nl",
            key=publication.key,
            state=dict(state),
        )
        result = connector.publish(outgoing, save_state)
    except ConnectorError as error:
        return _finish(
            publication.pk,
            attempt.pk,
            outcome=error.outcome,
            error=error.message,
            http_status=error.status,
            retry_after=error.retry_after,
            retry_is_safe=retry_is_safe,
        )
    except CredentialsUnreadable:
        return _finish(
            publication.pk,
            attempt.pk,
            outcome=Outcome.RECONNECT,
            error=_(
                "De opgeslagen gegevens van dit kanaal zijn niet meer te lezen (is de sleutel "
                "veranderd?). Koppel het kanaal opnieuw."
            ),
            retry_is_safe=retry_is_safe,
        )
    except Exception as error:  # a bug or an unmapped network error: the post may exist
        logger.exception("social: publication %s failed unexpectedly", publication.pk)
        return _finish(
            publication.pk,
            attempt.pk,
            outcome=Outcome.UNKNOWN,
            error=_("Onverwachte fout: %(error)s") % {"error": str(error)[:500]},
            retry_is_safe=retry_is_safe,
        )
    return _finish(publication.pk, attempt.pk, outcome=None, result=result)


@transaction.atomic
def _finish(
    publication_id: int,
    attempt_id: int,
    *,
    outcome: Outcome | None,
    error: str = "",
    http_status: int | None = None,
    retry_after: int | None = None,
    retry_is_safe: bool = False,
    result=None,
) -> str:
    now = timezone.now()
    publication = (
        Publication.objects.select_for_update().select_related("channel").get(pk=publication_id)
    )
    attempt = Attempt.objects.get(pk=attempt_id)
    attempt.finished_at = now
    attempt.http_status = http_status
    attempt.error = error
    status = Publication.Status
    if outcome is None:
        attempt.outcome = Attempt.Outcome.PUBLISHED
        publication.status = status.PUBLISHED
        publication.remote_id = result.remote_id[:300]
        publication.remote_url = result.url[:500]
        publication.published_at = now
        publication.last_error = ""
    elif outcome == Outcome.RETRY or (outcome == Outcome.UNKNOWN and retry_is_safe):
        attempt.outcome = Attempt.Outcome.RETRY
        used = publication.attempts - publication.attempts_before_retry
        if used >= settings.SOCIAL_MAX_ATTEMPTS:
            publication.status = status.FAILED
            publication.last_error = _("%(error)s (Gestopt na %(count)s pogingen.)") % {
                "error": error,
                "count": used,
            }
        else:
            publication.status = status.QUEUED
            publication.next_attempt_at = now + _backoff(used, retry_after)
            publication.last_error = error
    elif outcome == Outcome.RECONNECT:
        attempt.outcome = Attempt.Outcome.RECONNECT
        publication.status = status.FAILED
        publication.last_error = error
        channel = publication.channel
        channel.status = Channel.Status.RECONNECT
        channel.last_error = error
        channel.save(update_fields=["status", "last_error"])
    elif outcome == Outcome.REFUSED:
        attempt.outcome = Attempt.Outcome.REFUSED
        publication.status = status.FAILED
        publication.last_error = error
    else:
        attempt.outcome = Attempt.Outcome.UNKNOWN
        publication.status = status.UNKNOWN
        publication.last_error = error
    attempt.save(update_fields=["finished_at", "http_status", "error", "outcome"])
    publication.sending_since = None
    publication.save(
        update_fields=[
            "status",
            "remote_id",
            "remote_url",
            "published_at",
            "last_error",
            "next_attempt_at",
            "sending_since",
        ]
    )
    return publication.status


def publication_sweep(*, now: datetime | None = None) -> int:
    """A worker that stopped mid-attempt leaves a publication 'sending'. Where the platform
    recognises a repeat it goes back in the queue; elsewhere an editor must look first."""
    now = now or timezone.now()
    count = 0
    stale = Publication.objects.filter(
        status=Publication.Status.SENDING, sending_since__lt=now - STALE_AFTER
    ).values_list("pk", flat=True)
    for publication_id in list(stale):
        with transaction.atomic():
            publication = (
                Publication.objects.select_for_update()
                .select_related("channel")
                .filter(pk=publication_id, status=Publication.Status.SENDING)
                .first()
            )
            if publication is None:
                continue
            Attempt.objects.filter(publication=publication, finished_at__isnull=True).update(
                finished_at=now, outcome=Attempt.Outcome.INTERRUPTED
            )
            if connector_class(publication.channel.platform).retry_is_safe:
                publication.status = Publication.Status.QUEUED
                publication.next_attempt_at = now
            else:
                publication.status = Publication.Status.UNKNOWN
                publication.last_error = _(
                    "Het plaatsen is onderbroken. Kijk op %(channel)s of het bericht er staat."
                ) % {"channel": publication.channel.get_platform_display()}
            publication.sending_since = None
            publication.save(
                update_fields=["status", "next_attempt_at", "last_error", "sending_since"]
            )
            count += 1
    return count


def due_publication_ids(*, now: datetime | None = None, limit: int = 100) -> list[int]:
    now = now or timezone.now()
    return list(
        Publication.objects.filter(status=Publication.Status.QUEUED, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )


def social_dispatch() -> dict:
    """The minute task: mend interrupted attempts, then place what is due (scheduled posts and
    retries)."""
    swept = publication_sweep()
    placed = [publication_send(publication_id) for publication_id in due_publication_ids()]
    return {"swept": swept, "tried": len(placed)}


# --- what editors do with a publication -----------------------------------------------------


def publication_retry(*, publication: Publication, actor) -> None:
    """Try a failed publication again, with a fresh series of attempts. A publication that may
    exist ('controleren') is retried only when the editor says it is not there."""
    with transaction.atomic():
        publication = (
            Publication.objects.select_for_update().select_related("channel").get(pk=publication.pk)
        )
        if publication.status not in (Publication.Status.FAILED, Publication.Status.UNKNOWN):
            raise SocialError(_("Dit bericht wacht al of is al geplaatst."))
        if publication.channel.status != Channel.Status.ACTIVE:
            raise SocialError(
                _("Koppel eerst het kanaal %(channel)s opnieuw.")
                % {"channel": publication.channel.name}
            )
        publication.status = Publication.Status.QUEUED
        publication.attempts_before_retry = publication.attempts
        publication.next_attempt_at = timezone.now()
        publication.save(update_fields=["status", "attempts_before_retry", "next_attempt_at"])
        audit_log(actor=actor, action="social.publication_retry", obj=publication.post)
        transaction.on_commit(lambda: _enqueue([publication.pk]))


@transaction.atomic
def publication_confirm(*, publication: Publication, url: str, actor) -> None:
    """The editor found the post on the platform: record it as placed, never place it again."""
    publication = Publication.objects.select_for_update().get(pk=publication.pk)
    if publication.status != Publication.Status.UNKNOWN:
        raise SocialError(_("Dit bericht hoeft niet gecontroleerd te worden."))
    publication.status = Publication.Status.PUBLISHED
    publication.remote_url = url
    publication.published_at = timezone.now()
    publication.last_error = ""
    publication.save(update_fields=["status", "remote_url", "published_at", "last_error"])
    audit_log(actor=actor, action="social.publication_confirm", obj=publication.post)
