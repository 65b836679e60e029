"""Members' pages kept per person (common.membercache, issue 18): what is kept, for whom, and
that every kind of change shows on the next request.

The tests' settings keep the members' cache off (the query-count tests count what building a
page costs); each test here switches it on. ``PAGE_CACHE_BUMP_AT_ONCE`` is on in the tests'
settings (a test never commits); the production path, a bump at commit, has its own test."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from common.membercache import HEADER, member_page
from councils.models import Membership
from councils.tests.factories import MembershipFactory
from dossiers.tests.factories import DossierFactory
from meetings.tests.factories import ActivityFactory, MeetingFactory, RegistrationFactory
from proposals.tests.factories import PlanFactory, ProposalFactory
from signals.tests.factories import SignalFactory

pytestmark = pytest.mark.django_db

# A hit asks the database for the session and the user (and the checks that run before any view:
# a liaison's second factor), nothing a page would.
HIT_MAX_QUERIES = 4


@pytest.fixture(autouse=True)
def _member_cache_on(settings):
    settings.MEMBER_PAGE_CACHE = True


def _logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code, response.get("Location"))
    return response


def _warm(client, url):
    """The first GET sets the browser's CSRF cookie (a kept page is tied to it); the second
    builds and keeps the page."""
    _get(client, url)
    response = _get(client, url)
    return response


def _without_timeout(content: bytes) -> bytes:
    return re.sub(rb'data-timeout="\d+"', b"", content)


def _pages(roles):
    council = roles.council
    activity = ActivityFactory(council=council, title="Klantpanel brieven")
    meeting = MeetingFactory(council=council, title="Raadsvergadering maart")
    dossier = DossierFactory(council=council, title="Dossier bereikbaarheid")
    plan = PlanFactory(council=council, title="Plan van aanpak 2027")
    ProposalFactory(plan=plan, title="Voorstel brieven")
    SignalFactory(council=council)
    return {
        "dashboard": (reverse("accounts:dashboard"), "member"),
        "agenda": (reverse("meetings:activities"), "member"),
        "activity": (reverse("meetings:activity", args=[activity.pk]), "member"),
        "meetings": (reverse("meetings:meetings"), "member"),
        "meeting": (reverse("meetings:meeting", args=[meeting.pk]), "member"),
        "dossiers": (reverse("dossiers:index"), "member"),
        "dossier": (reverse("dossiers:detail", args=[dossier.pk]), "member"),
        "signals": (reverse("signals:index"), "secretary"),
        "plans": (reverse("proposals:plans"), "member"),
        "plan": (reverse("proposals:plan", args=[plan.pk]), "member"),
        "pulse": (reverse("proposals:pulse"), "liaison"),
    }


PAGE_NAMES = [
    "dashboard",
    "agenda",
    "activity",
    "meetings",
    "meeting",
    "dossiers",
    "dossier",
    "signals",
    "plans",
    "plan",
    "pulse",
]


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_a_members_page_is_kept_and_a_hit_asks_almost_nothing(roles, name):
    url, role = _pages(roles)[name]
    client = _logged_in(roles[role])
    _get(client, url)
    built = _get(client, url)
    assert built[HEADER] == "miss"
    with CaptureQueriesContext(connection) as captured:
        kept = _get(client, url)
    assert kept[HEADER] == "hit"
    assert _without_timeout(kept.content) == _without_timeout(built.content)
    assert len(captured) <= HIT_MAX_QUERIES, [q["sql"] for q in captured.captured_queries]


@pytest.mark.parametrize(
    "name, change, shows",
    [
        (
            "agenda",
            lambda roles: ActivityFactory(council=roles.council, title="Nieuw klantpanel"),
            "Nieuw klantpanel",
        ),
        (
            "meetings",
            lambda roles: MeetingFactory(council=roles.council, title="Extra vergadering"),
            "Extra vergadering",
        ),
        (
            "dossiers",
            lambda roles: DossierFactory(council=roles.council, title="Dossier WIA-keuringen"),
            "Dossier WIA-keuringen",
        ),
        (
            "plans",
            lambda roles: PlanFactory(council=roles.council, title="Plan van aanpak jongeren"),
            "Plan van aanpak jongeren",
        ),
        (
            "dashboard",
            lambda roles: RegistrationFactory(
                activity=ActivityFactory(council=roles.council, title="Klantpanel met de directie"),
                user=roles["member"],
            ),
            "Klantpanel met de directie",
        ),
    ],
)
def test_a_change_by_someone_else_shows_on_the_next_request(roles, name, change, shows):
    url, role = _pages(roles)[name]
    client = _logged_in(roles[role])
    kept = _warm(client, url)
    assert shows not in kept.content.decode()
    assert _get(client, url)[HEADER] == "hit"
    change(roles)
    fresh = _get(client, url)
    assert fresh[HEADER] == "miss"
    assert shows in fresh.content.decode()


def test_a_change_shows_once_its_transaction_commits(
    roles, settings, django_capture_on_commit_callbacks
):
    """Production: the version changes at commit, not before."""
    settings.PAGE_CACHE_BUMP_AT_ONCE = False
    url = reverse("meetings:meetings")
    client = _logged_in(roles["member"])
    _warm(client, url)
    connection.run_on_commit.clear()  # as at the start of a fresh transaction
    with django_capture_on_commit_callbacks(execute=True):
        MeetingFactory(council=roles.council, title="Na de commit")
        # Inside the transaction the kept page is still the one before it.
        assert _get(client, url)[HEADER] == "hit"
    fresh = _get(client, url)
    assert fresh[HEADER] == "miss"
    assert "Na de commit" in fresh.content.decode()


def test_a_members_own_post_renews_their_pages_also_after_a_bulk_update(roles):
    """What a member sends shows on their next page, even when it changed rows without a save
    (which the hooks cannot see)."""
    from meetings.models import Meeting

    meeting = MeetingFactory(council=roles.council, title="Oude titel")
    url = reverse("meetings:meetings")
    client = _logged_in(roles["member"])
    _warm(client, url)
    Meeting.objects.filter(pk=meeting.pk).update(title="Nieuwe titel")  # no signal
    assert _get(client, url)[HEADER] == "hit"  # nobody said anything changed
    client.post(reverse("accounts:session_extend"), {"next": url})
    fresh = _get(client, url)
    assert fresh[HEADER] == "miss"
    assert "Nieuwe titel" in fresh.content.decode()


def test_a_kept_page_is_never_given_to_another_person_or_browser(roles):
    url = reverse("accounts:dashboard")
    member = _logged_in(roles["member"])
    kept = _warm(member, url)
    other = _logged_in(roles["member_other"])
    _get(other, url)
    theirs = _get(other, url)
    assert theirs[HEADER] == "miss"
    assert theirs.content != kept.content
    # The same person in a second browser (another CSRF secret) gets a page of their own.
    second = _logged_in(roles["member"])
    _get(second, url)
    assert _get(second, url)[HEADER] == "miss"


def test_the_forms_in_a_kept_page_carry_a_token_that_this_browser_may_post(roles):
    activity = ActivityFactory(council=roles.council, title="Klantpanel met aanmelden")
    url = reverse("meetings:activity", args=[activity.pk])
    client = Client(enforce_csrf_checks=True)
    client.force_login(roles["member"])
    _warm(client, url)
    kept = _get(client, url)
    assert kept[HEADER] == "hit"
    html = kept.content.decode()
    action = reverse("meetings:activity_sign_up", args=[activity.pk])
    form = html[html.index(f'action="{action}"') :]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    response = client.post(action, {"csrfmiddlewaretoken": token})
    assert response.status_code in (200, 302), response.status_code
    assert activity.registrations.filter(user=roles["member"]).exists()


def test_a_waiting_message_is_shown_and_the_page_is_not_taken_from_the_cache(roles):
    from django.contrib.messages import constants
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.test import RequestFactory

    url = reverse("meetings:meetings")
    client = _logged_in(roles["member"])
    _warm(client, url)
    storage = CookieStorage(RequestFactory().get("/"))
    storage.add(constants.SUCCESS, "Uw aanmelding is binnen.")
    client.cookies["messages"] = storage._encode(storage._queued_messages)
    response = _get(client, url)
    assert "Uw aanmelding is binnen." in response.content.decode()
    assert HEADER not in response


def test_the_session_warning_gets_the_time_left_of_this_request(roles, settings):
    from accounts.middleware import LAST_SEEN_KEY

    url = reverse("meetings:meetings")
    client = _logged_in(roles["member"])
    _warm(client, url)
    session = client.session
    session[LAST_SEEN_KEY] = session[LAST_SEEN_KEY] - 30  # renewed 30 s ago ...
    session.save()
    # ... and not renewed by this request (at most every tenth of the timeout)
    kept = _get(client, url)
    assert kept[HEADER] == "hit"
    timeout = int(re.search(rb'data-timeout="(\d+)"', kept.content).group(1))
    assert timeout <= settings.SESSION_COOKIE_AGE - 29


def test_a_page_that_logs_who_saw_it_is_built_and_logged_every_time(rf, roles):
    from django.contrib.auth.models import AnonymousUser  # noqa: F401 - the user is real here
    from django.http import HttpResponse

    from common.audit import audit_log
    from common.models import AuditEntry

    @member_page
    def view(request):
        audit_log(actor=request.user, action="test.view", personal_data=True)
        return HttpResponse("persoonlijk")

    def request():
        made = rf.get("/ergens/")
        made.user = roles["member"]
        made.META["CSRF_COOKIE"] = "a" * 32
        from django.contrib.messages.storage.fallback import FallbackStorage
        from django.contrib.sessions.backends.db import SessionStore

        made.session = SessionStore()
        made._messages = FallbackStorage(made)
        return made

    for _ in range(3):
        assert view(request()).content == b"persoonlijk"
    assert AuditEntry.objects.filter(action="test.view").count() == 3


def test_visitors_never_use_the_members_cache(roles, site_pages):
    client = Client()
    for url in (reverse("meetings:activities"), "/"):
        response = client.get(url)
        assert HEADER not in response


def test_each_language_is_kept_apart(roles):
    client = _logged_in(roles["member"])
    dutch = _warm(client, reverse("meetings:meetings"))
    client.cookies["django_language"] = "en"
    with_en = _get(client, "/en" + reverse("meetings:meetings"))
    assert with_en[HEADER] in ("miss", "hit")
    assert with_en["Content-Language"] == "en"
    assert dutch["Content-Language"] == "nl"


def test_an_ended_membership_takes_the_council_pages_away_at_once(roles):
    url = reverse("proposals:plans")
    client = _logged_in(roles["member"])
    _warm(client, url)
    membership = Membership.objects.get(user=roles["member"], council=roles.council)
    from django.utils import timezone

    membership.end_date = timezone.localdate() - __import__("datetime").timedelta(days=1)
    membership.save()
    response = client.get(url)
    assert response.status_code == 403
    assert response.get(HEADER) != "hit"


def test_a_new_member_of_another_council_sees_its_pages_at_once(roles):
    url = reverse("meetings:meetings")
    MeetingFactory(council=roles.other_council, title="Vergadering Limburg")
    client = _logged_in(roles["member"])
    kept = _warm(client, url)
    assert "Vergadering Limburg" not in kept.content.decode()
    MembershipFactory(council=roles.other_council, user=roles["member"])
    assert "Vergadering Limburg" in _get(client, url).content.decode()
