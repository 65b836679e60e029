"""Mastodon: the instance's REST API (docs.joinmastodon.org/methods/statuses, /methods/media).

The status is created with an `Idempotency-Key` header (the publication's key): Mastodon
answers a repeated create with the same key with the status it already made, so an interrupted
attempt may simply be tried again.
"""

from __future__ import annotations

import re
import time
import unicodedata
from urllib.parse import urlsplit

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .base import (
    LINK_RE,
    URL_LENGTH,
    Account,
    Connector,
    ConnectorError,
    Outcome,
    Outgoing,
    Result,
    Rules,
    json_of,
)

# "@name@instance.example" counts as "@name" (Mastodon counts only the local part of a mention)
MENTION_RE = re.compile(r"(?<![\w/])@(\w+)@[\w.-]+\w")


class MastodonConnector(Connector):
    platform = "mastodon"
    label = "Mastodon"
    rules = Rules(
        max_length=500,
        max_image_bytes=16_000_000,
        max_alt_length=1500,
        counts_urls_as=URL_LENGTH,
    )
    default_api_base = ""  # every instance has its own address: the channel gives it
    credential_fields = (("access_token", gettext_lazy("Toegangssleutel (access token)"), True),)
    retry_is_safe = True
    media_polls = 10  # a large image is processed in the background: ask this often
    poll_delay = 1.0  # seconds between those questions (tests set 0)

    @classmethod
    def length(cls, text: str) -> int:
        text = unicodedata.normalize("NFC", text)
        text = LINK_RE.sub("x" * URL_LENGTH, text)
        text = MENTION_RE.sub(lambda match: "@" + match.group(1), text)
        return len(text)

    def _headers(self) -> dict:
        if not self.api_base:  # without it every request would fail as "unreachable" forever
            raise ConnectorError(
                _("Het adres van de Mastodon-server ontbreekt. Koppel het kanaal opnieuw."),
                outcome=Outcome.RECONNECT,
            )
        return {"Authorization": f"Bearer {self.credentials.get('access_token', '')}"}

    def error_text(self, response) -> str:
        data = json_of(response)
        if isinstance(data, dict) and data.get("error"):
            return str(data["error"])[:500]
        return super().error_text(response)

    def verify(self) -> Account:
        response = self.check(
            self.send("GET", "/api/v1/accounts/verify_credentials", headers=self._headers())
        )
        data = response.json()
        acct = data.get("acct", "")
        if acct and "@" not in acct:  # a local account: add the instance, as people write it
            acct = f"{acct}@{urlsplit(self.api_base).hostname}"
        return Account(name=f"@{acct}", url=data.get("url", ""))

    def publish(self, outgoing: Outgoing, save_state) -> Result:
        media_ids = []
        if outgoing.media is not None:
            media_id = outgoing.state.get("media_id") or self._upload(outgoing)
            save_state({"media_id": media_id})
            media_ids.append(media_id)
        data = {"status": outgoing.text, "visibility": "public", "language": outgoing.language}
        if media_ids:
            data["media_ids[]"] = media_ids
        headers = {**self._headers(), "Idempotency-Key": outgoing.key}
        response = self.check(
            self.send("POST", "/api/v1/statuses", create=True, data=data, headers=headers),
            create=True,
        )
        status = response.json()
        return Result(remote_id=str(status["id"]), url=status.get("url") or status.get("uri", ""))

    def _upload(self, outgoing: Outgoing) -> str:
        media = outgoing.media
        response = self.check(
            self.send(
                "POST",
                "/api/v2/media",
                files={"file": (media.filename, media.data, media.content_type)},
                data={"description": media.alt},
                headers=self._headers(),
            )
        )
        attachment = response.json()
        # 202: accepted, still processing (url is null); a status cannot use it before it is done
        for _poll in range(self.media_polls):
            if response.status_code == 200 and attachment.get("url"):
                return str(attachment["id"])
            time.sleep(self.poll_delay)
            response = self.check(
                self.send("GET", f"/api/v1/media/{attachment['id']}", headers=self._headers())
            )
            attachment = response.json()
        if response.status_code == 200 and attachment.get("url"):
            return str(attachment["id"])
        raise ConnectorError(
            _("Mastodon is nog bezig met de afbeelding. Het bericht is niet geplaatst."),
            outcome=Outcome.RETRY,
            retry_after=60,
        )
