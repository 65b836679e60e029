from __future__ import annotations

import datetime

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


# --- one date rule, Excel serial dates, duplicates (issue 17) ----------------------------------

MARCH_1 = datetime.datetime(2025, 2, 28, 23, 0, tzinfo=datetime.UTC)  # 00:00 in Amsterdam (CET)


def _xlsx(tmp_path, rows, name="signalen.xlsx", *, epoch=None):
    from openpyxl import Workbook

    book = Workbook()
    if epoch is not None:
        book.epoch = epoch
    sheet = book.active
    sheet.append(["datum", "tekst", "regeling", "onderwerp"])
    for row in rows:
        sheet.append(row)
    path = tmp_path / name
    book.save(path)
    return path


def _received(text):
    return Signal.objects.get(text=text).received_at.astimezone(datetime.UTC)


def test_a_date_without_time_is_that_day_in_amsterdam_from_text_and_xlsx_alike(
    tmp_path, classifier, signal_councils
):
    """Before: 11:00Z from text, 23:00Z the day before from an XLSX date cell."""
    csv_file = write(
        tmp_path,
        "datum;tekst;regeling;onderwerp\n"
        "2025-03-01;Uit tekst ISO;WW;betaling\n"
        "01-03-2025;Uit tekst NL;WW;betaling\n"
        "2025-07-01;Zomertijd;WW;betaling\n",
    )
    call_command("signals_import", str(csv_file))
    call_command(
        "signals_import",
        str(
            _xlsx(
                tmp_path,
                [
                    [datetime.date(2025, 3, 1), "Uit XLSX-datum", "WW", "betaling"],
                    [datetime.datetime(2025, 3, 1), "Uit XLSX-datumtijd", "WW", "betaling"],
                ],
            )
        ),
    )
    for text in ("Uit tekst ISO", "Uit tekst NL", "Uit XLSX-datum", "Uit XLSX-datumtijd"):
        assert _received(text) == MARCH_1, text
    assert _received("Zomertijd") == datetime.datetime(2025, 6, 30, 22, tzinfo=datetime.UTC)


def test_an_excel_serial_date_is_accepted_in_xlsx_and_csv(tmp_path, classifier, signal_councils):
    """Before: "datum '45717' is geen datum"."""
    call_command(
        "signals_import",
        str(_xlsx(tmp_path, [[45717, "Serieel getal", "WW", "betaling"]])),
    )
    call_command(
        "signals_import",
        str(
            _xlsx(
                tmp_path,
                [[44255, "Serieel 1904", "WW", "betaling"]],
                name="mac.xlsx",
                epoch=datetime.datetime(1904, 1, 1),
            )
        ),
    )
    call_command(
        "signals_import",
        str(
            write(
                tmp_path,
                "datum;tekst;regeling;onderwerp\n"
                "45717;Serieel als tekst;WW;betaling\n"
                "45717,5;Serieel met tijd;WW;betaling\n",
            )
        ),
    )
    for text in ("Serieel getal", "Serieel 1904", "Serieel als tekst"):
        assert _received(text) == MARCH_1, text
    assert _received("Serieel met tijd") == MARCH_1 + datetime.timedelta(hours=12)


@pytest.mark.parametrize("value", ["2025", "12", "99999999"])
def test_a_number_that_is_no_serial_date_is_refused(tmp_path, classifier, signal_councils, value):
    path = write(tmp_path, f"datum;tekst\n{value};Jaartal of ander getal\n")
    with pytest.raises(CommandError):
        call_command("signals_import", str(path))
    assert not Signal.objects.exists()


def test_importing_the_same_file_again_reports_duplicates_and_writes_none(
    tmp_path, classifier, signal_councils, capsys
):
    """Before: a second import silently made three more signals."""
    call_command("signals_import", str(write(tmp_path, GOOD)))
    assert Signal.objects.count() == 3
    capsys.readouterr()
    call_command("signals_import", str(write(tmp_path, GOOD)))
    out = capsys.readouterr().out
    assert Signal.objects.count() == 3
    assert "Geïmporteerd: 0 signalen, 3 al eerder geïmporteerd (overgeslagen)." in out
    for line, signal in zip((2, 3, 4), Signal.objects.order_by("received_at"), strict=True):
        assert f"regel {line}: al eerder geïmporteerd als {signal.reference}" in out


def test_a_reimport_with_new_rows_and_corrected_themes_adds_only_the_new_rows(
    tmp_path, classifier, signal_councils, capsys
):
    call_command("signals_import", str(write(tmp_path, GOOD)))
    capsys.readouterr()
    # The same file saved by Excel: CRLF, a BOM, a corrected theme, spaces; one new row.
    again = (
        "\ufeffdatum;tekst;postcode;regeling;onderwerp\r\n"
        "2025-03-01;Ik wacht al weken  op mijn WW-geld.;9711 ab;WW;bereikbaarheid\r\n"
        "02-04-2025;De keuringsarts luisterde niet.;;WIA;beoordeling\r\n"
        "2025-05-06;Telefoon wordt nooit opgenomen;;;\r\n"
        "2025-05-07;Nieuw signaal;;;\r\n"
    )
    call_command("signals_import", str(write(tmp_path, again)), "--dry-run")
    assert (
        "Gecontroleerd: 1 goed, 0 met fouten, 3 al eerder geïmporteerd" in capsys.readouterr().out
    )
    call_command("signals_import", str(write(tmp_path, again)))
    assert Signal.objects.count() == 4
    assert Signal.objects.filter(text="Nieuw signaal").exists()


def test_equal_rows_in_one_file_are_separate_signals_once(tmp_path, classifier, signal_councils):
    same = "datum;tekst\n2025-03-01;Niet teruggebeld\n2025-03-01;Niet teruggebeld\n"
    call_command("signals_import", str(write(tmp_path, same)))
    assert Signal.objects.count() == 2
    call_command("signals_import", str(write(tmp_path, same)))
    assert Signal.objects.count() == 2
    # A third copy in a later file is a third signal.
    call_command("signals_import", str(write(tmp_path, same + "2025-03-01;Niet teruggebeld\n")))
    assert Signal.objects.count() == 3
