"""The building blocks of the permission matrix (tests/test_permission_matrix.py). Each part of
the project adds its rows in tests/matrix_<part>.py as a list ``CASES``, and may add objects its
rows need with ``extend_context(context)``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from tests.roles import ROLE_NAMES

LOGIN = "login"  # a redirect to the login page
DENY = 403
ADMIN_HOME = "admin-home"  # Wagtail sends an admin user without the permission to /beheer/


@dataclass
class Case:
    name: str  # url name (namespace:name) or a label for a Wagtail page
    path: Callable  # (ctx) -> path
    expect: dict  # role -> status (or LOGIN)
    method: str = "get"
    data: Callable | None = None
    covers: tuple = field(default_factory=tuple)  # url names covered besides ``name``
    # (response, role, context) -> what is wrong with the page for this role, or None; e.g.
    # which titles a search shows to whom. Runs after the status was as expected.
    check: Callable | None = None


def everyone(status):
    return dict.fromkeys(ROLE_NAMES, status)


def logged_in(status, **overrides):
    return {"visitor": LOGIN, **dict.fromkeys(ROLE_NAMES[1:], status), **overrides}


# Wagtail sends people without admin access back to the login page (with a message), and admin
# users without the permission for a screen to the admin's home.
WAGTAIL_ADMIN = {**logged_in(LOGIN), "editor": 200, "administrator": 200}
ADMIN_ONLY = {**WAGTAIL_ADMIN, "editor": ADMIN_HOME}
