"""The search backend from one setting, ``SEARCH_URL``.

Empty (the default): the database's own full-text search through Wagtail's database backend:
SQLite FTS5, or PostgreSQL full-text with the Dutch configuration ("uitkeringen" finds
"uitkering"). For large installs an OpenSearch or Elasticsearch server:
``opensearch3://host:9200/raadsplein`` (also ``opensearch2``, ``elasticsearch8``,
``elasticsearch9``; add ``+https`` for TLS, e.g. ``opensearch3+https://user:pass@host:9200/raadsplein``).
Those need their client library installed (``opensearch-py`` or ``elasticsearch``)."""

from __future__ import annotations

from urllib.parse import urlsplit

SERVER_BACKENDS = {
    "opensearch2": "wagtail.search.backends.opensearch2",
    "opensearch3": "wagtail.search.backends.opensearch3",
    "elasticsearch8": "wagtail.search.backends.elasticsearch8",
    "elasticsearch9": "wagtail.search.backends.elasticsearch9",
}


def search_backends(url: str, *, database_engine: str) -> dict:
    if not url:
        backend = {"BACKEND": "sitesearch.backends"}
        if "postgresql" in database_engine:
            backend["SEARCH_CONFIG"] = "dutch"
        return {"default": backend}
    parts = urlsplit(url)
    name, _, tls = parts.scheme.partition("+")
    if name not in SERVER_BACKENDS or tls not in ("", "https"):
        raise ValueError(
            f"SEARCH_URL: unknown kind {parts.scheme!r}; use one of {', '.join(SERVER_BACKENDS)}"
        )
    host = f"{'https' if tls else 'http'}://{parts.hostname}:{parts.port or 9200}"
    backend = {
        "BACKEND": SERVER_BACKENDS[name],
        "URLS": [host],
        "INDEX": parts.path.strip("/") or "raadsplein",
        "TIMEOUT": 5,
        "OPTIONS": {},
        "INDEX_SETTINGS": {"settings": {"analysis": {"analyzer": {"default": {"type": "dutch"}}}}},
    }
    if parts.username:
        backend["OPTIONS"]["http_auth"] = (parts.username, parts.password or "")
    return {"default": backend}
