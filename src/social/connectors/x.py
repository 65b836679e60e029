"""X (Twitter): API v2 with an OAuth 2.0 user token (docs.x.com/x-api).

X has no idempotency key for posts: when the create request may have arrived but no answer
came, the outcome is UNKNOWN and an editor looks first. An access token lives two hours; with a
refresh token (and the app's client id) we get a new one and store it through
`on_credentials_changed`.
"""

from __future__ import annotations

import unicodedata

from django.utils.translation import gettext_lazy

from .base import (
    LINK_RE,
    URL_LENGTH,
    Account,
    Connector,
    Outgoing,
    Result,
    Rules,
    json_of,
)

# twitter-text v3: these code points weigh 1, all others (CJK, emoji...) 2
LIGHT_RANGES = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))


def _weight(code: int) -> int:
    return 1 if any(low <= code <= high for low, high in LIGHT_RANGES) else 2


def weighted_length(text: str) -> int:
    """X's count: links 23, most Latin text 1 per character, CJK and emoji 2; an emoji made of
    several code points (joined by ZWJ, with a skin tone or variation selector) counts once."""
    text = unicodedata.normalize("NFC", text)
    total, last, joined = 0, 0, False
    for match in [*LINK_RE.finditer(text), None]:
        end = match.start() if match else len(text)
        for char in text[last:end]:
            code = ord(char)
            if code == 0x200D:
                joined = True
                continue
            if joined or 0xFE00 <= code <= 0xFE0F or 0x1F3FB <= code <= 0x1F3FF:
                joined = False
                continue
            total += _weight(code)
        if match:
            total += URL_LENGTH
            last = match.end()
    return total


class XConnector(Connector):
    platform = "x"
    label = "X"
    rules = Rules(
        max_length=280, max_image_bytes=5_000_000, max_alt_length=1000, counts_urls_as=URL_LENGTH
    )
    default_api_base = "https://api.x.com"
    credential_fields = (
        ("access_token", gettext_lazy("Toegangssleutel (OAuth 2.0 access token)"), True),
        ("refresh_token", gettext_lazy("Vernieuwingssleutel (refresh token)"), True),
        ("client_id", gettext_lazy("Client-id van de app"), False),
    )
    optional_credentials = frozenset({"refresh_token", "client_id"})

    @classmethod
    def length(cls, text: str) -> int:
        return weighted_length(text)

    def error_text(self, response) -> str:
        data = json_of(response)
        if isinstance(data, dict):
            parts = [str(data[name]) for name in ("detail", "title") if data.get(name)][:1]
            parts += [
                str(error.get("message"))
                for error in data.get("errors") or []
                if isinstance(error, dict) and error.get("message")
            ]
            if data.get("error_description"):
                parts.append(str(data["error_description"]))
            if parts:
                return " ".join(parts)[:500]
        return super().error_text(response)

    # --- requests with a token that may be refreshed once ------------------------------------

    def _call(self, method: str, path: str, *, create: bool = False, **kwargs):
        response = self._send_authorised(method, path, create=create, **kwargs)
        if response.status_code == 401 and self._refresh():
            response = self._send_authorised(method, path, create=create, **kwargs)
        return self.check(response, create=create)

    def _send_authorised(self, method, path, *, create, **kwargs):
        headers = {
            **kwargs.pop("headers", {}),
            "Authorization": f"Bearer {self.credentials.get('access_token', '')}",
        }
        return self.send(method, path, create=create, headers=headers, **kwargs)

    def _refresh(self) -> bool:
        """A new access token from the refresh token; False when there is none to use."""
        refresh_token = self.credentials.get("refresh_token")
        client_id = self.credentials.get("client_id")
        if not refresh_token or not client_id:
            return False
        response = self.send(
            "POST",
            "/2/oauth2/token",
            data={
                "grant_type": "refresh_token",
                "refresh_token": refresh_token,
                "client_id": client_id,
            },
        )
        if not response.ok:
            if response.status_code in (400, 401):  # refresh token used or revoked
                return False
            raise self.http_error(response)
        tokens = response.json()
        self.credentials = {
            **self.credentials,
            "access_token": tokens["access_token"],
            "refresh_token": tokens.get("refresh_token", refresh_token),
        }
        if self.on_credentials_changed is not None:
            self.on_credentials_changed(dict(self.credentials))
        return True

    # --- the interface -----------------------------------------------------------------------

    def verify(self) -> Account:
        data = self._call("GET", "/2/users/me").json()["data"]
        username = data.get("username", "")
        return Account(name=f"@{username}", url=f"https://x.com/{username}")

    def publish(self, outgoing: Outgoing, save_state) -> Result:
        username = outgoing.state.get("username")
        if not username:
            username = self._call("GET", "/2/users/me").json()["data"]["username"]
            save_state({"username": username})
        body: dict = {"text": outgoing.text}
        if outgoing.media is not None:
            media_id = outgoing.state.get("media_id") or self._upload(outgoing, save_state)
            body["media"] = {"media_ids": [media_id]}
        data = self._call("POST", "/2/tweets", create=True, json=body).json()["data"]
        return Result(
            remote_id=str(data["id"]), url=f"https://x.com/{username}/status/{data['id']}"
        )

    def _upload(self, outgoing: Outgoing, save_state) -> str:
        media = outgoing.media
        response = self._call(
            "POST",
            "/2/media/upload",
            files={"media": (media.filename, media.data, media.content_type)},
            data={"media_category": "tweet_image", "media_type": media.content_type},
        )
        media_id = str(response.json()["data"]["id"])
        if media.alt:
            self._call(
                "POST",
                "/2/media/metadata",
                json={"id": media_id, "metadata": {"alt_text": {"text": media.alt}}},
            )
        save_state({"media_id": media_id})
        return media_id
