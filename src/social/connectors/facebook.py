"""Facebook page: the Graph API (developers.facebook.com/docs/pages-api/posts).

The Graph API has no idempotency key for page posts: when the create request may have arrived
but no answer came, the outcome is UNKNOWN and an editor looks first. The page token goes in the
form body of a POST, never in the address (addresses end up in logs).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from .base import Account, Connector, Outcome, Outgoing, Result, Rules, json_of

GRAPH_VERSION = "v21.0"
EXPIRED_TOKEN = 190  # OAuthException: the token is expired, revoked or wrong
PERMISSION_CODES = {10, 102, 200}  # also 200-299: a permission the token lacks
RATE_LIMIT_CODES = {4, 17, 32, 613, 80001}


def graph_error(response) -> dict:
    data = json_of(response)
    error = data.get("error") if isinstance(data, dict) else None
    return error if isinstance(error, dict) else {}


class GraphConnector(Connector):
    """What Facebook and Instagram share: Graph's error format and token handling."""

    default_api_base = "https://graph.facebook.com"
    token_field = "access_token"  # noqa: S105 (a field name)

    @property
    def token(self) -> str:
        return self.credentials.get(self.token_field, "")

    def graph(self, path: str) -> str:
        return f"/{GRAPH_VERSION}/{path.lstrip('/')}"

    def error_text(self, response) -> str:
        error = graph_error(response)
        if error.get("message"):
            return str(error.get("error_user_msg") or error["message"])[:500]
        return super().error_text(response)

    def error_outcome(self, response, *, create: bool = False) -> Outcome:
        error = graph_error(response)
        code = error.get("code")
        if isinstance(code, int):
            if code == EXPIRED_TOKEN or code in PERMISSION_CODES or 200 <= code <= 299:
                return Outcome.RECONNECT
            if code in RATE_LIMIT_CODES:
                return Outcome.RETRY
        return super().error_outcome(response, create=create)


class FacebookConnector(GraphConnector):
    platform = "facebook"
    label = "Facebook"
    rules = Rules(max_length=63206, max_image_bytes=4_000_000, max_alt_length=1000)
    credential_fields = (
        ("page_id", gettext_lazy("Nummer van de Facebook-pagina"), False),
        (
            "page_access_token",
            gettext_lazy("Toegangssleutel van de pagina (page access token)"),
            True,
        ),
    )
    token_field = "page_access_token"  # noqa: S105 (a field name)

    @property
    def page_id(self) -> str:
        return self.credentials.get("page_id", "")

    def verify(self) -> Account:
        response = self.check(
            self.send(
                "GET",
                self.graph(self.page_id),
                params={"fields": "name,link", "access_token": self.token},
            )
        )
        data = response.json()
        return Account(name=data.get("name") or self.page_id, url=data.get("link", ""))

    def publish(self, outgoing: Outgoing, save_state) -> Result:
        if outgoing.media is None:
            data = {"message": outgoing.text, "access_token": self.token}
            if outgoing.link:
                data["link"] = outgoing.link
            response = self.check(
                self.send("POST", self.graph(f"{self.page_id}/feed"), create=True, data=data),
                create=True,
            )
            post_id = str(response.json()["id"])
        else:
            media = outgoing.media
            response = self.check(
                self.send(
                    "POST",
                    self.graph(f"{self.page_id}/photos"),
                    create=True,
                    data={
                        "caption": outgoing.text,
                        "published": "true",
                        "access_token": self.token,
                    },
                    files={"source": (media.filename, media.data, media.content_type)},
                ),
                create=True,
            )
            answer = response.json()
            post_id = str(answer.get("post_id") or answer["id"])
        return Result(remote_id=post_id, url=f"https://www.facebook.com/{post_id}")
