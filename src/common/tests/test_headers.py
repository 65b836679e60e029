"""Security headers that every response carries."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/health/", "/signaal/", "/beheer/login/"])
def test_every_response_says_which_browser_features_the_site_may_use(client, path):
    policy = client.get(path)["Permissions-Policy"]
    features = dict(part.strip().split("=", 1) for part in policy.split(","))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "browsing-topics"):
        assert features[feature] == "()", feature
    # Security keys (WebAuthn) are a way to log in: they stay allowed for the site itself.
    assert features["publickey-credentials-get"] == "(self)"
    assert features["publickey-credentials-create"] == "(self)"
