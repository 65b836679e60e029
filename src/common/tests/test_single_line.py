"""Bad input that breaks later (issue 13, item 7): control characters are refused in every
single-line field, and a mail that can never be sent fails once, visibly, to whoever caused it."""

from __future__ import annotations

import inspect
from importlib import import_module

import pytest
from django import forms
from django.apps import apps

from common.forms import SingleLineMixin
from common.models import OutboxMessage
from common.outbox import outbox_deliver, outbox_enqueue

pytestmark = pytest.mark.django_db

OUR_APPS = (
    "accounts",
    "common",
    "councils",
    "dossiers",
    "handbook",
    "meetings",
    "newsletters",
    "proposals",
    "publishing",
    "recruitment",
    "reports",
    "signals",
    "sitesearch",
    "social",
    "surveys",
)


def _our_form_classes():
    import pkgutil

    for app in OUR_APPS:
        package = import_module(app)
        for info in pkgutil.walk_packages(package.__path__, f"{app}."):
            if ".tests" in info.name or ".migrations" in info.name:
                continue
            last = info.name.rsplit(".", 1)[-1]
            if not (last.startswith("forms") or ".views" in info.name):
                continue  # forms live in forms*.py and views; other modules may need a backend
            module = import_module(info.name)
            for _name, cls in inspect.getmembers(module, inspect.isclass):
                if (
                    issubclass(cls, forms.BaseForm)
                    and cls.__module__ == module.__name__
                    and cls.__module__.split(".")[0] in OUR_APPS
                ):
                    yield cls


def test_every_form_of_ours_refuses_control_characters_in_single_line_fields():
    missing = sorted(
        f"{cls.__module__}.{cls.__name__}"
        for cls in _our_form_classes()
        if not issubclass(cls, SingleLineMixin)
        and not getattr(cls, "wagtail_form", False)
        and not cls.__module__.endswith("wagtail_hooks")
    )
    assert not missing, f"forms without common.forms.Form/ModelForm: {missing}"


@pytest.mark.parametrize("bad", ["Vergadering\r\nBcc: iedereen@example.org", "Tab\there", "a\x00b"])
def test_a_crafted_meeting_title_with_control_characters_is_refused_and_kept(client, roles, bad):
    from meetings.models import Meeting
    from meetings.tests.test_meetings import _form

    client.force_login(roles["secretary"])
    response = client.post(
        "/overleg/nieuw/",
        {**_form(title=bad, description="Regel een\nRegel twee"), "council": roles.council.pk},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "één regel tekst" in body
    assert "Regel een\nRegel twee" in body  # the text area keeps its lines and what was typed
    assert not Meeting.objects.exists()


def test_line_breaks_stay_allowed_in_text_areas(client, roles):
    from meetings.models import Meeting
    from meetings.tests.test_meetings import _form

    client.force_login(roles["secretary"])
    response = client.post(
        "/overleg/nieuw/",
        {**_form(description="Regel een\r\nRegel twee"), "council": roles.council.pk},
    )
    assert response.status_code == 302
    assert "Regel twee" in Meeting.objects.get().description


def test_a_subject_is_always_one_line():
    message = outbox_enqueue(to=["a@example.org"], subject="Een\r\ntwee\tdrie", body_text="x")
    assert message.subject == "Een twee drie"


def test_a_mail_that_can_never_be_sent_fails_once_and_its_cause_is_told(
    roles, smtp_server, client, django_capture_on_commit_callbacks
):
    """A header that can never be sent (a line break in it): one attempt, no retries, status
    failed; the secretary whose action wrote it gets a notice and sees it on Mijn overzicht."""
    from common.outbox import current_user

    secretary = roles["secretary"]
    token = current_user.set(secretary)  # as during the secretary's request
    try:
        with django_capture_on_commit_callbacks(execute=False):
            message = outbox_enqueue(
                to=["lid@example.org"],
                subject="Uitnodiging",
                body_text="Tekst",
                headers={"X-Overleg": "Vergadering\r\nBcc: iedereen@example.org"},
            )
    finally:
        current_user.reset(token)
    assert message.caused_by == secretary

    with django_capture_on_commit_callbacks(execute=True):
        assert outbox_deliver(message_id=message.pk) is False  # no exception: no retry
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.FAILED
    assert message.permanent and message.attempts == 1
    assert "BadHeaderError" in message.last_error
    assert outbox_deliver(message_id=message.pk) is False  # never tried again
    message.refresh_from_db()
    assert message.attempts == 1
    [notice] = smtp_server.to(secretary.email)
    assert "kon niet worden verstuurd" in notice["subject"]
    assert "Uitnodiging" in notice["text"]
    assert smtp_server.to("lid@example.org") == []

    client.force_login(secretary)
    page = client.get("/mijn/").content.decode()
    assert "Een e-mail kon niet worden verstuurd" in page and "Uitnodiging" in page
    client.force_login(roles["member"])
    assert "Een e-mail kon niet worden verstuurd" not in client.get("/mijn/").content.decode()


def test_the_request_user_is_remembered_as_the_cause(client, roles):
    """A mail written during a logged-in request names that person (CurrentUserMiddleware)."""
    from meetings.tests.test_meetings import _form

    client.force_login(roles["secretary"])
    client.post("/overleg/nieuw/", {**_form(), "council": roles.council.pk})
    invitations = OutboxMessage.objects.all()
    assert invitations and {m.caused_by_id for m in invitations} == {roles["secretary"].pk}


def test_apps_are_all_checked():
    assert set(OUR_APPS) <= {config.name for config in apps.get_app_configs()}
