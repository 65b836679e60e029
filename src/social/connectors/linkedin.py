"""LinkedIn organisation page: the versioned Community Management API (`/rest/posts`,
`/rest/images`; learn.microsoft.com/linkedin/marketing/community-management/shares/posts-api).

LinkedIn has no idempotency key for posts: when the create request may have arrived but no
answer came, the outcome is UNKNOWN and an editor looks first. An uploaded image is saved in
the state, so a retry does not upload it again.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy

from .base import Account, Connector, Outcome, Outgoing, Result, Rules, json_of

LINKEDIN_VERSION = "202510"  # the API version we speak (header LinkedIn-Version, YYYYMM)
# Characters with a meaning in the "little text" format of `commentary`: escaped to show as is.
RESERVED_RE = re.compile(r"([\\|{}@\[\]()<>#*_~])")
HASHTAG_RE = re.compile(r"(?<![\w#])#(\w+)")


def commentary(text: str) -> str:
    """Our plain text in LinkedIn's little text format: reserved characters escaped, hashtags
    kept as hashtags."""
    parts, last = [], 0
    for match in HASHTAG_RE.finditer(text):
        parts.append(RESERVED_RE.sub(r"\\\1", text[last : match.start()]))
        parts.append("{hashtag|\\#|" + RESERVED_RE.sub(r"\\\1", match.group(1)) + "}")
        last = match.end()
    parts.append(RESERVED_RE.sub(r"\\\1", text[last:]))
    return "".join(parts)


class LinkedInConnector(Connector):
    platform = "linkedin"
    label = "LinkedIn"
    rules = Rules(max_length=3000, max_image_bytes=5_000_000, max_alt_length=4086)
    default_api_base = "https://api.linkedin.com"
    credential_fields = (
        ("organization_id", gettext_lazy("Nummer van de organisatiepagina"), False),
        ("access_token", gettext_lazy("Toegangssleutel (access token)"), True),
    )

    @property
    def organization(self) -> str:
        return f"urn:li:organization:{self.credentials.get('organization_id', '')}"

    def _headers(self) -> dict:
        return {
            "Authorization": f"Bearer {self.credentials.get('access_token', '')}",
            "LinkedIn-Version": LINKEDIN_VERSION,
            "X-Restli-Protocol-Version": "2.0.0",
        }

    def error_text(self, response) -> str:
        data = json_of(response)
        if isinstance(data, dict) and data.get("message"):
            return str(data["message"])[:500]
        return super().error_text(response)

    def error_outcome(self, response, *, create: bool = False) -> Outcome:
        data = json_of(response)
        code = data.get("code") if isinstance(data, dict) else None
        if code in ("EXPIRED_ACCESS_TOKEN", "REVOKED_ACCESS_TOKEN", "INVALID_ACCESS_TOKEN"):
            return Outcome.RECONNECT
        return super().error_outcome(response, create=create)

    def verify(self) -> Account:
        organization_id = self.credentials.get("organization_id", "")
        response = self.check(
            self.send("GET", f"/rest/organizations/{organization_id}", headers=self._headers())
        )
        data = response.json()
        vanity = data.get("vanityName")
        return Account(
            name=data.get("localizedName") or organization_id,
            url=f"https://www.linkedin.com/company/{vanity}/" if vanity else "",
        )

    def publish(self, outgoing: Outgoing, save_state) -> Result:
        body = {
            "author": self.organization,
            "commentary": commentary(outgoing.text),
            "visibility": "PUBLIC",
            "distribution": {
                "feedDistribution": "MAIN_FEED",
                "targetEntities": [],
                "thirdPartyDistributionChannels": [],
            },
            "lifecycleState": "PUBLISHED",
            "isReshareDisabledByAuthor": False,
        }
        if outgoing.media is not None:
            image = outgoing.state.get("image_urn") or self._upload(outgoing, save_state)
            body["content"] = {"media": {"id": image, "altText": outgoing.media.alt}}
        response = self.check(
            self.send("POST", "/rest/posts", create=True, json=body, headers=self._headers()),
            create=True,
        )
        urn = response.headers.get("x-restli-id", "")
        return Result(remote_id=urn, url=f"https://www.linkedin.com/feed/update/{urn}/")

    def _upload(self, outgoing: Outgoing, save_state) -> str:
        response = self.check(
            self.send(
                "POST",
                "/rest/images",
                params={"action": "initializeUpload"},
                json={"initializeUploadRequest": {"owner": self.organization}},
                headers=self._headers(),
            )
        )
        value = response.json()["value"]
        self.check(
            self.send(
                "PUT",
                value["uploadUrl"],
                data=outgoing.media.data,
                headers={
                    "Authorization": self._headers()["Authorization"],
                    "Content-Type": outgoing.media.content_type,
                },
            )
        )
        save_state({"image_urn": value["image"]})
        return value["image"]
