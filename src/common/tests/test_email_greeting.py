"""Every mail to a known person greets them by first name (issue 15)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string

GREETINGS = ["common/email/greeting.txt", "meetings/email/greeting.txt"]


@pytest.mark.parametrize("template", GREETINGS)
@pytest.mark.parametrize(
    ("user", "expected"),
    [
        (SimpleNamespace(first_name="Anna", last_name="de Vries"), "Beste Anna,"),
        (SimpleNamespace(first_name="Zoë & Co", last_name=""), "Beste Zoë & Co,"),
        (SimpleNamespace(first_name="", last_name="de Vries"), "Beste lezer,"),
        (None, "Beste lezer,"),
    ],
)
def test_the_greeting_uses_the_first_name_or_addresses_the_reader(template, user, expected):
    text = render_to_string(template, {"user": user}, using="text")
    assert text.strip() == expected


def test_the_editor_and_the_sender_of_an_unsendable_mail_are_greeted_by_name():
    anna = SimpleNamespace(first_name="Anna", last_name="de Vries")
    flash = SimpleNamespace(subject="Nieuws", last_error="", created_by=anna)
    problem = render_to_string(
        "newsletters/email/flash_problem.txt",
        {"flash": flash, "sent": 3, "failed": 1, "url": "https://x.example/"},
        using="text",
    )
    assert problem.startswith("Beste Anna,\n\nDe nieuwsflits")
    unsendable = render_to_string(
        "common/email/unsendable.txt",
        {"user": anna, "message": SimpleNamespace(subject="Test"), "site_name": "Raadsplein"},
        using="text",
    )
    assert unsendable.startswith("Beste Anna,\n\nU deed iets op Raadsplein")
