"""Reading documents' text: real PDF (WeasyPrint), DOCX (python-docx) and ODT (odfpy) files, the
limits, and what happens when a file cannot be read."""

from __future__ import annotations

import io
import zipfile

import pytest

from dossiers import extract, services
from dossiers.extract import ExtractionError, extract_text
from dossiers.models import DocumentVersion
from dossiers.tasks import dossier_version_extract
from dossiers.tests.factories import DossierFactory, VersionFactory
from dossiers.tests.files import docx_bytes, odt_bytes, pdf_bytes, upload
from sitesearch.models import SearchEntry


def test_pdf_text_of_every_page():
    text = extract_text(pdf_bytes("Uitkeringen komen te laat.", "Tweede bladzijde."), "a.pdf")
    assert "Uitkeringen komen te laat." in text and "Tweede bladzijde." in text


def test_pdf_pages_beyond_the_limit_are_not_read(monkeypatch):
    monkeypatch.setattr(extract, "MAX_PAGES", 1)
    text = extract_text(pdf_bytes("Eerste bladzijde.", "Tweede bladzijde."), "a.pdf")
    assert "Eerste" in text and "Tweede" not in text


def test_docx_paragraphs_and_tables():
    data = docx_bytes("Verslag van het klantpanel.", table=[["Wachttijd", "12 minuten"]])
    text = extract_text(data, "verslag.DOCX")
    assert "Verslag van het klantpanel." in text and "Wachttijd | 12 minuten" in text


def test_odt_headings_and_paragraphs_in_order():
    text = extract_text(odt_bytes("Eerste alinea.", "Tweede alinea.", heading="Kop"), "a.odt")
    assert text.splitlines() == ["Kop", "Eerste alinea.", "Tweede alinea."]


def test_txt_in_utf8_or_windows_encoding():
    assert extract_text("Cliënt €".encode(), "a.txt") == "Cliënt €"
    assert extract_text("Cliënt €".encode("cp1252"), "a.txt") == "Cliënt €"


def test_text_is_cut_at_the_character_limit(monkeypatch):
    monkeypatch.setattr(extract, "MAX_CHARS", 10)
    assert extract_text(b"abcdefghijklmnopqrstuvwxyz", "a.txt") == "abcdefghij"


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"%PDF-1.4 kapot", "kapot.pdf"),
        (b"PK\x03\x04kapot", "kapot.docx"),
        (b"PK\x03\x04kapot", "kapot.odt"),
        (b"iets", "plaatje.png"),
    ],
)
def test_damaged_or_unknown_files_raise_extraction_error(data, name):
    with pytest.raises(ExtractionError):
        extract_text(data, name)


def test_a_zip_that_unpacks_too_large_is_refused_before_parsing(monkeypatch):
    monkeypatch.setattr(extract, "MAX_UNPACKED", 1000)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", "x" * 5000)
    with pytest.raises(ExtractionError, match="too large"):
        extract_text(out.getvalue(), "bom.docx")


@pytest.mark.django_db
def test_the_task_after_commit_reads_the_text_and_reindexes_the_document(
    roles, django_capture_on_commit_callbacks
):
    dossier = DossierFactory(council=roles.council)
    with django_capture_on_commit_callbacks(execute=True):
        version = services.document_add(
            actor=roles["member"],
            dossier=dossier,
            title="Klantreis",
            file=upload("klantreis.pdf", pdf_bytes("De klantreis van een WIA-aanvraag.")),
        )
        # Before commit nothing is read yet: a web request never waits for it.
        assert DocumentVersion.objects.get(pk=version.pk).extraction == "pending"
    version.refresh_from_db()
    assert version.extraction == "done" and "klantreis van een WIA-aanvraag" in version.text
    entry = SearchEntry.objects.get(kind="document", key=str(version.document_id))
    assert "WIA-aanvraag" in entry.body


@pytest.mark.django_db
def test_an_unreadable_file_is_marked_failed_and_stays_downloadable(
    roles, django_capture_on_commit_callbacks
):
    dossier = DossierFactory(council=roles.council)
    with django_capture_on_commit_callbacks(execute=True):
        version = services.document_add(
            actor=roles["member"],
            dossier=dossier,
            title="Kapot",
            file=upload("kapot.pdf", b"%PDF-1.4 dit is geen echte pdf"),
        )
    version.refresh_from_db()
    assert version.extraction == "failed" and version.text == ""
    assert version.file.storage.exists(version.file.name)
    assert SearchEntry.objects.filter(kind="document", key=str(version.document_id)).exists()


@pytest.mark.django_db
def test_an_unexpected_error_is_retried_and_the_last_try_marks_failed(monkeypatch):
    version = VersionFactory(extraction="pending", text="")
    calls = []

    def broken(**kwargs):
        calls.append(kwargs)
        raise OSError("storage unavailable")

    monkeypatch.setattr("dossiers.tasks.version_extract", broken)

    class Task:
        retries = 2

    with pytest.raises(OSError):
        dossier_version_extract.call_local(version.pk, task=Task())
    version.refresh_from_db()
    assert version.extraction == "pending"  # a retry comes

    Task.retries = 0
    assert dossier_version_extract.call_local(version.pk, task=Task()) == "failed"
    version.refresh_from_db()
    assert version.extraction == "failed" and len(calls) == 2


@pytest.mark.django_db
def test_running_the_extraction_again_changes_nothing():
    version = VersionFactory(extraction="pending", text="", content="Eerste tekst")
    assert services.version_extract(version_id=version.pk) == "done"
    DocumentVersion.objects.filter(pk=version.pk).update(text="bewaard")
    assert services.version_extract(version_id=version.pk) == "done"
    version.refresh_from_db()
    assert version.text == "bewaard"
