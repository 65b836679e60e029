"""Advices: from draft to the council's reaction, the refusals, and the attachments."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile

from proposals.models import Advice, AdviceAttachment
from proposals.tests.factories import AdviceFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% demo\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def _html(response) -> str:
    return response.content.decode()


def _create(client, roles, **extra):
    data = {
        "kind": "unsolicited",
        "title": "Brieven in gewone taal",
        "text": "Schrijf de brieven over de WW in taalniveau B1.",
        "councils": [roles.council.pk],
        "evidence": "Twaalf signalen in drie maanden.",
        **extra,
    }
    return client.post("/vinger-aan-de-pols/adviezen/nieuw/", data)


def test_member_writes_sends_and_the_council_reacts_after_the_liaison_answered(
    client, roles, settings, smtp_server, django_capture_on_commit_callbacks
):
    settings.ADVICE_ANSWER_WEEKS = 6
    client.force_login(roles["member"])
    response = _create(client, roles, figures_onderwerp="brieven", figures_months="6")
    advice = Advice.objects.get()
    assert response.status_code == 302 and response["Location"] == advice.get_absolute_url()
    assert advice.status == "draft" and advice.created_by == roles["member"]
    assert advice.signal_figures["months"] == 6 and len(advice.signal_figures["rows"]) == 6
    page = _html(client.get(advice.get_absolute_url()))
    assert "Cijfers uit signalen" in page and "/mijn/signalen/trends/?months=6" in page

    response = client.post(
        f"/vinger-aan-de-pols/advies/{advice.pk}/versturen/",
        {"adopted_on": "2026-03-01", "sent_on": "2026-03-02"},
    )
    assert response.status_code == 302
    advice.refresh_from_db()
    assert advice.status == "sent"
    assert advice.answer_due == datetime.date(2026, 3, 2) + datetime.timedelta(weeks=6)
    assert "13 april 2026" in _html(client.get(advice.get_absolute_url()))

    client.force_login(roles["liaison"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/vinger-aan-de-pols/advies/{advice.pk}/antwoord/",
            {"answer_text": "UWV neemt het advies over.", "answered_on": "2026-04-01"},
        )
    assert response.status_code == 302
    [mail] = smtp_server.to(roles["member"].email)
    assert "Brieven in gewone taal" in mail["subject"]
    assert advice.get_absolute_url() in mail["text"]
    # One mail each, greeted by first name (issue 15).
    assert mail["to"] == [roles["member"].email]
    assert mail["text"].startswith(f"Beste {roles['member'].first_name},\r\n")
    [to_secretary] = smtp_server.to(roles["secretary"].email)
    assert to_secretary["text"].startswith(f"Beste {roles['secretary'].first_name},\r\n")

    client.force_login(roles["secretary"])
    response = client.post(
        f"/vinger-aan-de-pols/advies/{advice.pk}/reactie/",
        {"follow_up": "satisfied", "note": "Goed antwoord."},
    )
    assert response.status_code == 302
    advice.refresh_from_db()
    assert (advice.status, advice.follow_up) == ("closed", "satisfied")
    page = _html(client.get(advice.get_absolute_url()))
    assert "Reactie van de raad: Tevreden" in page


def test_refused_send_shows_the_message_and_the_typed_dates(client, roles):
    advice = AdviceFactory(councils=[roles.council])
    client.force_login(roles["member"])
    response = client.post(
        f"/vinger-aan-de-pols/advies/{advice.pk}/versturen/",
        {"adopted_on": "2026-03-05", "sent_on": "2026-03-02"},
    )
    assert response.status_code == 400
    page = _html(response)
    assert "eerst vastgesteld en dan verstuurd" in page
    assert 'value="2026-03-05"' in page and 'value="2026-03-02"' in page


def test_sending_twice_and_following_up_a_draft_are_refused(client, roles):
    advice = AdviceFactory(councils=[roles.council], status="sent")
    client.force_login(roles["member"])
    response = client.post(
        f"/vinger-aan-de-pols/advies/{advice.pk}/versturen/",
        {"adopted_on": "2026-03-01", "sent_on": "2026-03-02"},
    )
    assert response.status_code == 400 and "al verstuurd" in _html(response)
    response = client.post(
        f"/vinger-aan-de-pols/advies/{advice.pk}/reactie/",
        {"follow_up": "not_satisfied", "note": "Mijn typwerk"},
    )
    assert response.status_code == 400
    assert "Reageren kan als UWV heeft geantwoord" in _html(response)
    assert "Mijn typwerk" in _html(response)


def test_only_the_liaison_records_the_answer_and_only_own_councils_send(client, roles):
    advice = AdviceFactory(councils=[roles.council], status="sent")
    url = f"/vinger-aan-de-pols/advies/{advice.pk}/antwoord/"
    for name in ("member", "secretary", "administrator"):
        client.force_login(roles[name])
        assert client.post(url, {"answer_text": "x"}).status_code == 403
    client.force_login(roles["liaison"])
    response = client.post(url, {"answer_text": ""})
    assert response.status_code == 400 and "Vul het antwoord van UWV in" in _html(response)
    client.force_login(roles["member_other"])
    response = client.post(
        f"/vinger-aan-de-pols/advies/{advice.pk}/versturen/",
        {"adopted_on": "2026-03-01", "sent_on": "2026-03-02"},
    )
    assert response.status_code == 403


def test_a_member_gives_advice_only_for_their_own_council(client, roles):
    client.force_login(roles["member"])
    response = _create(client, roles, councils=[roles.other_council.pk])
    assert response.status_code == 400 and not Advice.objects.exists()
    page = _html(client.get("/vinger-aan-de-pols/adviezen/nieuw/"))
    assert roles.council.name in page and roles.other_council.name not in page
    response = _create(client, roles, title="")
    assert response.status_code == 400 and "Geef het advies een titel" in _html(response)
    assert "Schrijf de brieven over de WW" in _html(response)


def _upload(client, advice, name, content, title="Brief aan UWV"):
    return client.post(
        f"/vinger-aan-de-pols/advies/{advice.pk}/bijlage/",
        {"title": title, "file": SimpleUploadedFile(name, content)},
    )


def test_attachment_type_and_size_are_checked(client, roles):
    advice = AdviceFactory(councils=[roles.council])
    client.force_login(roles["member"])
    response = _upload(client, advice, "brief.exe", b"MZ...")
    assert response.status_code == 400 and "Dit soort bestand kan niet" in _html(response)
    response = _upload(client, advice, "brief.pdf", b"<html>nep</html>")
    assert response.status_code == 400 and "geen echt PDF-bestand" in _html(response)
    big = PDF + b"0" * (10 * 1024 * 1024)
    response = _upload(client, advice, "groot.pdf", big)
    assert response.status_code == 400 and "te groot" in _html(response)
    assert 'value="Brief aan UWV"' in _html(response)
    assert not AdviceAttachment.objects.exists()
    assert _upload(client, advice, "brief.pdf", PDF).status_code == 302
    assert _upload(client, advice, "notitie.docx", b"PK\x03\x04rest").status_code == 302
    assert AdviceAttachment.objects.count() == 2


def test_attachments_are_served_only_after_a_permission_check(client, roles):
    advice = AdviceFactory(councils=[roles.council])
    client.force_login(roles["member"])
    _upload(client, advice, "brief.pdf", PDF)
    attachment = AdviceAttachment.objects.get()
    url = f"/vinger-aan-de-pols/advies/{advice.pk}/bijlage/{attachment.pk}/"
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Cache-Control"] == "private, no-store"
    assert attachment.file.url not in _html(client.get(advice.get_absolute_url()))
    client.force_login(roles["editor"])
    assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302
    client.force_login(roles["member"])
    other = AdviceFactory(councils=[roles.council])
    assert (
        client.get(f"/vinger-aan-de-pols/advies/{other.pk}/bijlage/{attachment.pk}/").status_code
        == 404
    )


def test_attachments_are_kept_in_private_storage_under_a_random_name(client, roles):
    """A draft's attachment must not be reachable by guessing a public media URL."""
    advice = AdviceFactory(councils=[roles.council])
    client.force_login(roles["member"])
    _upload(client, advice, "Brief aan UWV.pdf", PDF)
    attachment = AdviceAttachment.objects.get()
    assert attachment.file.storage is storages["private"]
    assert "Brief" not in attachment.file.name
    assert not storages["default"].exists(attachment.file.name)


def test_the_migration_moves_earlier_attachments_out_of_public_media(roles):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("proposals.migrations.0003_advice_attachments_private")
    advice = AdviceFactory(councils=[roles.council])
    old = storages["default"].save("advices/2025/brief.pdf", ContentFile(PDF))
    attachment = AdviceAttachment.objects.create(advice=advice, title="Brief", file=old)
    migration.move_to_private(apps, None)
    attachment.refresh_from_db()
    assert attachment.file.name.startswith("advices/attachments/")
    assert not storages["default"].exists(old)
    with storages["private"].open(attachment.file.name, "rb") as handle:
        assert handle.read() == PDF


def test_member_other_cannot_upload_to_another_councils_advice(client, roles):
    advice = AdviceFactory(councils=[roles.council], status="sent")
    client.force_login(roles["member_other"])
    assert _upload(client, advice, "brief.pdf", PDF).status_code == 403
    # A draft of another council is not there for them at all.
    draft = AdviceFactory(councils=[roles.council])
    assert _upload(client, draft, "brief.pdf", PDF).status_code == 404


def test_a_draft_belongs_to_its_council_until_it_is_sent(client, roles):
    advice = AdviceFactory(councils=[roles.council], title="Concept van Noord")
    attachment = AdviceAttachment.objects.create(
        advice=advice, title="Brief", file=SimpleUploadedFile("brief.pdf", PDF)
    )
    page_url = advice.get_absolute_url()
    file_url = f"{page_url}bijlage/{attachment.pk}/"
    for name in ("member", "secretary", "administrator"):
        client.force_login(roles[name])
        assert client.get(page_url).status_code == 200, name
        assert client.get(file_url).status_code == 200, name
        assert "Concept van Noord" in _html(client.get("/vinger-aan-de-pols/adviezen/")), name
    for name in ("member_other", "central_member", "liaison"):
        client.force_login(roles[name])
        assert client.get(page_url).status_code == 404, name
        assert client.get(file_url).status_code == 404, name
        assert "Concept van Noord" not in _html(client.get("/vinger-aan-de-pols/adviezen/")), name

    Advice.objects.filter(pk=advice.pk).update(status="sent")
    for name in ("member_other", "central_member", "liaison"):
        client.force_login(roles[name])
        assert client.get(page_url).status_code == 200, name
        assert client.get(file_url).status_code == 200, name
        assert "Concept van Noord" in _html(client.get("/vinger-aan-de-pols/adviezen/")), name


def test_the_list_shows_overdue_in_words(client, roles):
    AdviceFactory(
        councils=[roles.council],
        status="sent",
        title="Te laat advies",
        answer_due=datetime.date(2020, 1, 1),
    )
    client.force_login(roles["member"])
    page = _html(client.get("/vinger-aan-de-pols/adviezen/"))
    assert "Te laat advies" in page and "te laat" in page


# --- the agency's answer with its letter (issue 15) ------------------------------------------


def _answer(client, advice, **extra):
    return client.post(
        f"/vinger-aan-de-pols/advies/{advice.pk}/antwoord/",
        {"answer_text": "UWV neemt het advies over.", **extra},
    )


def test_the_liaison_answers_with_a_letter_that_only_who_sees_the_advice_opens(client, roles):
    advice = AdviceFactory(councils=[roles.council], status="sent", title="Brieven in B1")
    client.force_login(roles["liaison"])
    page = _html(client.get(advice.get_absolute_url()))
    assert 'enctype="multipart/form-data"' in page.split('id="antwoord-invullen"')[1]
    letter = SimpleUploadedFile("Antwoord UWV.pdf", PDF)
    assert _answer(client, advice, answer_file=letter).status_code == 302
    advice.refresh_from_db()
    assert advice.status == "answered" and advice.answer_file_name == "Antwoord UWV.pdf"
    # Stored in private storage under a random name, as dossier documents.
    assert advice.answer_file.storage is storages["private"]
    assert "Antwoord" not in advice.answer_file.name
    url = f"/vinger-aan-de-pols/advies/{advice.pk}/antwoord/brief/"
    client.force_login(roles["member_other"])  # another council: a sent advice is for all
    page = _html(client.get(advice.get_absolute_url()))
    assert f'href="{url}"' in page and "Brief van UWV: Antwoord UWV.pdf" in page
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Cache-Control"] == "private, no-store"
    assert "antwoord-uwv-brieven-in-b1.pdf" in response["Content-Disposition"]
    client.force_login(roles["editor"])
    assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302  # to the login page
    # Not on the public page: a visitor never gets the letter.
    advice.is_public = True
    advice.save(update_fields=["is_public"])
    assert url not in _html(client.get("/resultaten/"))


def test_an_answer_letter_of_the_wrong_type_or_size_is_refused_and_the_text_stays(client, roles):
    advice = AdviceFactory(councils=[roles.council], status="sent")
    client.force_login(roles["liaison"])
    for name, content, message in (
        ("antwoord.exe", b"MZ...", "Dit soort bestand kan niet"),
        ("antwoord.pdf", b"<html>nep</html>", "geen echt PDF-bestand"),
        ("antwoord.pdf", PDF + b"0" * (10 * 1024 * 1024), "te groot"),
    ):
        response = _answer(client, advice, answer_file=SimpleUploadedFile(name, content))
        html = _html(response)
        assert response.status_code == 400 and message in html
        assert "UWV neemt het advies over." in html
        assert 'href="#id_answer_answer_file"' in html
    advice.refresh_from_db()
    assert advice.status == "sent" and not advice.answer_file
    # Without a letter, as before.
    assert _answer(client, advice).status_code == 302
    advice.refresh_from_db()
    assert advice.status == "answered" and not advice.answer_file


def test_the_public_results_show_the_councils_advice_beside_the_answer(client, roles):
    """Before: only the agency's answer was on the public page, not what the council advised."""
    AdviceFactory(
        councils=[roles.council],
        status="answered",
        is_public=True,
        title="Openbaar advies",
        text="Bel cliënten terug binnen twee dagen.",
        answer_text="UWV belt voortaan binnen twee dagen terug.",
    )
    AdviceFactory(
        councils=[roles.council],
        status="answered",
        title="Niet openbaar",
        text="Geheime adviestekst.",
        answer_text="Geheim antwoord.",
    )
    html = _html(client.get("/resultaten/"))
    advice_part = html[html.index('id="adviezen"') :]
    assert "Het advies van de raad" in advice_part
    assert advice_part.index("Bel cliënten terug binnen twee dagen.") < advice_part.index(
        "UWV belt voortaan binnen twee dagen terug."
    )
    assert "Geheime adviestekst." not in html and "Geheim antwoord." not in html
