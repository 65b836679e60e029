"""Permission matrix rows for the other language (issue 14): the English news index, and the
"not translated" page, which anyone may see for a public page and only readers of the handbook
for a handbook chapter (visitors are sent to log in, as on the chapter itself)."""

from __future__ import annotations

from tests.matrix import Case, everyone, logged_in
from tests.matrix_handbook import _handbook
from tests.matrix_news import _item


def _untranslated(page_id: int) -> str:
    return f"/en/niet-vertaald/{page_id}/"


def _home_id(context) -> int:
    from publishing.models import HomePage

    return HomePage.objects.get(locale__language_code="nl").pk


CASES = [
    Case("news index (en)", lambda c: "/en/news/", everyone(200)),
    Case("untranslated", lambda c: _untranslated(_item(c)), everyone(200)),
    Case(
        "untranslated (handbook chapter)",
        lambda c: _untranslated(_handbook(c)["handbook_chapter"].pk),
        logged_in(200),
    ),
    # A page that has an English version: on to it.
    Case("untranslated (translated)", lambda c: _untranslated(_home_id(c)), everyone(302)),
    Case("untranslated (unknown)", lambda c: _untranslated(999_999), everyone(404)),
]
