"""The anonymity proof (issue 16): after a member hands in an anonymous questionnaire through
the answer pages, no row in any table links the answers to the person.

The scan looks at every concrete model of every installed app (with the automatic many-to-many
tables): a row that refers to the Response or one of its Answers (a foreign key, or the
response's id as text in any text or JSON column, as an audit entry would) must not also refer
to the person (a foreign key to the user, the person's e-mail address as text, or a generic
reference to the user). A control test shows that the scan does find such a link."""

from __future__ import annotations

import json

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse

from common.audit import audit_log

from ..models import Answer, Participation, Response
from .answer_helpers import every_kind_survey, member_of_new_council, page_one, page_two

pytestmark = pytest.mark.django_db

TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField)


def _as_text(value) -> str:
    if isinstance(value, dict | list):
        return json.dumps(value, default=str)
    return "" if value is None else str(value)


def links_between(response: Response, user) -> list[str]:
    """Every row of every table that refers to both the response (or its answers) and the
    person: a description per row, empty when there is none."""
    User = get_user_model()
    answer_ids = set(Answer.objects.filter(response=response).values_list("pk", flat=True))
    response_texts = {str(response.pk), response.pk.hex}
    user_ct = ContentType.objects.get_for_model(User).pk
    found = []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed:
            continue
        fields = meta.concrete_fields
        response_fks = [f.attname for f in fields if f.is_relation and f.related_model is Response]
        answer_fks = [f.attname for f in fields if f.is_relation and f.related_model is Answer]
        user_fks = [f.attname for f in fields if f.is_relation and f.related_model is User]
        content_types = [
            f.attname for f in fields if f.is_relation and f.related_model is ContentType
        ]
        texts = [f.attname for f in fields if isinstance(f, TEXT_FIELDS) and not f.is_relation]
        for row in model._base_manager.values(*[f.attname for f in fields]):
            as_text = [_as_text(row[name]) for name in texts]
            to_response = (
                (model is Response and row["id"] == response.pk)
                or (model is Answer and row["id"] in answer_ids)
                or any(row[name] == response.pk for name in response_fks)
                or any(row[name] in answer_ids for name in answer_fks)
                or any(t in text for t in response_texts for text in as_text)
            )
            if not to_response:
                continue
            to_user = (
                any(row[name] == user.pk for name in user_fks)
                or any(user.email.lower() in text.lower() for text in as_text)
                or (
                    any(row[name] == user_ct for name in content_types)
                    and any(text == str(user.pk) for text in as_text)
                )
            )
            if to_user:
                found.append(f"{meta.label} {row}")
    return found


@pytest.fixture
def handed_in(client):
    """A member hands in the anonymous questionnaire through the pages, after stopping once."""
    s = every_kind_survey(anonymous=True)
    member = member_of_new_council()
    client.force_login(member)
    url = reverse("surveys:answer", args=[s.survey.pk])
    assert client.post(url, page_one(s, actie="opslaan")).status_code == 302
    assert client.post(url, page_one(s)).status_code == 302
    assert client.post(url, page_two(s)).status_code == 302
    return s, member, Response.objects.get(survey=s.survey)


def test_no_row_in_any_table_links_an_anonymous_answer_to_the_person(handed_in):
    s, member, response = handed_in
    assert response.user_id is None
    assert response.submitted_at is None
    assert response.answers.count() >= 8
    participation = Participation.objects.get(survey=s.survey, user=member)
    assert participation.finished and participation.draft == {}
    assert links_between(response, member) == []


def test_answers_and_responses_have_no_column_that_can_hold_the_person():
    User = get_user_model()
    answer_to_user = [
        f.name for f in Answer._meta.concrete_fields if f.is_relation and f.related_model is User
    ]
    assert answer_to_user == []
    # The response's only reference to a person is the one named questionnaires fill in; it
    # stays empty for anonymous ones (above), as does the only time.
    response_to_user = [
        f.name for f in Response._meta.concrete_fields if f.is_relation and f.related_model is User
    ]
    assert response_to_user == ["user"]
    times = [
        f.name
        for f in Response._meta.concrete_fields
        if isinstance(f, models.DateTimeField | models.DateField)
    ]
    assert times == ["submitted_at"]
    assert not any(
        isinstance(f, models.DateTimeField | models.DateField) for f in Answer._meta.concrete_fields
    )


def test_the_scan_finds_a_link_when_one_is_written(handed_in):
    """The control: an audit entry naming the person and the response is found, so an empty
    result above means something."""
    _s, member, response = handed_in
    audit_log(actor=member, action="survey.response_submit", obj=response)
    found = links_between(response, member)
    assert len(found) == 1 and found[0].startswith("common.AuditEntry")


def test_a_named_response_does_name_the_person(client):
    s = every_kind_survey(anonymous=False)
    member = member_of_new_council()
    client.force_login(member)
    url = reverse("surveys:answer", args=[s.survey.pk])
    client.post(url, page_one(s))
    client.post(url, page_two(s))
    response = Response.objects.get(survey=s.survey)
    assert response.user == member and response.submitted_at is not None
    assert links_between(response, member) == [f"surveys.Response {_row(response)}"]


def _row(response):
    fields = [f.attname for f in Response._meta.concrete_fields]
    return Response.objects.values(*fields).get(pk=response.pk)
