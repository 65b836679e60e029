from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from common.models import Visibility
from common.visibility import ANONYMOUS, Role, Viewer, can_see

COUNCILS = [1, 2, 3]

viewers = st.builds(
    Viewer,
    user_id=st.one_of(st.none(), st.integers(1, 5)),
    roles=st.frozensets(
        st.sampled_from([Role.MEMBER, Role.ADMINISTRATOR, Role.EDITOR, Role.LIAISON])
    ),
    council_ids=st.frozensets(st.sampled_from(COUNCILS)),
    working_group_ids=st.frozensets(st.sampled_from([10, 11])),
)


def test_anonymous_sees_only_public():
    assert can_see(ANONYMOUS, visibility=Visibility.PUBLIC, council_id=1)
    assert not can_see(ANONYMOUS, visibility=Visibility.COUNCILS, council_id=1)
    assert not can_see(ANONYMOUS, visibility=Visibility.COUNCIL, council_id=1)


def test_council_content_only_for_its_own_council():
    member = Viewer(user_id=1, roles=frozenset({Role.MEMBER}), council_ids=frozenset({1}))
    assert can_see(member, visibility=Visibility.COUNCIL, council_id=1)
    assert not can_see(member, visibility=Visibility.COUNCIL, council_id=2)
    assert can_see(member, visibility=Visibility.COUNCILS, council_id=2)


def test_liaison_and_editor_without_a_council_do_not_see_council_content():
    for role in (Role.LIAISON, Role.EDITOR):
        viewer = Viewer(user_id=1, roles=frozenset({role}))
        assert not can_see(viewer, visibility=Visibility.COUNCILS, council_id=1)
        assert not can_see(viewer, visibility=Visibility.COUNCIL, council_id=1)


@pytest.mark.django_db
@given(viewer=viewers)
def test_query_filter_and_single_check_always_agree(viewer):
    """Lists (visible_q) and single pages (can_see) can never disagree."""
    from django.db.models import Q  # noqa: F401

    from common.visibility import visible_q

    rows = [(v, c) for v in Visibility.values for c in [*COUNCILS, None]]
    q = visible_q(viewer)

    def matches(q, row):
        visibility, council_id = row
        if not q.children:
            return True
        results = []
        for child in q.children:
            if isinstance(child, tuple):
                key, value = child
                field = {"visibility": visibility, "council_id": council_id}
                if key.endswith("__in"):
                    results.append(field[key[:-4]] in value)
                else:
                    results.append(field[key] == value)
            else:
                results.append(matches(child, row))
        return any(results) if q.connector == "OR" else all(results)

    for row in rows:
        assert matches(q, row) == can_see(viewer, visibility=row[0], council_id=row[1]), row
