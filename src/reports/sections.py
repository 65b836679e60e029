"""The annual report as an ordered list of sections, each with its paragraphs and its tables
(a table may have a chart drawn from the same numbers). The web page, the PDF, the HTML article
and the DOCX all render this one list, so they can never show different numbers."""

from __future__ import annotations

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def number(value: int) -> str:
    return formats.number_format(value, force_grouping=True)


def paragraphs(text: str) -> list[str]:
    """Editors' text: every non-empty line is a paragraph."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _table(key: str, caption: str, head: tuple[str, str], rows, charts: dict, total=None):
    rows = [(label, number(n)) for label, n in rows]
    if total is not None:
        rows.append((_("Totaal"), number(total)))
    return {
        "key": key,
        "caption_id": f"caption-{key}",
        "caption": caption,
        "head": head,
        "rows": rows,
        "chart": charts.get(key, ""),
    }


def _breakdown(rows: list[dict]) -> list[tuple[str, int]]:
    return [(row["label"], row["count"]) for row in rows]


def sections(document: dict) -> list[dict]:
    report, f, charts = document["report"], document["figures"], document["charts"]
    year = report.year
    count = _("Aantal")
    out: list[dict] = []

    if report.intro:
        out.append(
            {"id": "inleiding", "title": _("Inleiding"), "paragraphs": paragraphs(report.intro)}
        )
    if report.highlights:
        out.append(
            {
                "id": "hoogtepunten",
                "title": _("Hoogtepunten"),
                "paragraphs": paragraphs(report.highlights),
            }
        )

    s = f["signals"]
    out.append(
        {
            "id": "signalen",
            "title": _("Signalen van klanten"),
            "paragraphs": [
                ngettext(
                    "In %(year)s kwam %(n)s signaal binnen.",
                    "In %(year)s kwamen %(n)s signalen binnen.",
                    s["total"],
                )
                % {"year": year, "n": number(s["total"])}
            ],
            "tables": [
                _table(
                    "signals_month",
                    _("Signalen per maand in %(year)s") % {"year": year},
                    (_("Maand"), count),
                    [(formats.date_format(r["month"], "F"), r["count"]) for r in s["by_month"]],
                    charts,
                    total=s["total"],
                ),
                _table(
                    "signals_regeling",
                    _("Signalen per regeling"),
                    (_("Regeling"), count),
                    _breakdown(s["by_regeling"]),
                    charts,
                    total=s["total"],
                ),
                _table(
                    "signals_onderwerp",
                    _("Signalen per onderwerp"),
                    (_("Onderwerp"), count),
                    _breakdown(s["by_onderwerp"]),
                    charts,
                    total=s["total"],
                ),
            ],
        }
    )

    a = f["advices"]
    advice_tables = [
        _table(
            "advices",
            _("Adviezen verstuurd in %(year)s en de antwoorden van UWV") % {"year": year},
            (_("Adviezen"), count),
            [
                (_("Verstuurd"), a["sent"]),
                (_("Beantwoord door UWV"), a["answered"]),
                (_("Op tijd beantwoord"), a["answered_on_time"]),
                (_("Te laat beantwoord"), a["answered_late"]),
                (_("Wacht nog op antwoord"), a["waiting"]),
            ],
            charts,
        ),
        _table(
            "advices_kind",
            _("Verstuurde adviezen per soort"),
            (_("Soort advies"), count),
            _breakdown(a["by_kind"]),
            charts,
            total=a["sent"],
        ),
    ]
    if a["by_follow_up"]:
        advice_tables.append(
            _table(
                "advices_follow_up",
                _("Wat de raad vond van het antwoord"),
                (_("Reactie van de raad"), count),
                _breakdown(a["by_follow_up"]),
                charts,
            )
        )
    out.append({"id": "adviezen", "title": _("Adviezen"), "tables": advice_tables})

    p = f["proposals"]
    stand = formats.date_format(p["computed_at"], "j F Y")
    out.append(
        {
            "id": "voorstellen",
            "title": _("Plannen van aanpak en voorstellen"),
            "tables": [
                _table(
                    "proposals",
                    _("Plannen en voorstellen"),
                    (_("Wat"), count),
                    [
                        (_("Plannen van aanpak"), p["plans"]),
                        (_("Voorstellen in deze plannen"), p["total"]),
                        (
                            _("Voorstellen ingediend in %(year)s") % {"year": year},
                            p["submitted_in_year"],
                        ),
                    ],
                    charts,
                ),
                _table(
                    "proposals_status",
                    _("Waar de voorstellen staan op %(date)s") % {"date": stand},
                    (_("Stand"), count),
                    _breakdown(p["by_status"]),
                    charts,
                    total=p["total"],
                ),
            ],
        }
    )

    m = f["meetings"]
    out.append(
        {
            "id": "vergaderingen",
            "title": _("Vergaderingen en activiteiten"),
            "tables": [
                _table(
                    "meetings",
                    _("Vergaderingen en overleggen in %(year)s") % {"year": year},
                    (_("Soort overleg"), count),
                    _breakdown(m["meetings_by_kind"]),
                    charts,
                    total=m["meetings"],
                ),
                _table(
                    "activities",
                    _("Activiteiten in %(year)s") % {"year": year},
                    (_("Soort activiteit"), count),
                    _breakdown(m["activities_by_kind"]),
                    charts,
                    total=m["activities"],
                ),
            ],
        }
    )

    mem, rec = f["members"], f["recruitment"]
    out.append(
        {
            "id": "leden",
            "title": _("Leden en werving"),
            "tables": [
                _table(
                    "members",
                    _("Leden in %(year)s") % {"year": year},
                    (_("Leden"), count),
                    [
                        (_("Nieuwe leden"), mem["joined"]),
                        (_("Leden die stopten"), mem["left"]),
                        (_("Leden op 31 december"), mem["at_year_end"]),
                    ],
                    charts,
                ),
                _table(
                    "recruitment",
                    _("Aanmeldingen als raadslid in %(year)s") % {"year": year},
                    (_("Aanmeldingen"), count),
                    [
                        (_("Aanmeldingen ontvangen"), rec["applications"]),
                        (_("Aangenomen"), rec["accepted"]),
                        (_("Afgewezen"), rec["rejected"]),
                        (_("Teruggetrokken"), rec["withdrawn"]),
                    ],
                    charts,
                ),
                _table(
                    "applications_age",
                    _("Aanmeldingen per leeftijdsgroep"),
                    (_("Leeftijdsgroep"), count),
                    _breakdown(rec["applications_by_age_band"]),
                    charts,
                    total=rec["applications"],
                ),
                _table(
                    "members_age",
                    _("Leden op 31 december per leeftijdsgroep"),
                    (_("Leeftijdsgroep"), count),
                    _breakdown(rec["members_by_age_band"]),
                    charts,
                    total=sum(r["count"] for r in rec["members_by_age_band"]),
                ),
            ],
        }
    )

    pr = f["promotion"]
    promotion_tables = []
    notes = []
    if pr["social"] is not None:
        promotion_tables.append(
            _table(
                "social",
                _("Berichten op sociale media in %(year)s") % {"year": year},
                (_("Platform"), _("Plaatsingen")),
                _breakdown(pr["social"]["by_platform"]),
                charts,
                total=pr["social"]["placements"],
            )
        )
        notes.append(
            ngettext(
                "%(n)s bericht geplaatst op sociale media.",
                "%(n)s berichten geplaatst op sociale media.",
                pr["social"]["posts"],
            )
            % {"n": number(pr["social"]["posts"])}
        )
    else:
        notes.append(
            _(
                "Berichten op sociale media plaatsen wij landelijk. "
                "U vindt ze in het landelijke jaarverslag."
            )
        )
    promotion_tables.append(
        _table(
            "promotion",
            _("Nieuwsflitsen en nieuws in %(year)s") % {"year": year},
            (_("Wat"), count),
            [
                (_("Nieuwsflitsen verstuurd"), pr["flashes"]),
                (_("E-mails met een nieuwsflits afgeleverd"), pr["deliveries"]),
                (_("Abonnees op 31 december"), pr["subscribers"]),
                (_("Nieuwsberichten"), pr["news"]),
                (_("Blogs"), pr["blogs"]),
                (_("Vlogs"), pr["vlogs"]),
            ],
            charts,
        )
    )
    out.append(
        {
            "id": "promotie",
            "title": _("Bekendheid"),
            "paragraphs": notes,
            "tables": promotion_tables,
        }
    )

    if report.plans:
        out.append(
            {
                "id": "plannen",
                "title": _("Plannen voor %(year)s") % {"year": year + 1},
                "paragraphs": paragraphs(report.plans),
            }
        )
    return out
