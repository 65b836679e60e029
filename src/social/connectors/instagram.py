"""Instagram business account: the Graph API's content publishing
(developers.facebook.com/docs/instagram-platform/content-publishing).

Publishing takes two steps: a media container (Instagram fetches the image from our public
address), then `media_publish`. The container id is saved before publishing; a container can
be published only once, and a retry first asks whether it already was, so nothing is posted
twice.
"""

from __future__ import annotations

import time

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .base import Account, ConnectorError, Outcome, Outgoing, Result, Rules, json_of
from .facebook import GraphConnector


class InstagramConnector(GraphConnector):
    platform = "instagram"
    label = "Instagram"
    rules = Rules(
        max_length=2200,
        image_required=True,
        max_image_bytes=8_000_000,
        max_alt_length=1000,
        min_aspect=0.8,
        max_aspect=1.91,
        links_clickable=False,
    )
    credential_fields = (
        ("ig_user_id", gettext_lazy("Nummer van het Instagram-account (IG user id)"), False),
        ("access_token", gettext_lazy("Toegangssleutel (access token)"), True),
    )
    retry_is_safe = True  # the saved container tells whether an earlier attempt published
    container_polls = 10
    poll_delay = 2.0  # seconds between questions about the container (tests set 0)

    @classmethod
    def problems(cls, outgoing: Outgoing) -> list[str]:
        found = super().problems(outgoing)
        media = outgoing.media
        if media is not None:
            if media.content_type != "image/jpeg":
                found.append(_("Instagram neemt alleen JPEG-afbeeldingen aan."))
            if not media.public_url:
                found.append(
                    _(
                        "Instagram haalt de afbeelding zelf op, maar de afbeelding heeft geen "
                        "openbaar adres. Controleer het adres van de website (SITE_URL)."
                    )
                )
        return found

    @property
    def user_id(self) -> str:
        return self.credentials.get("ig_user_id", "")

    def verify(self) -> Account:
        response = self.check(
            self.send(
                "GET",
                self.graph(self.user_id),
                params={"fields": "username", "access_token": self.token},
            )
        )
        username = response.json().get("username", "")
        return Account(name=f"@{username}", url=f"https://www.instagram.com/{username}/")

    def publish(self, outgoing: Outgoing, save_state) -> Result:
        if outgoing.media is None or not outgoing.media.public_url:
            raise ConnectorError(
                _("Instagram plaatst alleen berichten met een afbeelding op een openbaar adres."),
                outcome=Outcome.REFUSED,
            )
        container = outgoing.state.get("container_id")
        status = self._status(container) if container else ""
        if status == "PUBLISHED":
            return self._find_published(outgoing, save_state)
        if status in ("", "EXPIRED", "ERROR"):
            container = self._container(outgoing)
            save_state({"container_id": container})
            status = self._status(container)
        for _poll in range(self.container_polls):
            if status != "IN_PROGRESS":
                break
            time.sleep(self.poll_delay)
            status = self._status(container)
        if status != "FINISHED":
            raise ConnectorError(
                _(
                    "Instagram heeft de afbeelding nog niet klaar (%(status)s). "
                    "Het bericht is niet geplaatst."
                )
                % {"status": status or "?"},
                outcome=Outcome.RETRY if status == "IN_PROGRESS" else Outcome.REFUSED,
                retry_after=60 if status == "IN_PROGRESS" else None,
            )
        response = self.check(
            self.send(
                "POST",
                self.graph(f"{self.user_id}/media_publish"),
                create=True,
                data={"creation_id": container, "access_token": self.token},
            ),
            create=True,
        )
        media_id = str(response.json()["id"])
        save_state({"media_id": media_id})
        return Result(remote_id=media_id, url=self._permalink(media_id))

    def _container(self, outgoing: Outgoing) -> str:
        data = {
            "image_url": outgoing.media.public_url,
            "caption": outgoing.text,
            "access_token": self.token,
        }
        if outgoing.media.alt:
            data["alt_text"] = outgoing.media.alt
        response = self.check(self.send("POST", self.graph(f"{self.user_id}/media"), data=data))
        return str(response.json()["id"])

    def _status(self, container: str) -> str:
        response = self.check(
            self.send(
                "GET",
                self.graph(container),
                params={"fields": "status_code", "access_token": self.token},
            )
        )
        return response.json().get("status_code", "")

    def _permalink(self, media_id: str) -> str:
        # The post exists now: a failing question about its address must not make it an error.
        try:
            response = self.send(
                "GET",
                self.graph(media_id),
                params={"fields": "permalink", "access_token": self.token},
            )
        except ConnectorError:
            return ""
        data = json_of(response) if response.ok else None
        return str(data.get("permalink") or "") if isinstance(data, dict) else ""

    def _find_published(self, outgoing: Outgoing, save_state) -> Result:
        """An earlier attempt published the container but its answer got lost: find the post."""
        if outgoing.state.get("media_id"):
            media_id = outgoing.state["media_id"]
            return Result(remote_id=media_id, url=self._permalink(media_id))
        response = self.check(
            self.send(
                "GET",
                self.graph(f"{self.user_id}/media"),
                params={"fields": "id,permalink,caption", "limit": 10, "access_token": self.token},
            )
        )
        for item in response.json().get("data", []):
            if (item.get("caption") or "").strip() == outgoing.text.strip():
                save_state({"media_id": str(item["id"])})
                return Result(remote_id=str(item["id"]), url=item.get("permalink", ""))
        raise ConnectorError(
            _(
                "Instagram meldt dat het bericht al geplaatst is, maar wij vinden het niet terug. "
                "Kijk op Instagram voordat u het opnieuw probeert."
            ),
            outcome=Outcome.UNKNOWN,
        )
