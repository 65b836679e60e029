from __future__ import annotations

import pytest


@pytest.fixture
def handbook(site_pages):
    """The first edition, loaded as ``manage.py handbook_load`` does, under the demo home."""
    from handbook.services import handbook_load

    return handbook_load()


@pytest.fixture
def editors(db):
    """Two editors (group Redacteuren, with a second factor) and an administrator."""
    from accounts.roles import ADMINISTRATORS, EDITORS
    from accounts.tests.factories import UserFactory, give_group, give_mfa

    people = {}
    for name, group in (("a", EDITORS), ("b", EDITORS), ("admin", ADMINISTRATORS)):
        user = UserFactory()
        give_group(user, group)
        give_mfa(user)
        people[name] = user
    return people
