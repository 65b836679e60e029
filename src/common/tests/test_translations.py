"""Every text is translated: our .po files have no untranslated or fuzzy entries, English pages
read in English, and allauth's pages address people formally with "u" (our Dutch overrides in
src/locale/nl). The .mo files are compiled by `make test` (compilemessages) before the tests."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from accounts.tests.factories import PASSWORD, UserFactory

LOCALE_DIR = Path(settings.LOCALE_PATHS[0])
PO_FILES = sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po"))
INFORMAL = re.compile(r"\b(je|jij|jou|jouw|jezelf)\b", re.IGNORECASE)

# Texts in the header and footer of every page (Dutch is the source language).
HEADER_FOOTER = [
    "Naar de inhoud",
    "De cliëntenraden zijn onafhankelijk. Wij zijn geen onderdeel van UWV. Wij behandelen geen "
    "persoonlijke zaken: daarvoor belt u UWV.",
    "Inloggen voor leden",
]


def read_po(path: Path) -> list[dict]:
    """A tiny .po reader: per entry its flags, msgid and msgstr values (enough for these checks)."""
    entries, entry, field = [], None, None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = line.strip()
        if not line or line.startswith("#~"):  # end of an entry, or an obsolete one
            if not line and entry is not None:
                entries.append(entry)
                entry = field = None
            continue
        if entry is None:
            entry = {"flags": set(), "msgid": "", "msgstr": []}
        if line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):  # continuation of the previous string
            if field == "msgid":
                entry["msgid"] += ast.literal_eval(line)
            elif field == "msgstr":
                entry["msgstr"][-1] += ast.literal_eval(line)
        else:
            keyword, _, value = line.partition(" ")
            field = "msgstr" if keyword.startswith("msgstr") else keyword
            if field == "msgid":
                entry["msgid"] = ast.literal_eval(value)
            elif field == "msgstr":
                entry["msgstr"].append(ast.literal_eval(value))
    return [e for e in entries if e["msgid"]]  # without the header


def test_there_are_english_and_dutch_po_files():
    assert {po.parent.parent.name for po in PO_FILES} >= {"en", "nl"}


@pytest.mark.parametrize("po", PO_FILES, ids=lambda p: str(p.relative_to(LOCALE_DIR)))
def test_po_file_has_no_fuzzy_or_untranslated_entries(po):
    entries = read_po(po)
    assert entries
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    untranslated = [e["msgid"] for e in entries if not all(e["msgstr"])]
    assert not fuzzy, f"fuzzy in {po}: {fuzzy}"
    assert not untranslated, f"untranslated in {po}: {untranslated}"


@pytest.mark.parametrize("po", PO_FILES, ids=lambda p: str(p.relative_to(LOCALE_DIR)))
def test_po_file_passes_msgfmt_check(po):
    msgfmt = shutil.which("msgfmt")
    if not msgfmt:
        pytest.skip("gettext's msgfmt is not installed")
    result = subprocess.run(
        [msgfmt, "--check", "--statistics", "-o", "/dev/null", str(po)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "fuzzy" not in result.stderr and "untranslated" not in result.stderr, result.stderr


@pytest.mark.parametrize("po", PO_FILES, ids=lambda p: str(p.relative_to(LOCALE_DIR)))
def test_compiled_catalogue_is_up_to_date(po):
    mo = po.with_suffix(".mo")
    assert mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime, (
        f"{mo} is missing or older than the .po: run `make test`, or "
        "`cd src && ../.venv/bin/python manage.py compilemessages --ignore=.venv`"
    )


def test_home_page_is_english_at_en_and_dutch_at_the_root(client, site_pages):
    with translation.override("en"):
        english = {dutch: gettext(dutch) for dutch in HEADER_FOOTER}
        html = client.get("/en/").content.decode()
    assert "Skip to content" in html
    for dutch, text in english.items():
        assert text != dutch, f"no English translation for {dutch!r}"
        assert text in html and dutch not in html

    with translation.override("nl"):
        html = client.get("/").content.decode()
    for dutch, text in english.items():
        assert dutch in html and text not in html


def test_our_dutch_overrides_of_allauth_use_u_not_je():
    po = LOCALE_DIR / "nl" / "LC_MESSAGES" / "django.po"
    informal = [s for e in read_po(po) for s in e["msgstr"] if INFORMAL.search(s)]
    assert not informal
    # allauth's msgids go through variables, so that makemessages leaves them out of our catalogue.
    signed_in, sign_out = (
        "Successfully signed in as %(name)s.",
        "Are you sure you want to sign out?",
    )
    with translation.override("nl"):
        assert gettext(signed_in) == "U bent ingelogd als %(name)s."
        assert "u" in gettext(sign_out).split()


def test_login_message_and_logout_page_address_the_member_with_u(client, db):
    user = UserFactory(email="lid@raadsplein.example")
    response = client.post(
        "/account/login/", {"login": user.email, "password": PASSWORD}, follow=True
    )
    html = response.content.decode()
    assert "U bent ingelogd als" in html
    assert "Je bent" not in html

    html = client.get("/account/logout/").content.decode()
    assert "Weet u zeker dat u wilt uitloggen?" in html
    assert not INFORMAL.search(html.split("<main", 1)[-1].split("</main>", 1)[0])
