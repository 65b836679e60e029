"""A member's own entry in the member directory (issue 15): topics to be asked about and which
contact ways other members see; both off until chosen, every change in the audit log."""

from __future__ import annotations

import re

import pytest

from accounts.models import MemberTopic
from common.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_member_chooses_topics_and_shows_contact_and_the_change_is_logged(client, roles):
    member = roles["member"]
    client.force_login(member)
    page = client.get("/mijn/profiel/").content.decode()
    assert 'name="show_email"' in page and "checked" not in page  # off until ticked
    response = client.post(
        "/mijn/profiel/",
        {
            "regelingen": ["regeling:WIA"],
            "onderwerpen": ["onderwerp:brieven", "onderwerp:betaling"],
            "show_email": "on",
            "show_phone": "on",
            "phone": "06 12345678",
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.directory_show_email and member.directory_phone == "06 12345678"
    assert member.directory_consent_at is not None
    assert sorted(MemberTopic.objects.filter(user=member).values_list("code", flat=True)) == [
        "onderwerp:betaling",
        "onderwerp:brieven",
        "regeling:WIA",
    ]
    entry = AuditEntry.objects.get(action="user.directory_profile.change")
    assert entry.actor == member and entry.personal_data
    assert set(entry.details["changed"]) == {"directory_show_email", "directory_phone", "topics"}
    assert "06 12345678" not in str(entry.details)  # the number itself is not logged

    # Unticking the phone removes the number (kept only while shown); one topic less.
    response = client.post(
        "/mijn/profiel/",
        {"onderwerpen": ["onderwerp:brieven"], "show_email": "on", "phone": "06 12345678"},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.directory_phone == "" and member.directory_show_email
    assert list(MemberTopic.objects.filter(user=member).values_list("code", flat=True)) == [
        "onderwerp:brieven"
    ]
    assert AuditEntry.objects.filter(action="user.directory_profile.change").count() == 2


def test_saving_without_changes_writes_no_audit_entry(client, roles):
    client.force_login(roles["member"])
    assert client.post("/mijn/profiel/", {}).status_code == 302
    assert not AuditEntry.objects.filter(action="user.directory_profile.change").exists()


def test_errors_are_in_the_summary_linked_to_their_fields(client, roles):
    client.force_login(roles["member"])
    response = client.post(
        "/mijn/profiel/",
        {
            "onderwerpen": ["onderwerp:brieven", "onderwerp:betaling", "onderwerp:beoordeling"]
            + ["onderwerp:bereikbaarheid"],
            "show_phone": "on",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    summary = re.search(r'<div class="error-summary".*?</div>', page, re.S).group(0)
    assert 'href="#id_onderwerpen_0"' in summary and "hoogstens 3 onderwerpen" in summary
    assert 'href="#id_phone"' in summary and "Vul uw telefoonnummer in" in summary
    assert 'id="id_onderwerpen_0"' in page and 'id="id_phone"' in page
    assert not MemberTopic.objects.exists()


def test_a_phone_number_must_look_like_one(client, roles):
    client.force_login(roles["member"])
    response = client.post("/mijn/profiel/", {"show_phone": "on", "phone": "bel me maar"})
    assert response.status_code == 400
    assert "alleen cijfers" in response.content.decode()


def test_what_a_former_member_shared_is_forgotten_by_the_nightly_task(roles):
    from accounts.tasks import member_directory_leavers_purge
    from councils.tests.factories import WorkingGroupMembershipFactory

    former, sitting, in_group = roles["ex_member"], roles["member"], roles["editor"]
    for user in (former, sitting, in_group):
        user.directory_show_email = True
        user.directory_phone = "06 12345678"
        user.save(update_fields=["directory_show_email", "directory_phone"])
        MemberTopic.objects.create(user=user, code="onderwerp:brieven")
    WorkingGroupMembershipFactory(user=in_group)

    assert member_directory_leavers_purge.call_local() == 1
    former.refresh_from_db()
    assert (former.directory_show_email, former.directory_phone) == (False, "")
    assert not MemberTopic.objects.filter(user=former).exists()
    assert MemberTopic.objects.filter(user__in=[sitting, in_group]).count() == 2
    sitting.refresh_from_db()
    assert sitting.directory_phone == "06 12345678"
    assert AuditEntry.objects.get(action="user.directory_profile.forget").object_id == str(
        former.pk
    )
    assert member_directory_leavers_purge.call_local() == 0  # nothing left to forget
