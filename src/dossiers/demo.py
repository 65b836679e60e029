"""Demo dossiers, fictional: eight subjects across districts and visibilities, with notes, a
small real document (its text read at once), links to demo signals and meetings, councils that
joined, and follows for the demo members. Idempotent (does nothing when dossiers exist). No
e-mail is sent. The timeline is spread over the past months afterwards (demo rows only)."""

from __future__ import annotations

import datetime
import io

from django.core.files.base import ContentFile
from django.utils import timezone

from common.models import Visibility
from councils.models import Council, Membership

from . import services
from .models import DigestPreference, DocumentVersion, Dossier, DossierUpdate

# (title, summary, regeling, onderwerp, council slug, visibility, joining councils, notes,
#  days ago started, closed)
DOSSIERS = [
    (
        "Brieven over de WW in gewone taal",
        "Cliënten begrijpen de brieven over hun WW-uitkering vaak niet. Wij verzamelen "
        "voorbeelden en praten met UWV over brieven in taalniveau B1.",
        "WW",
        "brieven",
        "noord",
        Visibility.COUNCILS,
        ["rijnmond", "oost"],
        [
            "Tien voorbeeldbrieven verzameld bij leden en achterbanorganisaties.",
            "Gesprek met de afdeling communicatie van UWV: zij willen meelezen.",
        ],
        120,
        False,
    ),
    (
        "Bereikbaarheid van het klantcontactcentrum",
        "Cliënten wachten lang aan de telefoon en worden niet teruggebeld. Wij volgen de "
        "wachttijden en de terugbelafspraken.",
        "ALGEMEEN",
        "bereikbaarheid",
        "rijnmond",
        Visibility.COUNCILS,
        ["haaglanden"],
        [
            "Signalen van de laatste drie maanden op een rij gezet.",
            "UWV belooft terugbellen binnen twee werkdagen. Wij kijken of dat lukt.",
        ],
        90,
        False,
    ),
    (
        "Re-integratie na ziekte (ZW)",
        "Hoe helpt UWV mensen met een Ziektewet-uitkering weer aan het werk? Wij horen "
        "wisselende verhalen en willen weten wat goed werkt.",
        "ZW",
        "reintegratie",
        "oost",
        Visibility.COUNCILS,
        [],
        ["Drie leden delen hun ervaring in de volgende vergadering."],
        60,
        False,
    ),
    (
        "Betaling WIA te laat",
        "Een aantal cliënten kreeg hun WIA-uitkering later dan beloofd. Wij zoeken uit hoe "
        "vaak dat gebeurt en wat UWV eraan doet.",
        "WIA",
        "betaling",
        "noord",
        Visibility.COUNCIL,
        [],
        ["Alleen voor onze raad: de voorbeelden bevatten nog details die wij nakijken."],
        30,
        False,
    ),
    (
        "Digitaal contact: Mijn UWV",
        "Niet iedereen kan goed omgaan met Mijn UWV. Wij willen dat er altijd een andere "
        "manier is om UWV te bereiken.",
        "ALGEMEEN",
        "digitaal",
        "haaglanden",
        Visibility.PUBLIC,
        ["groot-amsterdam"],
        ["Onze vragen staan op de website, zodat cliënten kunnen meedenken."],
        150,
        False,
    ),
    (
        "Bejegening bij de keuring",
        "Cliënten vertellen dat zij zich bij de medische keuring niet serieus genomen voelen. "
        "Wij bundelen de signalen voor een ongevraagd advies.",
        "WIA",
        "bejegening",
        "groot-amsterdam",
        Visibility.COUNCILS,
        [],
        ["Eerste opzet van het advies besproken."],
        45,
        False,
    ),
    (
        "Wajong en werk: de overstap",
        "Jongeren met een Wajong-uitkering die gaan werken, weten niet wat er met hun "
        "uitkering gebeurt. Wij maakten met UWV een uitleg op één A4.",
        "WAJONG",
        "brieven",
        "oost",
        Visibility.PUBLIC,
        [],
        ["De uitleg op één A4 is klaar en staat bij de stukken."],
        300,
        True,
    ),
    (
        "Landelijk: privacy bij het delen van gegevens",
        "De Centrale Cliëntenraad volgt hoe UWV omgaat met gegevens van cliënten die het "
        "deelt met gemeenten en werkgevers.",
        "ALGEMEEN",
        "privacy",
        "centraal",
        Visibility.COUNCILS,
        [],
        ["Vragen aan de functionaris gegevensbescherming van UWV gestuurd."],
        200,
        False,
    ),
]


def _docx(paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _member(council: Council, role=Membership.Role.MEMBER):
    membership = (
        Membership.objects.active()
        .filter(council=council, role=role)
        .select_related("user")
        .order_by("id")
        .first()
    ) or Membership.objects.active().filter(council=council).select_related("user").first()
    return membership.user if membership else None


def _spread(dossier: Dossier, started_days_ago: int, now) -> None:
    """Spread the timeline from the start until a few days ago (demo rows only)."""
    updates = list(dossier.updates.order_by("at", "id"))
    step = started_days_ago / max(len(updates), 1)
    for index, update in enumerate(updates):
        at = now - datetime.timedelta(days=started_days_ago - index * step, hours=index)
        DossierUpdate.objects.filter(pk=update.pk).update(at=at)
        if update.version_id:
            DocumentVersion.objects.filter(pk=update.version_id).update(uploaded_at=at)
    last = now - datetime.timedelta(days=started_days_ago - (len(updates) - 1) * step)
    Dossier.objects.filter(pk=dossier.pk).update(
        created_at=now - datetime.timedelta(days=started_days_ago),
        changed_at=last,
        closed_at=last if dossier.closed_at else None,
    )
    from sitesearch import index

    index.update("dossier", Dossier.objects.prefetch_related("councils").get(pk=dossier.pk))


def load(stdout=None) -> dict:
    if Dossier.objects.exists():
        return {"dossiers": Dossier.objects.count()}
    councils = {c.slug: c for c in Council.objects.all()}
    if "noord" not in councils:
        return {}
    now = timezone.now()
    made = []
    for (
        title,
        summary,
        regeling,
        onderwerp,
        slug,
        visibility,
        joining,
        notes,
        days_ago,
        closed,
    ) in DOSSIERS:
        council = councils.get(slug)
        owner = _member(council) if council else None
        if owner is None:
            continue
        dossier = services.dossier_start(
            actor=owner,
            council=council,
            title=title,
            summary=summary,
            regeling=regeling,
            onderwerp=onderwerp,
            visibility=visibility,
        )
        for other in joining:
            joiner = _member(councils[other]) if other in councils else None
            if joiner is not None:
                services.dossier_join(actor=joiner, dossier=dossier, council=councils[other])
        secretary = _member(council, Membership.Role.SECRETARY) or owner
        for index, text in enumerate(notes):
            services.dossier_note_add(
                actor=secretary if index % 2 else owner, dossier=dossier, text=text
            )
        if closed:
            services.dossier_set_status(
                actor=owner, dossier=dossier, status="closed", note="De uitleg wordt gebruikt."
            )
        made.append((dossier, days_ago))

    first = made[0][0]
    _document(first)
    _links(first, councils["noord"])
    _follows(made)
    for dossier, days_ago in made:
        _spread(dossier, days_ago, now)
    result = {"dossiers": len(made)}
    if stdout:
        stdout.write(f"dossiers: {result}\n")
    return result


def _document(dossier: Dossier) -> None:
    """A small real DOCX with two versions; its text is read at once for the search."""
    owner = dossier.owner
    text = [
        "Verslag gesprek met UWV over brieven",
        "Wij lieten tien brieven zien die cliënten niet begrepen. UWV herkent de problemen.",
        "Afspraak: UWV test drie nieuwe brieven met leden van de cliëntenraden.",
    ]
    version = services.document_add(
        actor=owner,
        dossier=dossier,
        title="Verslag gesprek over brieven",
        file=ContentFile(_docx(text), name="verslag-brieven.docx"),
    )
    services.version_extract(version_id=version.pk)
    newer = services.version_add(
        actor=owner,
        document=version.document,
        file=ContentFile(
            _docx([*text, "Aanvulling: de eerste testbrief is goed ontvangen."]),
            name="verslag-brieven-v2.docx",
        ),
        note="Aanvulling na de test",
    )
    services.version_extract(version_id=newer.pk)


def _links(dossier: Dossier, council: Council) -> None:
    from meetings.models import Meeting
    from signals.models import Signal

    actor = _member(council, Membership.Role.SECRETARY) or dossier.owner
    signal = Signal.objects.filter(council=council, onderwerp="brieven").first()
    if signal is None:
        signal = Signal.objects.filter(council=council).first()
    if signal is not None:
        services.link_object(actor=actor, dossier=dossier, kind="signal", obj=signal)
    meeting = Meeting.objects.filter(council=council).order_by("starts_at").first()
    if meeting is not None:
        services.link_object(actor=actor, dossier=dossier, kind="meeting", obj=meeting)


def _follows(made) -> None:
    """The demo member of Noord and the central member follow a few dossiers; Noord's member
    gets the e-mail every day."""
    from django.contrib.auth import get_user_model

    from councils.demo.data import DOMAIN

    users = {
        u.email.split("@")[0]: u
        for u in get_user_model().objects.filter(
            email__in=[f"lid@{DOMAIN}", f"centraal@{DOMAIN}", f"voorzitter@{DOMAIN}"]
        )
    }
    dossiers = [d for d, _days in made]
    for local, picks in (("lid", (0, 1, 4)), ("centraal", (1, 7)), ("voorzitter", (0, 1))):
        user = users.get(local)
        if user is None:
            continue
        for index in picks:
            if index < len(dossiers):
                services.dossier_follow(user=user, dossier=dossiers[index])
    if "lid" in users:
        DigestPreference.objects.update_or_create(
            user=users["lid"], defaults={"frequency": DigestPreference.Frequency.DAILY}
        )
