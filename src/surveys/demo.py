"""Demo questionnaires and a date poll, fictional. Written with the models directly
(bulk_create), the same every time (a fixed random seed and answer keys drawn from it), and
idempotent: each item is made only when its title is not there yet. No e-mail is sent: the
open questionnaire counts as announced.

- The working group Samenwerking & Contact's yearly needs inventory: anonymous, closed three
  weeks ago, results for members, three sections with every kind of question (also "rank
  these", a scale, "anders, namelijk" and a question shown only after "Ja"), 60 responses
  spread over the councils, open answers partly tagged with themes.
- An open questionnaire of the council Noord, for the demo member (not yet answered).
- A named questionnaire of the working group Promotie, closed.
- A date poll for an introduction session, organised by Noord's secretary for Noord and Oost.
"""

from __future__ import annotations

import datetime
import random
import uuid
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from councils.models import Council, Membership, WorkingGroup, WorkingGroupMembership

from .models import (
    Answer,
    DatePoll,
    DatePollOption,
    DatePollVote,
    Option,
    Participation,
    Question,
    QuestionKind,
    Response,
    Section,
    Survey,
    Theme,
)

User = get_user_model()
AMS = ZoneInfo("Europe/Amsterdam")
SEED = 16
RESPONSES = 60
DOMAIN = "raadsplein.example"

S, M, SC, N, ST, LT, R = (
    QuestionKind.SINGLE,
    QuestionKind.MULTIPLE,
    QuestionKind.SCALE,
    QuestionKind.NUMBER,
    QuestionKind.SHORT_TEXT,
    QuestionKind.LONG_TEXT,
    QuestionKind.RANK,
)

INVENTORY_INTRO = (
    "Elk jaar vragen wij alle leden van de cliëntenraden wat zij nodig hebben. Met uw antwoorden "
    "maken wij het plan van aanpak voor volgend jaar. Het invullen duurt ongeveer tien minuten. "
    "De vragenlijst is anoniem: niemand kan zien wat u heeft geantwoord."
)

# (heading, [(key, kind, text, options, extra)]); extra: required, has_other, labels, show_if.
INVENTORY = [
    (
        "Samenwerken met andere raden",
        [
            (
                "contact",
                S,
                "Hoe vaak heeft uw raad contact met andere districtsraden?",
                ["Elke maand", "Een paar keer per jaar", "Eén keer per jaar", "Bijna nooit"],
                {"required": True},
            ),
            (
                "ways",
                M,
                "Hoe werkt u nu al samen met andere raden? Kies wat past.",
                [
                    "Wij overleggen samen",
                    "Wij delen signalen",
                    "Wij schrijven samen een advies",
                    "Wij lezen elkaars verslagen",
                    "Wij werken nog niet samen",
                ],
                {"has_other": True},
            ),
            (
                "satisfied",
                SC,
                "Hoe tevreden bent u over de samenwerking tussen de raden?",
                [],
                {
                    "required": True,
                    "scale_min_label": "Heel ontevreden",
                    "scale_max_label": "Heel tevreden",
                },
            ),
        ],
    ),
    (
        "Wat heeft u nodig?",
        [
            (
                "rank",
                R,
                "Zet deze onderwerpen in volgorde. Wat is voor u het belangrijkst?",
                [
                    "Contact met UWV in de regio",
                    "Signalen delen tussen raden",
                    "Inwerken van nieuwe leden",
                    "Training en cursussen",
                    "Landelijke bijeenkomsten",
                ],
                {},
            ),
            (
                "form",
                S,
                "Hoe overlegt u het liefst met andere raden?",
                ["Op een vaste plek", "Online", "Afwisselend"],
                {"has_other": True},
            ),
            (
                "buddy",
                S,
                "Wilt u een maatje uit een ander district?",
                ["Ja", "Nee", "Weet ik niet"],
                {"required": True},
            ),
            (
                "buddy_help",
                ST,
                "Waarmee kan een maatje u helpen?",
                [],
                {"show_if": ("buddy", "Ja")},
            ),
        ],
    ),
    (
        "Over u",
        [
            (
                "hours",
                N,
                "Hoeveel uur per maand besteedt u ongeveer aan de raad?",
                [],
                {"number_min": 0, "number_max": 80},
            ),
            (
                "remarks",
                LT,
                "Wat wilt u de werkgroep nog meegeven?",
                [],
                {"help_text": "Schrijf geen namen of telefoonnummers van anderen op."},
            ),
        ],
    ),
]

# How often each option is picked (the same order as the options).
WEIGHTS = {
    "contact": [2, 6, 3, 2],
    "ways": [6, 4, 2, 5],  # the fifth, "not yet", when none of these
    "satisfied": [1, 3, 6, 5, 2],
    "form": [5, 3, 6],
    "buddy": [5, 4, 2],
    # a lower number is a higher place on average
    "rank": [1.0, 2.0, 2.4, 3.4, 4.2],
}
HOURS = [4, 6, 8, 8, 10, 12, 12, 16, 16, 20, 24, 30]
WAYS_OTHER = [
    "Wij gaan samen naar het klantpanel",
    "Een app-groep met de secretarissen",
    "Samen naar de landelijke dag",
]
FORM_OTHER = ["Hangt af van de reistijd", "Liefst 's middags online", "Op een UWV-kantoor"]
BUDDY_HELP = [
    "Hoe ik een signaal goed opschrijf",
    "Iemand om mee te bellen voor een vergadering",
    "Uitleg over de regels van de WIA",
    "Samen een advies lezen voordat het weggaat",
    "Hoe het overleg met de districtsmanager gaat",
    "Wegwijs worden op Raadsplein",
    "Tips om mijn werk en de raad te combineren",
    "Hoe andere raden hun agenda maken",
]
THEMES = ["Contact met UWV", "Inwerken en training", "Samenwerken tussen raden", "Tijd en werkdruk"]
# Open answers to the last question, with the themes the working group tagged them with.
REMARKS = [
    ("Wij horen te weinig terug van UWV over onze signalen.", ["Contact met UWV"]),
    ("Nieuwe leden hebben een vast inwerkprogramma nodig.", ["Inwerken en training"]),
    ("Graag twee keer per jaar een overleg met de buurdistricten.", ["Samenwerken tussen raden"]),
    ("Het is veel leeswerk naast mijn baan.", ["Tijd en werkdruk"]),
    ("Een training over adviezen schrijven zou helpen.", ["Inwerken en training"]),
    (
        "De contactpersoon van UWV wisselt vaak, dan begin je steeds opnieuw.",
        ["Contact met UWV"],
    ),
    (
        "Laat de raden elkaars signalen zien, dan hoeven wij niet alles dubbel te doen.",
        ["Samenwerken tussen raden"],
    ),
    ("Vergaderingen liever online, de reistijd is lang.", ["Tijd en werkdruk"]),
    (
        "Bel mij gerust over het maatjesplan: 06-12345678.",
        ["Inwerken en training", "Samenwerken tussen raden"],
    ),
    ("Meer uitleg over wat de Centrale Cliëntenraad doet.", []),
    ("De landelijke dag was heel goed, graag vaker.", ["Samenwerken tussen raden"]),
    ("Ik mis een overzicht van wat er met onze adviezen is gebeurd.", ["Contact met UWV"]),
    ("Stukken komen vaak te laat, ik heb te weinig tijd om ze te lezen.", ["Tijd en werkdruk"]),
    ("Fijn dat jullie dit vragen.", []),
    ("Een cursus over de Participatiewet en de WW samen.", []),
    ("Meer contact met cliëntenorganisaties in de regio.", []),
    ("Een vaste agenda voor het regio-overleg met UWV.", ["Contact met UWV"]),
    ("Soms weet ik niet bij wie ik terecht kan in een andere raad.", []),
]


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def questions_build(survey: Survey, sections: list) -> dict:
    """Sections, questions and options of a questionnaire; {key: (question, [options])}."""
    made: dict = {}
    position = 0
    for section_position, (heading, questions) in enumerate(sections):
        section = Section.objects.create(survey=survey, position=section_position, heading=heading)
        for key, kind, text, labels, extra in questions:
            extra = dict(extra)
            show_if = extra.pop("show_if", None)
            question = Question.objects.create(
                survey=survey,
                section=section,
                position=position,
                kind=kind,
                text=text,
                show_if_option=(
                    next(o for o in made[show_if[0]][1] if o.label == show_if[1])
                    if show_if
                    else None
                ),
                **extra,
            )
            position += 1
            options = Option.objects.bulk_create(
                Option(question=question, position=i, label=label) for i, label in enumerate(labels)
            )
            made[key] = (question, list(question.options.order_by("position")) if options else [])
    return made


def _respondents(memberships, count: int, rng: random.Random) -> list[Membership]:
    """One membership per person (the first council by name, as the answer page takes it)."""
    seen, people = set(), []
    for membership in memberships.select_related("council").order_by("council__name", "user_id"):
        if membership.user_id not in seen:
            seen.add(membership.user_id)
            people.append(membership)
    rng.shuffle(people)
    return sorted(people[:count], key=lambda m: (m.council.name, m.user_id))


def inventory_answers(
    q: dict, response: Response, index: int, rng: random.Random, remark: str = ""
) -> list[Answer]:
    """The answers of one response to the inventory's questions (``q`` from
    ``questions_build``): plausible choices with fixed weights, now and then "anders, namelijk",
    a ranking, a text after "Ja", and ``remark`` as the last open answer. Also used by
    bench/surveys_bench.py for 5,000 responses."""
    answers: list[Answer] = []
    add = answers.append

    def pick(key: str) -> Option:
        _question, options = q[key]
        return rng.choices(options, weights=WEIGHTS[key])[0]

    add(Answer(response=response, question=q["contact"][0], option=pick("contact")))
    ways, options = q["ways"]
    chosen = [o for o, w in zip(options[:4], WEIGHTS["ways"], strict=True) if rng.random() < w / 8]
    for option in chosen or [options[4]]:
        add(Answer(response=response, question=ways, option=option))
    if index % 11 == 3:
        add(
            Answer(
                response=response,
                question=ways,
                is_other=True,
                text=WAYS_OTHER[index % len(WAYS_OTHER)],
            )
        )
    point = rng.choices([1, 2, 3, 4, 5], weights=WEIGHTS["satisfied"])[0]
    add(Answer(response=response, question=q["satisfied"][0], number=point))
    if index % 6 != 5:  # not everyone ranks
        rank, options = q["rank"]
        order = sorted(options, key=lambda o: WEIGHTS["rank"][o.position] + rng.uniform(0, 2.5))
        for place, option in enumerate(order, start=1):
            add(Answer(response=response, question=rank, option=option, rank=place))
    if index % 13 == 7:
        add(
            Answer(
                response=response,
                question=q["form"][0],
                is_other=True,
                text=FORM_OTHER[index % len(FORM_OTHER)],
            )
        )
    else:
        add(Answer(response=response, question=q["form"][0], option=pick("form")))
    buddy = pick("buddy")
    add(Answer(response=response, question=q["buddy"][0], option=buddy))
    if buddy.label == "Ja" and rng.random() < 0.7:
        add(
            Answer(
                response=response,
                question=q["buddy_help"][0],
                text=BUDDY_HELP[index % len(BUDDY_HELP)],
            )
        )
    if rng.random() < 0.9:
        add(Answer(response=response, question=q["hours"][0], number=rng.choice(HOURS)))
    if remark:
        add(Answer(response=response, question=q["remarks"][0], text=remark))
    return answers


def _inventory(group: WorkingGroup, creator, now, rng: random.Random) -> int:
    opens = now - datetime.timedelta(weeks=7)
    closes = now - datetime.timedelta(weeks=3)
    survey = Survey.objects.create(
        title=f"Inventarisatie behoeften {closes.year}",
        intro=INVENTORY_INTRO,
        working_group=group,
        anonymous=True,
        audience=Survey.Audience.ALL,
        opens_at=opens,
        closes_at=closes,
        published_at=opens - datetime.timedelta(days=2),
        announced_at=opens,
        reminded_at=closes - datetime.timedelta(days=3),
        results_for=Survey.ResultsFor.MEMBERS,
        created_by=creator,
    )
    q = questions_build(survey, INVENTORY)
    themes = {name: Theme.objects.create(survey=survey, name=name) for name in THEMES}
    from .audience import audience_memberships

    people = _respondents(audience_memberships(survey), RESPONSES, rng)
    Participation.objects.bulk_create(
        Participation(survey=survey, user_id=m.user_id, council_id=m.council_id, finished=True)
        for m in people
    )
    responses = [
        Response(id=_uuid(rng), survey=survey, council_id=m.council_id, role=m.role) for m in people
    ]
    Response.objects.bulk_create(responses)
    remarks = rng.sample(REMARKS, len(REMARKS))
    answers: list[Answer] = []
    tags: list[tuple[str, list[str]]] = []  # (text, themes)
    for index, response in enumerate(responses):
        remark = remarks.pop() if remarks and rng.random() < 0.45 else None
        answers += inventory_answers(q, response, index, rng, remark[0] if remark else "")
        if remark:
            tags.append(remark)
    Answer.objects.bulk_create(answers)
    by_text = dict(
        Answer.objects.filter(question__survey=survey).exclude(text="").values_list("text", "pk")
    )
    Answer.themes.through.objects.bulk_create(
        Answer.themes.through(answer_id=by_text[text], theme_id=themes[name].pk)
        for text, names in tags
        for name in names
    )
    return len(responses)


def _open_for_member(council: Council, creator, now, rng: random.Random) -> int:
    """Open for two more weeks, for Noord's members; two of them have answered, the demo
    member not yet."""
    survey = Survey.objects.create(
        title="Hoe gaan onze vergaderingen?",
        intro=(
            "Wij willen onze vergaderingen beter maken. Wilt u vijf korte vragen beantwoorden? "
            "U kunt stoppen en later verder gaan. De vragenlijst is anoniem."
        ),
        council=council,
        anonymous=True,
        audience=Survey.Audience.COUNCILS,
        opens_at=now - datetime.timedelta(days=3),
        closes_at=now + datetime.timedelta(days=11),
        published_at=now - datetime.timedelta(days=4),
        announced_at=now - datetime.timedelta(days=3),
        created_by=creator,
    )
    survey.audience_councils.set([council])
    q = questions_build(
        survey,
        [
            (
                "Onze vergaderingen",
                [
                    (
                        "satisfied",
                        SC,
                        "Hoe tevreden bent u over onze vergaderingen?",
                        [],
                        {
                            "required": True,
                            "scale_min_label": "Heel ontevreden",
                            "scale_max_label": "Heel tevreden",
                        },
                    ),
                    (
                        "when",
                        S,
                        "Wanneer vergadert u het liefst?",
                        ["Op een ochtend", "Op een middag", "Op een avond"],
                        {"required": True},
                    ),
                    (
                        "better",
                        M,
                        "Wat kan beter? Kies wat past.",
                        [
                            "De stukken eerder krijgen",
                            "Kortere vergaderingen",
                            "Meer tijd voor signalen",
                            "Vaker online",
                        ],
                        {"has_other": True},
                    ),
                    (
                        "stukken",
                        N,
                        "Hoeveel dagen vóór de vergadering wilt u de stukken hebben?",
                        [],
                        {"number_min": 1, "number_max": 30},
                    ),
                    ("idea", LT, "Heeft u een idee voor onze vergaderingen?", [], {}),
                ],
            )
        ],
    )
    demo_member = f"lid@{DOMAIN}"
    people = list(
        Membership.objects.active()
        .filter(council=council)
        .exclude(user__email=demo_member)
        .order_by("user_id")[:2]
    )
    Participation.objects.bulk_create(
        Participation(survey=survey, user_id=m.user_id, council_id=council.pk, finished=True)
        for m in people
    )
    for point, when, m in zip([4, 3], ["Op een middag", "Op een ochtend"], people, strict=False):
        response = Response.objects.create(
            id=_uuid(rng), survey=survey, council=council, role=m.role
        )
        Answer.objects.bulk_create(
            [
                Answer(response=response, question=q["satisfied"][0], number=point),
                Answer(
                    response=response,
                    question=q["when"][0],
                    option=next(o for o in q["when"][1] if o.label == when),
                ),
                Answer(response=response, question=q["better"][0], option=q["better"][1][0]),
                Answer(response=response, question=q["stukken"][0], number=7),
            ]
        )
    return len(people)


def _named(group: WorkingGroup, creator, now, rng: random.Random) -> int:
    """A named questionnaire of the working group Promotie, closed two weeks ago."""
    closes = now - datetime.timedelta(weeks=2)
    survey = Survey.objects.create(
        title="Wie helpt mee op de open dag?",
        intro="Op de open dag van UWV staan wij met een kraam. Wie kan helpen? "
        "Deze vragenlijst is niet anoniem: wij zien wie wat heeft geantwoord.",
        working_group=group,
        anonymous=False,
        audience=Survey.Audience.WORKING_GROUP,
        audience_working_group=group,
        opens_at=closes - datetime.timedelta(weeks=3),
        closes_at=closes,
        published_at=closes - datetime.timedelta(weeks=3),
        announced_at=closes - datetime.timedelta(weeks=3),
        reminded_at=closes - datetime.timedelta(days=3),
        created_by=creator,
    )
    q = questions_build(
        survey,
        [
            (
                "De open dag",
                [
                    (
                        "helps",
                        S,
                        "Kunt u helpen op de open dag?",
                        ["Ja", "Misschien", "Nee"],
                        {"required": True},
                    ),
                    (
                        "tasks",
                        M,
                        "Wat wilt u doen?",
                        ["Bij de kraam staan", "Folders uitdelen", "Foto's maken"],
                        {},
                    ),
                    ("note", ST, "Wilt u nog iets zeggen?", [], {}),
                ],
            )
        ],
    )
    from .audience import audience_memberships

    people = _respondents(audience_memberships(survey), 5, rng)
    notes = ["Ik kan alleen 's ochtends.", "", "Ik neem mijn eigen camera mee.", "", ""]
    for index, m in enumerate(people):
        Participation.objects.create(
            survey=survey, user_id=m.user_id, council_id=m.council_id, finished=True
        )
        response = Response.objects.create(
            id=_uuid(rng),
            survey=survey,
            user_id=m.user_id,
            council_id=m.council_id,
            role=m.role,
            submitted_at=closes - datetime.timedelta(days=10 - index),
        )
        helps = q["helps"][1][(0, 0, 1, 0, 2)[index % 5]]
        answers = [Answer(response=response, question=q["helps"][0], option=helps)]
        if helps.label != "Nee":
            tasks = q["tasks"][1]
            answers += [
                Answer(response=response, question=q["tasks"][0], option=tasks[(index + k) % 3])
                for k in range(1 + index % 2)
            ]
        if notes[index % len(notes)]:
            answers.append(
                Answer(response=response, question=q["note"][0], text=notes[index % len(notes)])
            )
        Answer.objects.bulk_create(answers)
    return len(people)


def _date_poll(organiser: Council, other: Council, secretary, now, rng: random.Random) -> int:
    poll = DatePoll.objects.create(
        title="Kennismakingssessie nieuwe leden Noord en Oost",
        description=(
            "Nieuwe leden van de raden Noord en Oost maken kennis met elkaar en met UWV. "
            "Wanneer kunt u? Kies bij elke datum: ja, als het moet, of nee."
        ),
        meeting_kind="introduction",
        location="Zwolle, UWV-kantoor",
        council=organiser,
        closes_at=now + datetime.timedelta(days=10),
        created_by=secretary,
    )
    poll.invited_councils.set([organiser, other])
    invitees = list(
        User.objects.filter(
            pk__in=Membership.objects.active()
            .filter(council__in=[organiser, other])
            .values("user_id")
        ).order_by("pk")
    )
    poll.invitees.set(invitees)
    day = timezone.localdate(now)
    options = []
    for weeks, hour in ((3, 14), (4, 10), (5, 14)):
        date = day + datetime.timedelta(weeks=weeks)
        date += datetime.timedelta(days=(1 - date.weekday()) % 7)  # a Tuesday
        starts = datetime.datetime(date.year, date.month, date.day, hour, 0, tzinfo=AMS)
        options.append(
            DatePollOption(
                poll=poll, starts_at=starts, ends_at=starts + datetime.timedelta(hours=2)
            )
        )
    DatePollOption.objects.bulk_create(options)
    options = list(poll.options.order_by("starts_at"))
    voters = [u for u in invitees if u.email != f"lid@{DOMAIN}"][:6]
    answers = DatePollVote.Answer
    votes = [
        DatePollVote(
            option=option,
            user=user,
            answer=rng.choices(
                [answers.YES, answers.MAYBE, answers.NO], weights=(5, 2, 2) if i != 1 else (2, 2, 5)
            )[0],
        )
        for user in voters
        for i, option in enumerate(options)
    ]
    DatePollVote.objects.bulk_create(votes)
    return len(votes)


@transaction.atomic
def load(stdout=None) -> dict:
    councils = {c.slug: c for c in Council.objects.filter(slug__in=["noord", "oost"])}
    groups = {g.slug: g for g in WorkingGroup.objects.all()}
    if len(councils) < 2 or not {"samenwerking-contact", "promotie"} <= set(groups):
        return {}
    rng = random.Random(SEED)  # noqa: S311 - demo data, not a secret
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    logins = {u.email.split("@")[0]: u for u in User.objects.filter(email__endswith="@" + DOMAIN)}

    def member_of(group):
        return (
            logins.get("centraal")
            or User.objects.filter(
                pk__in=WorkingGroupMembership.objects.filter(working_group=group).values("user_id")
            ).first()
        )

    made = {"responses": 0, "votes": 0}
    inventory = f"Inventarisatie behoeften {(now - datetime.timedelta(weeks=3)).year}"
    if not Survey.objects.filter(title=inventory).exists():
        group = groups["samenwerking-contact"]
        made["responses"] += _inventory(group, member_of(group), now, rng)
    if not Survey.objects.filter(title="Hoe gaan onze vergaderingen?").exists():
        made["responses"] += _open_for_member(councils["noord"], logins.get("secretaris"), now, rng)
    if not Survey.objects.filter(title="Wie helpt mee op de open dag?").exists():
        group = groups["promotie"]
        made["responses"] += _named(group, logins.get("lid") or member_of(group), now, rng)
    if not DatePoll.objects.filter(title="Kennismakingssessie nieuwe leden Noord en Oost").exists():
        made["votes"] += _date_poll(
            councils["noord"], councils["oost"], logins.get("secretaris"), now, rng
        )
    return {
        "surveys": Survey.objects.count(),
        "responses": Response.objects.count(),
        "polls": DatePoll.objects.count(),
        **{f"new_{k}": v for k, v in made.items()},
    }
