"""Bluesky: the AT Protocol's XRPC API on the account's PDS (docs.bsky.app).

A post is a record in the account's repository. We choose its record key (a TID) ourselves and
save it before creating, and look the record up before creating it: a retry finds the post an
earlier attempt made instead of making a second one.
"""

from __future__ import annotations

import hashlib
import time
import unicodedata
from datetime import UTC, datetime

from django.utils.translation import gettext_lazy

from .base import (
    LINK_RE,
    Account,
    Connector,
    Outcome,
    Outgoing,
    Result,
    Rules,
    json_of,
)

COLLECTION = "app.bsky.feed.post"
TID_ALPHABET = "234567abcdefghijklmnopqrstuvwxyz"  # base32-sortable
AUTH_ERRORS = {"AuthenticationRequired", "ExpiredToken", "InvalidToken", "AccountTakedown"}


def tid(microseconds: int, clock_id: int) -> str:
    """A record key in TID form: 53 bits of time and 10 bits of clock id, 13 characters."""
    value = ((microseconds & ((1 << 53) - 1)) << 10) | (clock_id & 0x3FF)
    chars = []
    for _position in range(13):
        chars.append(TID_ALPHABET[value & 31])
        value >>= 5
    return "".join(reversed(chars))


def rkey_for(key: str, now: float | None = None) -> str:
    """A new TID for this publication: the current time, the clock id taken from its key."""
    microseconds = int((time.time() if now is None else now) * 1_000_000)
    clock_id = int.from_bytes(hashlib.sha256(key.encode()).digest()[:2], "big") % 1024
    return tid(microseconds, clock_id)


def _joins(char: str) -> bool:
    """True for a code point that belongs to the grapheme before it."""
    code = ord(char)
    return (
        unicodedata.combining(char) != 0
        or unicodedata.category(char) in ("Mn", "Me", "Mc")
        or 0xFE00 <= code <= 0xFE0F  # variation selectors
        or 0x1F3FB <= code <= 0x1F3FF  # skin tones
        or 0xE0020 <= code <= 0xE007F  # tag characters (flags of regions)
        or code == 0x20E3  # keycap
    )


def graphemes(text: str) -> int:
    """Grapheme clusters, close enough to Unicode's rules for a length limit: combining marks,
    variation selectors and skin tones join the character before them, a zero-width joiner joins
    both its neighbours, two regional indicators make one flag."""
    count, previous_zwj, regional = 0, False, False
    for char in unicodedata.normalize("NFC", text):
        code = ord(char)
        if code == 0x200D:
            previous_zwj = True
            continue
        if previous_zwj or (_joins(char) and count):
            previous_zwj = False
            continue
        if 0x1F1E6 <= code <= 0x1F1FF:
            if regional:
                regional = False
                continue
            regional = True
        else:
            regional = False
        count += 1
    return count


def link_facets(text: str) -> list[dict]:
    """A link facet per link, with UTF-8 byte offsets as the record format wants."""
    facets = []
    for match in LINK_RE.finditer(text):
        start = len(text[: match.start()].encode())
        facets.append(
            {
                "index": {"byteStart": start, "byteEnd": start + len(match.group().encode())},
                "features": [{"$type": "app.bsky.richtext.facet#link", "uri": match.group()}],
            }
        )
    return facets


class BlueskyConnector(Connector):
    platform = "bluesky"
    label = "Bluesky"
    rules = Rules(max_length=300, max_image_bytes=1_000_000, max_alt_length=2000)
    default_api_base = "https://bsky.social"
    credential_fields = (
        ("identifier", gettext_lazy("Gebruikersnaam (bijvoorbeeld raad.bsky.social)"), False),
        ("app_password", gettext_lazy("App-wachtwoord"), True),
    )
    retry_is_safe = True

    @classmethod
    def length(cls, text: str) -> int:
        return graphemes(text)

    def error_text(self, response) -> str:
        data = json_of(response)
        if isinstance(data, dict) and (data.get("message") or data.get("error")):
            return str(data.get("message") or data.get("error"))[:500]
        return super().error_text(response)

    def error_outcome(self, response, *, create: bool = False) -> Outcome:
        data = json_of(response)
        if isinstance(data, dict) and data.get("error") in AUTH_ERRORS:
            return Outcome.RECONNECT
        return super().error_outcome(response, create=create)

    def _session(self) -> dict:
        response = self.check(
            self.send(
                "POST",
                "/xrpc/com.atproto.server.createSession",
                json={
                    "identifier": self.credentials.get("identifier", ""),
                    "password": self.credentials.get("app_password", ""),
                },
            )
        )
        return response.json()

    def verify(self) -> Account:
        session = self._session()
        handle = session.get("handle", "")
        return Account(name=f"@{handle}", url=f"https://bsky.app/profile/{handle}")

    def publish(self, outgoing: Outgoing, save_state) -> Result:
        rkey = outgoing.state.get("rkey") or rkey_for(outgoing.key)
        created_at = (
            outgoing.state.get("created_at")
            or datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
        )
        save_state({"rkey": rkey, "created_at": created_at})
        session = self._session()
        did, handle = session["did"], session.get("handle", "")
        auth = {"Authorization": f"Bearer {session['accessJwt']}"}

        existing = self.send(
            "GET",
            "/xrpc/com.atproto.repo.getRecord",
            params={"repo": did, "collection": COLLECTION, "rkey": rkey},
            headers=auth,
        )
        if existing.ok:  # an earlier attempt created it
            return Result(remote_id=existing.json()["uri"], url=self._url(handle or did, rkey))
        data = json_of(existing)
        not_found = existing.status_code == 404 or (
            existing.status_code == 400
            and isinstance(data, dict)
            and data.get("error") == "RecordNotFound"
        )
        if not not_found:
            raise self.http_error(existing)

        record = {
            "$type": COLLECTION,
            "text": outgoing.text,
            "createdAt": created_at,
            "langs": [outgoing.language],
        }
        facets = link_facets(outgoing.text)
        if facets:
            record["facets"] = facets
        if outgoing.media is not None:
            record["embed"] = self._images(outgoing, auth)
        response = self.check(
            self.send(
                "POST",
                "/xrpc/com.atproto.repo.createRecord",
                create=True,
                json={"repo": did, "collection": COLLECTION, "rkey": rkey, "record": record},
                headers=auth,
            ),
            create=True,
        )
        return Result(remote_id=response.json()["uri"], url=self._url(handle or did, rkey))

    def _images(self, outgoing: Outgoing, auth: dict) -> dict:
        media = outgoing.media
        response = self.check(
            self.send(
                "POST",
                "/xrpc/com.atproto.repo.uploadBlob",
                data=media.data,
                headers={**auth, "Content-Type": media.content_type},
            )
        )
        image = {"alt": media.alt, "image": response.json()["blob"]}
        if media.width and media.height:
            image["aspectRatio"] = {"width": media.width, "height": media.height}
        return {"$type": "app.bsky.embed.images", "images": [image]}

    @staticmethod
    def _url(profile: str, rkey: str) -> str:
        return f"https://bsky.app/profile/{profile}/post/{rkey}"
