from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from signals.models import Signal

pytestmark = pytest.mark.django_db

GOOD = """datum;tekst;postcode;regeling;onderwerp
2025-03-01;Ik wacht al weken op mijn WW-geld.;9711AB;WW;betaling
02-04-2025;De keuringsarts luisterde niet.;;WIA;beoordeling
2025-05-06;Telefoon wordt nooit opgenomen;;;
"""

BAD = """datum;tekst;postcode;regeling;onderwerp
2025-03-01;Goede regel;;WW;betaling
morgen;Datum klopt niet;;;
2025-03-02;;;;
2025-03-03;Postcode fout;12;XX;betaling
"""


def write(tmp_path, content, name="signalen.csv"):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


def test_import_csv(tmp_path, classifier, signal_councils):
    call_command("signals_import", str(write(tmp_path, GOOD)))
    signals = list(Signal.objects.order_by("received_at"))
    assert len(signals) == 3
    assert signals[0].reference.startswith("S-2025-") and signals[0].source == "import"
    assert (signals[0].regeling, signals[0].onderwerp) == ("WW", "betaling")
    assert signals[0].council == signal_councils["noord"]
    assert signals[1].received_at.month == 4
    assert signals[2].onderwerp  # classified by the model


def test_a_file_with_errors_imports_nothing_and_names_each_line(
    tmp_path, classifier, signal_councils, capsys
):
    with pytest.raises(CommandError, match="3 regel"):
        call_command("signals_import", str(write(tmp_path, BAD)))
    err = capsys.readouterr().err
    assert "regel 3:" in err and "datum" in err
    assert "regel 4:" in err and "tekst is leeg" in err
    assert "regel 5:" in err and "postcode" in err and "regeling 'XX'" in err
    assert "regel 2:" not in err
    assert not Signal.objects.exists()


def test_skip_errors_imports_the_good_rows(tmp_path, classifier, signal_councils):
    call_command("signals_import", str(write(tmp_path, BAD)), "--skip-errors")
    assert Signal.objects.count() == 1


def test_dry_run_writes_nothing(tmp_path, classifier, signal_councils):
    call_command("signals_import", str(write(tmp_path, GOOD)), "--dry-run")
    assert not Signal.objects.exists()


def test_import_xlsx(tmp_path, classifier, signal_councils):
    import datetime

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Datum", "Tekst", "Regeling", "Onderwerp"])
    sheet.append([datetime.date(2025, 1, 5), "Brief niet te begrijpen", "WW", "brieven"])
    sheet.append(["geen datum", "x", None, None])
    path = tmp_path / "signalen.xlsx"
    book.save(path)
    with pytest.raises(CommandError):
        call_command("signals_import", str(path))
    call_command("signals_import", str(path), "--skip-errors")
    assert Signal.objects.get().onderwerp == "brieven"


def test_missing_columns_are_named(tmp_path, classifier, signal_councils, capsys):
    with pytest.raises(CommandError):
        call_command("signals_import", str(write(tmp_path, "naam;leeftijd\na;1\n")))
    assert "kolom ontbreekt: datum, tekst" in capsys.readouterr().err
