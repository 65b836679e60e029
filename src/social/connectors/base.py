"""What every social channel connector offers, and what it gets.

A connector speaks one platform's documented HTTP API with `requests`. It holds no database
state: the outbox (`social.services`) gives it the post, the decrypted credentials and whatever
the connector saved from an earlier attempt (`Outgoing.state`), and stores what it reports
through `save_state` *before* the connector's next step. That is how a retry never posts twice:

- a platform with an idempotency mechanism gets a stable key (`Outgoing.key`), or a stable
  record key that the connector checks before it creates anything;
- a platform without one raises `ConnectorError(outcome=Outcome.UNKNOWN)` when the request
  that creates the post may have reached the platform but no answer came back (time-out,
  connection lost after sending, 5xx on the create step). The outbox then stops and asks an
  editor to look, instead of trying again.

Errors before anything was created (connection refused, 4xx/5xx on a media upload, 429) are
`Outcome.RETRY`; wrong or expired credentials are `Outcome.RECONNECT`; a post the platform
refuses for its content is `Outcome.REFUSED` (retrying cannot help).
"""

from __future__ import annotations

import email.utils
import enum
import re
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

import requests
from django.utils.translation import gettext as _
from urllib3.exceptions import NewConnectionError

TIMEOUT = (5, 30)  # seconds: connect, read
URL_LENGTH = 23  # Mastodon and X count every link as 23 characters
# A link as the platforms find it in a text: http(s) up to white space, without the punctuation
# that usually ends a sentence.
LINK_RE = re.compile(r"https?://[^\s]+?(?=[.,;:!?)\]'\"]*(?:\s|$))")


@dataclass(frozen=True)
class Media:
    """One image, already scaled by us to fit every platform (JPEG, at most 1600 px)."""

    data: bytes
    content_type: str  # "image/jpeg" or "image/png"
    filename: str
    alt: str
    width: int
    height: int
    public_url: str = ""  # an absolute URL the platform can fetch (Instagram needs it)


@dataclass(frozen=True)
class Outgoing:
    text: str  # the post's text, the link already included where the platform shows it
    link: str = ""  # the page the post is about (absolute URL), or ""
    media: Media | None = None
    language: str = "nl"
    key: str = ""  # stable per publication: the same on every attempt (hex, 32 chars)
    state: dict = field(default_factory=dict)  # what this connector saved on earlier attempts


@dataclass(frozen=True)
class Result:
    remote_id: str
    url: str


@dataclass(frozen=True)
class Account:
    """Who the credentials belong to, shown to editors after connecting."""

    name: str
    url: str = ""


class Outcome(enum.StrEnum):
    RETRY = "retry"  # nothing was posted; trying again later is safe
    RECONNECT = "reconnect"  # credentials wrong or expired: an editor must connect again
    REFUSED = "refused"  # the platform refuses this post (too long, bad image): no retry
    UNKNOWN = "unknown"  # the post may exist: an editor must look before anything is retried


class ConnectorError(Exception):
    def __init__(
        self,
        message: str,
        *,
        outcome: Outcome,
        status: int | None = None,
        retry_after: int | None = None,
    ):
        super().__init__(message)
        self.message = message
        self.outcome = outcome
        self.status = status
        self.retry_after = retry_after


@dataclass(frozen=True)
class Rules:
    """A platform's limits, used by the preview (no network) and by `Connector.problems`."""

    max_length: int
    image_required: bool = False
    max_image_bytes: int = 5_000_000
    max_alt_length: int = 1000
    min_aspect: float | None = None  # width / height
    max_aspect: float | None = None
    links_clickable: bool = True
    counts_urls_as: int | None = None  # None: a link counts by its own length


class Connector:
    """Base class. Subclasses set `platform`, `rules`, `credential_fields` and `default_api_base`
    and implement `verify` and `publish`."""

    platform: str = ""
    label: str = ""
    rules: Rules
    default_api_base: str = ""
    # (name, label, secret): what an editor fills in to connect; secret ones are never shown again
    credential_fields: tuple[tuple[str, str, bool], ...] = ()
    optional_credentials: frozenset[str] = frozenset()  # may be left empty when connecting
    # True when the platform itself recognises a repeated create (idempotency key, fixed record
    # key), so an interrupted attempt may simply be tried again.
    retry_is_safe: bool = False

    def __init__(
        self,
        *,
        credentials: dict,
        api_base: str = "",
        session: requests.Session | None = None,
        on_credentials_changed: Callable[[dict], None] | None = None,
    ):
        self.credentials = dict(credentials)
        self.api_base = (api_base or self.default_api_base).rstrip("/")
        self.session = session or requests.Session()
        self.on_credentials_changed = on_credentials_changed

    # --- no network ---------------------------------------------------------------------------

    @classmethod
    def length(cls, text: str) -> int:
        """The text's length as the platform counts it (graphemes, weighted, links as 23...)."""
        return len(unicodedata.normalize("NFC", text))

    @classmethod
    def problems(cls, outgoing: Outgoing) -> list[str]:
        """What stops this post on this platform, in plain Dutch (empty: fine). Subclasses may
        add their own checks to these."""
        rules, label, found = cls.rules, cls.label, []
        if not outgoing.text.strip():
            found.append(_("Er staat geen tekst in het bericht."))
        length = cls.length(outgoing.text)
        if length > rules.max_length:
            found.append(
                _(
                    "Te lang voor %(channel)s: %(length)s van de %(max)s tekens. Maak de tekst "
                    "korter, of schrijf een eigen tekst voor %(channel)s."
                )
                % {"channel": label, "length": length, "max": rules.max_length}
            )
        media = outgoing.media
        if media is None:
            if rules.image_required:
                found.append(
                    _(
                        "%(channel)s plaatst alleen berichten met een afbeelding. "
                        "Kies een afbeelding."
                    )
                    % {"channel": label}
                )
            return found
        if not media.alt.strip():
            found.append(
                _(
                    "De afbeelding heeft geen alt-tekst. "
                    "Beschrijf kort wat er op de afbeelding staat."
                )
            )
        elif len(media.alt) > rules.max_alt_length:
            found.append(
                _("De alt-tekst is te lang voor %(channel)s: %(length)s van de %(max)s tekens.")
                % {"channel": label, "length": len(media.alt), "max": rules.max_alt_length}
            )
        if len(media.data) > rules.max_image_bytes:
            found.append(
                _("De afbeelding is te groot voor %(channel)s: %(size)s kB, hoogstens %(max)s kB.")
                % {
                    "channel": label,
                    "size": len(media.data) // 1000,
                    "max": rules.max_image_bytes // 1000,
                }
            )
        if media.height and (rules.min_aspect or rules.max_aspect):
            aspect = media.width / media.height
            if (rules.min_aspect and aspect < rules.min_aspect) or (
                rules.max_aspect and aspect > rules.max_aspect
            ):
                found.append(
                    _(
                        "%(channel)s neemt deze vorm van afbeelding niet aan (%(width)s × "
                        "%(height)s pixels). Kies een afbeelding die minder hoog of minder "
                        "breed is."
                    )
                    % {"channel": label, "width": media.width, "height": media.height}
                )
        return found

    # --- network ------------------------------------------------------------------------------

    def verify(self) -> Account:
        """Check the credentials with one cheap authenticated call."""
        raise NotImplementedError

    def publish(self, outgoing: Outgoing, save_state: Callable[[dict], None]) -> Result:
        """Upload the media and create the post. Call `save_state(dict)` with anything a later
        attempt needs (a media id, a container id, a record key) before the next step."""
        raise NotImplementedError

    # --- shared HTTP handling -----------------------------------------------------------------
    # Subclasses call `send` for every request and `check` on every answer, and may override
    # `error_text` (where the platform puts its own message) and `error_outcome` (which answers
    # mean expired credentials).

    def send(self, method: str, url: str, *, create: bool = False, **kwargs) -> requests.Response:
        """One request with our time-out. `create`: this is the request that creates the post,
        so a lost answer means the post may exist."""
        if not url.startswith(("http://", "https://")):
            url = f"{self.api_base}{url}"
        kwargs.setdefault("timeout", TIMEOUT)
        try:
            return self.session.request(method, url, **kwargs)
        except requests.RequestException as error:
            raise self.network_error(error, create=create) from error

    def network_error(self, error: requests.RequestException, *, create: bool) -> ConnectorError:
        label = self.label
        if create and self.retry_is_safe and not _never_sent(error):
            return ConnectorError(
                _(
                    "%(channel)s gaf geen antwoord. Het wordt later opnieuw geprobeerd; "
                    "%(channel)s herkent het bericht, dus het komt er niet twee keer op. "
                    "(%(error)s)"
                )
                % {"channel": label, "error": type(error).__name__},
                outcome=Outcome.RETRY,
            )
        if _never_sent(error) or not create:
            return ConnectorError(
                _("%(channel)s is niet bereikbaar. Het bericht is niet geplaatst. (%(error)s)")
                % {"channel": label, "error": type(error).__name__},
                outcome=Outcome.RETRY,
            )
        return ConnectorError(
            _(
                "%(channel)s gaf geen antwoord nadat het bericht was verstuurd. Misschien staat "
                "het er toch. Kijk eerst op %(channel)s voordat u het opnieuw probeert. "
                "(%(error)s)"
            )
            % {"channel": label, "error": type(error).__name__},
            outcome=Outcome.UNKNOWN,
        )

    def check(self, response: requests.Response, *, create: bool = False) -> requests.Response:
        """The response when it is a success (2xx), otherwise a `ConnectorError`."""
        if response.ok:
            return response
        raise self.http_error(response, create=create)

    def http_error(self, response: requests.Response, *, create: bool = False) -> ConnectorError:
        status = response.status_code
        outcome = self.error_outcome(response, create=create)
        label = self.label
        if outcome == Outcome.RECONNECT:
            intro = _("%(channel)s accepteert de koppeling niet meer. Koppel het kanaal opnieuw.")
        elif status == 429:
            intro = _("%(channel)s vraagt om even te wachten. Het bericht is niet geplaatst.")
        elif outcome == Outcome.UNKNOWN:
            intro = _(
                "%(channel)s gaf een storing nadat het bericht was verstuurd. Misschien staat het "
                "er toch. Kijk eerst op %(channel)s voordat u het opnieuw probeert."
            )
        elif outcome == Outcome.RETRY:
            intro = _("%(channel)s heeft een storing. Het bericht is niet geplaatst.")
        else:
            intro = _("%(channel)s weigert het bericht.")
        text = self.error_text(response)
        message = intro % {"channel": label}
        if text:
            message = f"{message} {label}: {text}"
        return ConnectorError(
            message,
            outcome=outcome,
            status=status,
            retry_after=retry_after(response) if outcome == Outcome.RETRY else None,
        )

    def error_outcome(self, response: requests.Response, *, create: bool = False) -> Outcome:
        status = response.status_code
        if status == 401:
            return Outcome.RECONNECT
        if status == 429:
            return Outcome.RETRY
        if status >= 500 or status == 408:
            return Outcome.UNKNOWN if create and not self.retry_is_safe else Outcome.RETRY
        return Outcome.REFUSED

    def error_text(self, response: requests.Response) -> str:
        """The platform's own error message (subclasses know where it is)."""
        data = json_of(response)
        if isinstance(data, dict):
            for name in ("message", "error_description", "detail", "error", "title"):
                if isinstance(data.get(name), str) and data[name]:
                    return data[name][:500]
        return response.text.strip()[:300]


def json_of(response: requests.Response):
    try:
        return response.json()
    except ValueError:
        return None


def retry_after(response: requests.Response) -> int | None:
    """Seconds to wait, from Retry-After (a number or an HTTP date) or, failing that, from the
    moment a rate limit resets (X: x-rate-limit-reset, Bluesky: ratelimit-reset, both Unix time;
    Mastodon: X-RateLimit-Reset, an ISO 8601 time). None when the answer does not say."""
    value = response.headers.get("Retry-After", "").strip()
    if value.isdigit():
        return int(value)
    if value:
        try:
            return max(0, int(email.utils.parsedate_to_datetime(value).timestamp() - time.time()))
        except (TypeError, ValueError):
            pass
    reset = (
        response.headers.get("x-rate-limit-reset") or response.headers.get("ratelimit-reset") or ""
    ).strip()
    if reset.isdigit():
        return max(0, int(reset) - int(time.time()))
    if reset:
        try:
            moment = datetime.fromisoformat(reset.replace("Z", "+00:00"))
        except ValueError:
            return None
        return max(0, int(moment.timestamp() - time.time()))
    return None


def _never_sent(error: requests.RequestException) -> bool:
    """True when the request cannot have reached the platform: no connection was made."""
    if isinstance(
        error,
        requests.ConnectTimeout | requests.exceptions.URLRequired | requests.exceptions.InvalidURL,
    ):
        return True
    if isinstance(error, requests.ConnectionError) and not isinstance(error, requests.Timeout):
        cause = error.args[0] if error.args else None
        reason = getattr(cause, "reason", cause)
        return isinstance(reason, NewConnectionError)  # refused, unknown host: nothing sent
    return False  # read time-out, connection lost, broken answer: the request went out
