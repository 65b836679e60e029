from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from accounts.models import Invitation, User
from accounts.services import InvitationError, invitation_accept, invitation_create
from common.models import AuditEntry, OutboxMessage
from councils.models import Membership
from councils.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def invite(roles, email="nieuw@raadsplein.example", role="member"):
    return invitation_create(
        inviter=roles["secretary"], council=roles.council, email=email, role=role
    )


def test_secretary_invites_by_email_and_the_mail_arrives_over_smtp(
    roles, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation, token = invite(roles)
    [mail] = smtp_server.to("nieuw@raadsplein.example")
    assert roles.council.name in mail["subject"]
    assert f"/uitnodiging/{token}/" in mail["text"]
    assert OutboxMessage.objects.get().status == OutboxMessage.Status.SENT
    # Only a hash of the token is stored.
    assert token not in invitation.token_hash
    assert AuditEntry.objects.filter(action="invitation.create", personal_data=True).exists()


def test_accepting_creates_the_account_and_the_membership(roles):
    _, token = invite(roles, role="secretary")
    user = invitation_accept(
        token=token, first_name="Nina", last_name="Nieuw", password="een-lang-wachtwoord"
    )
    assert user.check_password("een-lang-wachtwoord")
    membership = Membership.objects.get(user=user)
    assert (membership.council, membership.role) == (roles.council, "secretary")
    assert Invitation.objects.get().accepted_by == user


def test_an_invitation_works_once(roles):
    _, token = invite(roles)
    invitation_accept(token=token, first_name="A", last_name="B", password="een-lang-wachtwoord")
    with pytest.raises(InvitationError, match="al gebruikt"):
        invitation_accept(token=token, first_name="A", last_name="B", password="x" * 12)


def test_an_expired_invitation_is_refused(roles):
    invitation, token = invite(roles)
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    with pytest.raises(InvitationError, match="verlopen"):
        invitation_accept(token=token, first_name="A", last_name="B", password="x" * 12)
    assert not User.objects.filter(email="nieuw@raadsplein.example").exists()


def test_a_new_invitation_replaces_the_open_one(roles):
    _, first = invite(roles)
    _, second = invite(roles)
    with pytest.raises(InvitationError, match="bestaat niet"):
        invitation_accept(token=first, first_name="A", last_name="B", password="x" * 12)
    invitation_accept(token=second, first_name="A", last_name="B", password="x" * 12)


def test_an_existing_member_cannot_be_invited_again(roles):
    with pytest.raises(InvitationError, match="al lid"):
        invite(roles, email=roles["member"].email.upper())


def test_a_logged_in_person_accepts_only_their_own_invitation(roles):
    _, token = invite(roles, email=roles["member_other"].email)
    with pytest.raises(InvitationError, match="ander e-mailadres"):
        invitation_accept(token=token, user=roles["member"])
    invitation_accept(token=token, user=roles["member_other"])
    assert Membership.objects.filter(user=roles["member_other"], council=roles.council).exists()


def test_accept_view_keeps_what_was_typed_on_a_bad_password(roles, client):
    _, token = invite(roles)
    response = client.post(
        f"/uitnodiging/{token}/",
        {"first_name": "Nina", "last_name": "Nieuw", "password1": "kort", "password2": "kort"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="Nina"' in html and 'value="Nieuw"' in html
    assert not User.objects.filter(email="nieuw@raadsplein.example").exists()


def test_accept_view_logs_the_new_member_in(roles, client):
    _, token = invite(roles)
    response = client.post(
        f"/uitnodiging/{token}/",
        {
            "first_name": "Nina",
            "last_name": "Nieuw",
            "password1": "een-lang-wachtwoord",
            "password2": "een-lang-wachtwoord",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/mijn/"
    assert client.get("/mijn/").status_code == 200


def test_secretary_invite_form_shows_errors_and_keeps_input(roles, client):
    client.force_login(roles["secretary"])
    response = client.post("/mijn/raad/noord/", {"email": "geen-adres", "role": "member"})
    assert response.status_code == 400
    assert 'value="geen-adres"' in response.content.decode()
    assert not Invitation.objects.exists()


def test_member_list_shows_addresses_only_to_the_secretary_and_audits_it(roles, client):
    other = MembershipFactory(council=roles.council).user
    client.force_login(roles["member"])
    assert other.email not in client.get("/mijn/raad/noord/").content.decode()
    assert not AuditEntry.objects.filter(action="council.members.view_contacts").exists()
    client.force_login(roles["secretary"])
    assert other.email in client.get("/mijn/raad/noord/").content.decode()
    entry = AuditEntry.objects.get(action="council.members.view_contacts")
    assert entry.actor == roles["secretary"] and entry.personal_data


def test_old_invitations_are_deleted_open_ones_stay(roles, settings):
    from accounts.tasks import invitations_purge

    settings.RETENTION = {**settings.RETENTION, "invitation": 3}
    old, _ = invite(roles, email="oud@raadsplein.example")
    fresh, _ = invite(roles, email="nieuw2@raadsplein.example")
    Invitation.objects.filter(pk=old.pk).update(
        expires_at=timezone.now() - datetime.timedelta(days=100)
    )
    assert invitations_purge.call_local() == 1
    assert list(Invitation.objects.all()) == [fresh]
