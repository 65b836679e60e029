"""Addresses for the rows of a long list at the cost of one ``reverse()`` per kind of page:
the address is built once with a placeholder key and cut where the key stands, and each row's
key is put in between. A list of hundreds of rows spent most of its time in ``reverse()``."""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse

PK_MARK = 987654321  # a primary key no row has: shows where the key goes in an address


def url_for_pk(build: Callable[[object], str]) -> Callable[[object], str]:
    """``build(pk)`` for many keys at the cost of one call of ``build``."""
    prefix, mark, suffix = build(PK_MARK).partition(str(PK_MARK))
    if not mark:  # pragma: no cover - an address that does not show the key: build each one
        return build
    return lambda pk: f"{prefix}{pk}{suffix}"


def reverse_with_pk(name: str) -> Callable[[object], str]:
    """``reverse(name, args=[pk])`` for many keys at the cost of one ``reverse()``."""
    return url_for_pk(lambda pk: reverse(name, args=[pk]))
