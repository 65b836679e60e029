"""The demo questionnaires and date poll load once, the same every time, and give the results
pages something real: the yearly inventory with about 60 anonymous responses over the councils,
an open questionnaire the demo member has not answered, a named closed one and a date poll."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from ..audience import is_in_audience, open_surveys_for
from ..models import (
    MIN_GROUP,
    Answer,
    DatePoll,
    Participation,
    QuestionKind,
    Response,
    Survey,
)
from ..results import response_rate, survey_results

pytestmark = pytest.mark.django_db


def test_the_demo_loads_once_with_real_figures(client, django_capture_on_commit_callbacks):
    from accounts.models import User
    from councils.demo import load as load_councils
    from surveys.demo import load

    load_councils()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        first = load()
        again = load()
    # No mail or task: the only work after commit is the public pages' cache going stale.
    from common.pagecache_hooks import PendingBump

    assert [c for c in callbacks if not isinstance(c, PendingBump)] == []
    assert first["surveys"] == again["surveys"] == 3
    assert first["polls"] == again["polls"] == 1
    assert first["responses"] == again["responses"]
    assert again["new_responses"] == again["new_votes"] == 0
    keys = set(Response.objects.values_list("pk", flat=True))

    inventory = Survey.objects.get(title__startswith="Inventarisatie behoeften")
    assert inventory.working_group.name == "Samenwerking & Contact"
    assert inventory.anonymous and inventory.is_closed() and inventory.results_for == "members"
    assert inventory.sections.count() == 3
    assert set(inventory.questions.values_list("kind", flat=True)) == set(QuestionKind.values)
    assert inventory.questions.filter(has_other=True).exists()
    assert inventory.questions.filter(show_if_option__isnull=False).exists()
    responses = inventory.responses.all()
    assert responses.count() == 60
    assert not responses.filter(user__isnull=False).exists()
    assert not responses.filter(submitted_at__isnull=False).exists()
    assert responses.values("council").distinct().count() >= 10
    assert inventory.participations.filter(finished=True).count() == 60
    results = survey_results(inventory)
    for row in results.questions:
        assert row.answered, row.question.text
    assert any(r.other_count for r in results.questions)
    assert response_rate(inventory)["finished"] == 60
    # a council with at least MIN_GROUP responses can be shown apart
    council_id = responses.values_list("council", flat=True).order_by("council").distinct().first()
    assert not survey_results(inventory, council_id=council_id).suppressed or (
        responses.filter(council_id=council_id).count() < MIN_GROUP
    )
    tagged = Answer.objects.filter(question__survey=inventory, themes__isnull=False).distinct()
    assert tagged.count() >= 5
    assert (
        Answer.objects.filter(question__survey=inventory).exclude(text="").count() > tagged.count()
    )

    # The results page shows charts from it, to the asker and (closed, results for members) to
    # the demo member.
    member = User.objects.get(email="lid@raadsplein.example")
    for email in ("centraal@raadsplein.example", member.email):
        client.force_login(User.objects.get(email=email))
        page = client.get(reverse("surveys:results", args=[inventory.pk]))
        assert page.status_code == 200, email
        assert page.content.decode().count("<svg") >= 5
    [open_one] = open_surveys_for(member.pk)
    assert is_in_audience(open_one, member.pk)
    assert not Participation.objects.filter(survey=open_one, user=member).exists()
    assert open_one.announced_at is not None  # no mail from the demo

    named = Survey.objects.get(anonymous=False)
    assert named.closes_at < timezone.now()
    assert named.responses.filter(user__isnull=False, submitted_at__isnull=False).count() >= 3

    poll = DatePoll.objects.get()
    assert poll.council.slug == "noord" and poll.created_by.email == "secretaris@raadsplein.example"
    assert poll.invited_councils.count() == 2
    assert poll.options.count() == 3
    assert poll.invitees.filter(pk=member.pk).exists()
    assert 0 < poll.options.first().votes.count() < poll.invitees.count()
    client.force_login(member)
    assert client.get(reverse("surveys:poll", args=[poll.pk])).status_code == 200

    # the same keys after loading again: nothing was made twice
    load()
    assert set(Response.objects.values_list("pk", flat=True)) == keys
