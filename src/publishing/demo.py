"""Demo pages of the public site in Dutch and English. Idempotent."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale, Page, Site

from common.site import site_record_address, site_record_sync
from councils.models import Council

from .models import (
    AccessibilityStatementPage,
    ContentPage,
    CouncilIndexPage,
    CouncilPage,
    HomePage,
)


def _rt(*paragraphs: str) -> str:
    return "".join(f"<p>{p}</p>" for p in paragraphs)


def _stream(*items) -> list[tuple[str, object]]:
    return list(items)


CONTENT = {
    "nl": {
        "home": {
            "title": "De cliëntenraden van UWV-cliënten",
            "intro": _rt(
                "Krijgt u een uitkering of hulp bij werk van UWV? Dan zijn wij er voor u. "
                "In de cliëntenraden zitten mensen die zelf cliënt van UWV zijn of waren.",
                "Wij zijn <strong>onafhankelijk</strong>. Wij horen niet bij UWV. "
                "Wij vertellen UWV wat goed gaat en wat beter moet.",
            ),
            "body": _stream(
                ("heading", "Wat doen wij?"),
                (
                    "paragraph",
                    _rt(
                        "Wij luisteren naar cliënten. Wij geven UWV advies, gevraagd en ongevraagd. "
                        "Zo wordt de dienstverlening beter voor iedereen."
                    ),
                ),
                (
                    "callout",
                    {
                        "title": "Een vraag over uw eigen uitkering?",
                        "text": _rt(
                            "Daar kunnen wij u niet mee helpen. Bel UWV of kijk op de website van UWV. "
                            "Wilt u iets vertellen over hoe het ging? Dat horen wij graag."
                        ),
                    },
                ),
            ),
        },
        "about": {
            "slug": "wie-zijn-wij",
            "title": "Wie zijn wij",
            "intro": "De cliëntenraden zijn onafhankelijk. Wij komen op voor alle cliënten "
            "van UWV.",
            "body": _stream(
                ("heading", "Mensen zoals u"),
                (
                    "paragraph",
                    _rt(
                        "In een cliëntenraad zitten mensen die zelf een uitkering hebben of hadden. "
                        "Bijvoorbeeld WW, WIA, Wajong of Ziektewet. Zij doen dit werk als vrijwilliger.",
                        "Er zijn elf districtscliëntenraden, één per regio. En er is één Centrale "
                        "Cliëntenraad voor heel Nederland.",
                    ),
                ),
                ("heading", "Onafhankelijk van UWV"),
                (
                    "paragraph",
                    _rt(
                        "Wij zijn geen onderdeel van UWV. UWV moet ons wel laten meepraten. "
                        "Dat staat in de wet. UWV moet ook antwoord geven op ons advies.",
                        "Wij behandelen geen persoonlijke zaken. Heeft u een vraag over uw eigen "
                        "uitkering? Neem dan contact op met UWV.",
                    ),
                ),
                ("heading", "Wat wij voor u doen"),
                (
                    "paragraph",
                    _rt(
                        "Wij verzamelen ervaringen van cliënten. Wij zoeken uit wat vaak misgaat. "
                        "Daarover geven wij UWV advies. Wij kijken ook of UWV iets doet met dat "
                        "advies."
                    ),
                ),
            ),
        },
        "councils": {
            "slug": "raden",
            "title": "De cliëntenraden",
            "intro": "Elf districtsraden en één Centrale Cliëntenraad.",
        },
        "privacy": {
            "slug": "privacy",
            "title": "Privacyverklaring",
            "intro": "Wij gaan zorgvuldig om met uw gegevens. Wij vragen niet meer dan nodig.",
            "body": _stream(
                ("heading", "Welke gegevens bewaren wij?"),
                (
                    "paragraph",
                    _rt(
                        "Van leden van een raad bewaren wij naam, e-mailadres en rol. Een foto en "
                        "een korte tekst staan alleen op de site als het lid dat zelf wil.",
                        "Stuurt u ons een bericht? Dan bewaren wij uw contactgegevens alleen als u "
                        "een antwoord wilt. Alleen de secretaris en de voorzitter van de raad zien "
                        "ze.",
                    ),
                ),
                ("heading", "Hoe lang?"),
                (
                    "paragraph",
                    _rt(
                        "Contactgegevens wissen wij twaalf maanden nadat uw bericht is afgehandeld. "
                        "Een logboek van wie welke gegevens bekeek, bewaren wij twee jaar."
                    ),
                ),
                ("heading", "Uw rechten"),
                (
                    "paragraph",
                    _rt(
                        "U mag uw gegevens inzien, laten verbeteren of laten wissen. Stuur daarvoor "
                        "een e-mail aan de secretaris van uw raad."
                    ),
                ),
            ),
        },
        "accessibility": {
            "slug": "toegankelijkheid",
            "title": "Toegankelijkheidsverklaring",
            "intro": "Iedereen moet deze site kunnen gebruiken. Ook als u slecht ziet, "
            "alleen een toetsenbord gebruikt of een voorleesprogramma.",
            "status": "B",
            "method": "<p>Wij volgen de richtlijnen WCAG 2.2, niveau AA. Zo testen wij:</p><ul>"
            "<li>Bij elke wijziging controleert een computer elke pagina met het programma axe.</li>"
            "<li>Wij gebruiken elke pagina met alleen het toetsenbord.</li>"
            "<li>Wij kijken of de pagina werkt op een telefoon van 320 pixels breed en met tekst "
            "op 200%.</li></ul><p>Een deskundige heeft de site nog niet gecontroleerd. Daarom is "
            "de status: voldoet gedeeltelijk.</p>",
            "known_problems": [
                (
                    "problem",
                    {
                        "problem": "Het beheer van de site is niet helemaal getest",
                        "where": "De beheerpagina's (/beheer/), alleen voor redacteuren",
                        "workaround": "Lukt iets niet? Vraag een andere redacteur van uw raad.",
                        "fixed_by": None,
                    },
                ),
                (
                    "problem",
                    {
                        "problem": "PDF-bestanden zijn niet altijd goed voor te lezen",
                        "where": "Het jaarverslag en het handboek als PDF",
                        "workaround": "Dezelfde tekst staat ook op een gewone pagina van deze "
                        "site.",
                        "fixed_by": None,
                    },
                ),
            ],
        },
        "council_body": "Wilt u met ons praten? Stuur ons een e-mail. Wij zijn vrijwilligers "
        "en antwoorden zo snel als wij kunnen.",
    },
    "en": {
        "home": {
            "title": "The client councils of UWV clients",
            "intro": _rt(
                "Do you receive a benefit or help with work from UWV? Then we are here for "
                "you. The client councils are made up of people who are or were UWV clients.",
                "We are <strong>independent</strong>. We are not part of UWV. We tell UWV what "
                "goes well and what must improve.",
            ),
            "body": _stream(
                ("heading", "What do we do?"),
                (
                    "paragraph",
                    _rt(
                        "We listen to clients. We advise UWV, when asked and on our own initiative. "
                        "That makes the service better for everyone."
                    ),
                ),
                (
                    "callout",
                    {
                        "title": "A question about your own benefit?",
                        "text": _rt(
                            "We cannot help you with that. Call UWV or visit the UWV website. "
                            "Do you want to tell us how it went? We would like to hear it."
                        ),
                    },
                ),
            ),
        },
        "about": {
            "slug": "who-we-are",
            "title": "Who we are",
            "intro": "The client councils are independent. We stand up for all UWV clients.",
            "body": _stream(
                ("heading", "People like you"),
                (
                    "paragraph",
                    _rt(
                        "A client council is made up of people who have or had a benefit, such as "
                        "WW, WIA, Wajong or Sickness Benefits. They are volunteers.",
                        "There are eleven district client councils, one per region, and one Central "
                        "Client Council for the whole country.",
                    ),
                ),
                ("heading", "Independent of UWV"),
                (
                    "paragraph",
                    _rt(
                        "We are not part of UWV. The law says UWV must involve us and must answer "
                        "our advice.",
                        "We do not handle individual cases. For a question about your own benefit, "
                        "please contact UWV.",
                    ),
                ),
                ("heading", "What we do for you"),
                (
                    "paragraph",
                    _rt(
                        "We collect clients' experiences, find out what often goes wrong, and advise "
                        "UWV about it. We also check what UWV does with our advice."
                    ),
                ),
            ),
        },
        "councils": {
            "slug": "councils",
            "title": "The client councils",
            "intro": "Eleven district councils and one Central Client Council.",
        },
        "privacy": {
            "slug": "privacy",
            "title": "Privacy statement",
            "intro": "We handle your data with care and ask no more than we need.",
            "body": _stream(
                ("heading", "What data do we keep?"),
                (
                    "paragraph",
                    _rt(
                        "For council members we keep name, e-mail address and role. A photo and a "
                        "short text appear on the site only if the member wants that.",
                        "If you send us a message, we keep your contact details only if you want an "
                        "answer. Only the council's secretary and chair see them.",
                    ),
                ),
                ("heading", "For how long?"),
                (
                    "paragraph",
                    _rt(
                        "We delete contact details twelve months after your message is closed. A log "
                        "of who viewed which data is kept for two years."
                    ),
                ),
                ("heading", "Your rights"),
                (
                    "paragraph",
                    _rt(
                        "You may see, correct or delete your data. E-mail the secretary of your "
                        "council."
                    ),
                ),
            ),
        },
        "accessibility": {
            "slug": "accessibility",
            "title": "Accessibility statement",
            "intro": "Everyone must be able to use this site, also with low vision, a keyboard "
            "only or a screen reader.",
            "method": "<p>We follow WCAG 2.2, level AA. This is how we test:</p><ul>"
            "<li>With every change, a computer checks every page with the axe program.</li>"
            "<li>We use every page with a keyboard only.</li>"
            "<li>We check that pages work on a phone 320 pixels wide and with text at 200%.</li>"
            "</ul><p>No expert has audited the site yet. That is why the status is: partially "
            "compliant.</p>",
            "known_problems": [
                (
                    "problem",
                    {
                        "problem": "The site's editing pages are not fully tested",
                        "where": "The editing pages (/beheer/), for editors only",
                        "workaround": "Something does not work? Ask another editor of your "
                        "council.",
                        "fixed_by": None,
                    },
                ),
                (
                    "problem",
                    {
                        "problem": "PDF files cannot always be read aloud well",
                        "where": "The annual report and the handbook as PDF",
                        "workaround": "The same text is also on a normal page of this site.",
                        "fixed_by": None,
                    },
                ),
            ],
        },
        "news": {
            "slug": "news",
            "title": "News",
            "intro": "News, blogs and vlogs of the client councils. Most of them are only in "
            "Dutch.",
        },
        "council_body": "Would you like to talk to us? Send us an e-mail. We are volunteers and "
        "answer as soon as we can.",
    },
}


def _set(page, data: dict, *, menu: bool = False):
    page.title = data["title"]
    if "slug" in data:
        page.slug = data["slug"]
    if hasattr(page, "intro") and "intro" in data:
        page.intro = data["intro"]
    if hasattr(page, "body") and "body" in data:
        page.body = data["body"]
    for name in (
        "status",
        "statement_date",
        "checked_date",
        "method",
        "known_problems",
        "report_email",
    ):  # the accessibility statement
        if name in data:
            setattr(page, name, data[name])
    page.show_in_menus = menu
    return page


def _child(parent, model, key: str, data: dict, *, menu=False):
    existing = model.objects.child_of(parent).filter(slug=data.get("slug", key)).first()
    if existing:
        return existing
    page = _set(model(), data, menu=menu)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _translate(page, locale, data: dict, *, menu=False):
    existing = page.get_translations().filter(locale=locale).first()
    if existing:
        return existing.specific
    copy = page.copy_for_translation(locale, copy_parents=False)
    _set(copy, data, menu=menu)
    copy.save_revision().publish()
    return copy


@transaction.atomic
def load(stdout=None) -> dict:
    nl = Locale.objects.get_or_create(language_code="nl")[0]
    en = Locale.objects.get_or_create(language_code="en")[0]
    site = Site.objects.filter(is_default_site=True).first()
    root = Page.get_first_root_node()
    home = HomePage.objects.filter(locale=nl).first()
    if home is None:
        home = _set(HomePage(slug="raadsplein", locale=nl), CONTENT["nl"]["home"])
        root.add_child(instance=home)
        home.save_revision().publish()
    if site is None:
        hostname, port = site_record_address()
        site = Site.objects.create(
            hostname=hostname,
            port=port,
            root_page=home,
            is_default_site=True,
            site_name="Raadsplein",
        )
    elif site.root_page_id != home.pk:
        old = site.root_page
        site.root_page = home
        site.site_name = "Raadsplein"
        site.save()
        if old.depth == 2 and old.specific_class != HomePage:
            old.delete()  # Wagtail's "Welcome" page
    site_record_sync()  # the Site record follows SITE_URL (also when the demo ran before)

    nl_data, en_data = CONTENT["nl"], CONTENT["en"]
    about = _child(home, ContentPage, "about", nl_data["about"], menu=True)
    index = _child(home, CouncilIndexPage, "councils", nl_data["councils"])
    privacy = _child(home, ContentPage, "privacy", nl_data["privacy"], menu=True)
    today = timezone.localdate()
    access = _child(
        home,
        AccessibilityStatementPage,
        "accessibility",
        {
            **nl_data["accessibility"],
            "statement_date": today,
            "checked_date": today,
            # Reports go to the central council (the demo's is made before this page).
            "report_email": Council.objects.filter(kind=Council.Kind.CENTRAL)
            .exclude(email="")
            .values_list("email", flat=True)
            .first()
            or "toegankelijkheid@raadsplein.local",
        },
        menu=True,
    )
    council_pages = []
    for council in Council.objects.order_by("kind", "name"):
        page = CouncilPage.objects.filter(council=council, locale=nl).first()
        if page is None:
            page = CouncilPage(
                title=council.name,
                slug=council.slug,
                council=council,
                body=[("paragraph", _rt(nl_data["council_body"]))],
            )
            index.add_child(instance=page)
            page.save_revision().publish()
        council_pages.append(page)

    en_home = _translate(home, en, en_data["home"])
    _translate(about, en, en_data["about"], menu=True)
    _translate(index, en, en_data["councils"])
    _translate(privacy, en, en_data["privacy"], menu=True)
    _translate(access, en, en_data["accessibility"], menu=True)
    for page in council_pages:
        _translate(
            page, en, {"title": page.title, "body": [("paragraph", _rt(en_data["council_body"]))]}
        )
    from .demo_news import load_news

    news_index = load_news(home)
    _translate(news_index, en, en_data["news"], menu=True)
    return {"home": home.pk, "en_home": en_home.pk, "news_index": news_index.pk}
