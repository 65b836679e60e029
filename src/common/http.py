"""Facts about a request that several apps need, read in one place."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http.request import split_domain_port


def _clean(value: str) -> str:
    """The address in ``value`` written the one way ``ipaddress`` writes it, or "" when it is
    none. Some proxies add a port ("192.0.2.1:5678", "[2001:db8::1]:443")."""
    value = value.strip()
    host, port = split_domain_port(value)
    if host and port:
        value = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return ""


def client_address(request) -> str:
    """The address of the client that sent ``request``, for abuse limits and logs.

    Behind ``TRUSTED_PROXY_COUNT`` proxies of our own (a load balancer, a reverse proxy),
    REMOTE_ADDR is the nearest proxy for every client. Each proxy appends the address it
    received the request from to X-Forwarded-For, so the client is the entry that many places
    from the right; entries further left are whatever the client wrote and are never believed.
    allauth reads the same setting (``ALLAUTH_TRUSTED_PROXY_COUNT``) and, through our adapter,
    this function."""
    remote = request.META.get("REMOTE_ADDR", "")
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count > 0:
        forwarded = [
            part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
        ]
        # Fewer entries than proxies: the request did not come through all of them (or the
        # setting is wrong). REMOTE_ADDR is then the one address the client cannot choose.
        if len(forwarded) >= count:
            address = _clean(forwarded[-count])
            if address:
                return address
    return _clean(remote) or remote
