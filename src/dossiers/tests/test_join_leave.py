"""Joining a dossier asks first (what happens, who sees it) and can be undone: a council that
joined may leave again, and the owning council cannot leave its own dossier."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from common.models import Visibility
from councils.tests.factories import CouncilFactory, MembershipFactory
from dossiers import services
from dossiers.models import Follow
from dossiers.tests.factories import DossierFactory

pytestmark = pytest.mark.django_db


def _html(response) -> str:
    return response.content.decode()


def test_joining_first_asks_and_says_what_happens(client, roles):
    dossier = DossierFactory(council=roles.council, title="Telefoon")
    client.force_login(roles["member_other"])
    page = _html(client.get(dossier.get_absolute_url()))
    # The dossier's page asks with a GET form: nothing happens before the question.
    assert f'<form method="get" action="/dossiers/{dossier.pk}/meedoen/"' in page

    response = client.get(f"/dossiers/{dossier.pk}/meedoen/")
    assert response.status_code == 200
    html = _html(response)
    assert "Weet u het zeker?" in html
    assert f"{roles.other_council.name} doet dan mee met dit dossier." in html
    assert roles.council.name in html.split("zien dat in de tijdlijn", 1)[1]
    assert "U volgt het dossier." in html and "U kunt later weer stoppen" in html
    assert f'name="council" value="{roles.other_council.pk}"' in html
    assert not dossier.councils.exists()

    response = client.post(f"/dossiers/{dossier.pk}/meedoen/", {"council": roles.other_council.pk})
    assert response.status_code == 302
    assert list(dossier.councils.all()) == [roles.other_council]


def test_a_council_that_joined_can_leave_again(client, roles, django_capture_on_commit_callbacks):
    dossier = DossierFactory(council=roles.council, visibility=Visibility.COUNCIL)
    # Joined when it was still visible to every council; now only to those involved.
    dossier.councils.add(roles.other_council)
    Follow.objects.create(dossier=dossier, user=roles["member_other"])
    client.force_login(roles["member_other"])
    page = _html(client.get(dossier.get_absolute_url()))
    assert f'href="/dossiers/{dossier.pk}/stoppen/"' in page

    html = _html(client.get(f"/dossiers/{dossier.pk}/stoppen/"))
    assert f"{roles.other_council.name} doet dan niet meer mee met dit dossier." in html
    assert "Leden van uw raad kunnen het dossier dan niet meer zien." in html
    assert dossier.councils.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/dossiers/{dossier.pk}/stoppen/", {"council": roles.other_council.pk}
        )
    assert response.status_code == 302
    assert not dossier.councils.exists()
    assert not Follow.objects.filter(dossier=dossier, user=roles["member_other"]).exists()
    assert dossier.updates.filter(kind="left").get().text == (
        f"{roles.other_council.name} doet niet meer mee."
    )
    # A council-only dossier: no longer theirs to see.
    assert client.get(dossier.get_absolute_url()).status_code == 404


def test_the_owning_council_cannot_leave_and_others_only_for_their_council(client, roles):
    """The service refuses a council that did not join (the view offers only one's own)."""
    third = CouncilFactory()
    dossier = DossierFactory(council=roles.council)
    dossier.councils.add(third)
    for name in ("member", "secretary", "member_other", "central_member"):
        client.force_login(roles[name])
        assert client.get(f"/dossiers/{dossier.pk}/stoppen/").status_code == 403
        assert client.post(f"/dossiers/{dossier.pk}/stoppen/").status_code == 403
    member = MembershipFactory(council=third).user
    client.force_login(member)
    response = client.post(f"/dossiers/{dossier.pk}/stoppen/", {"council": roles.council.pk})
    assert response.status_code == 400  # not a council of theirs
    assert list(dossier.councils.all()) == [third]
    with pytest.raises(services.DossierError, match="alleen stoppen namens een raad"):
        services.dossier_leave(actor=member, dossier=dossier, council=roles.council)


def test_join_question_query_count_does_not_grow_with_the_councils(client, roles):
    dossier = DossierFactory(council=roles.council)
    client.force_login(roles["member_other"])
    url = f"/dossiers/{dossier.pk}/meedoen/"

    def count():
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    small = count()
    for _i in range(12):
        dossier.councils.add(CouncilFactory())
    assert count() == small


def test_dossier_page_query_count_does_not_grow_with_the_councils_that_joined(client, roles):
    dossier = DossierFactory(council=roles.council)
    dossier.councils.add(roles.other_council)
    client.force_login(roles["member_other"])  # may leave: the page links to it
    url = dossier.get_absolute_url()

    def count():
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        assert f'href="/dossiers/{dossier.pk}/stoppen/"' in _html(response)
        return len(captured)

    small = count()
    for _i in range(12):
        dossier.councils.add(CouncilFactory())
    assert count() == small
