"""An editor drafts, another approves: the handbook's moderation workflow with Wagtail's own
APIs and admin screens."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from wagtail.models import TaskState, Workflow, WorkflowPage

from handbook.models import HandbookChapter, SecondEditorApprovalTask
from handbook.services import WORKFLOW_NAME, handbook_workflow_ensure
from handbook.tests.factories import section

pytestmark = pytest.mark.django_db


def _draft(chapter, user, title="Nieuwe kop"):
    """``user`` edits the chapter (a draft revision) and submits it to the workflow."""
    page = HandbookChapter.objects.get(pk=chapter.pk)
    page.body = [section(title, "Nieuwe tekst.")]
    revision = page.save_revision(user=user)
    workflow = page.get_workflow()
    workflow.start(page, user)
    return page, revision


def _task_state(page):
    return TaskState.objects.get(
        workflow_state__object_id=str(page.pk), status=TaskState.STATUS_IN_PROGRESS
    ).specific


def test_the_handbook_has_the_workflow_with_the_second_editor_task(handbook):
    index = handbook["index"]
    workflow = index.get_workflow()
    assert workflow.name == WORKFLOW_NAME
    tasks = [t.specific for t in workflow.tasks.all()]
    assert len(tasks) == 1 and isinstance(tasks[0], SecondEditorApprovalTask)
    assert set(tasks[0].groups.values_list("name", flat=True)) == {"Redacteuren", "Beheerders"}
    chapter = HandbookChapter.objects.child_of(index).first()
    assert chapter.get_workflow() == workflow  # chapters inherit it from the handbook
    # Idempotent: a second run (post_migrate, loader) adds nothing.
    handbook_workflow_ensure()
    assert Workflow.objects.filter(name=WORKFLOW_NAME).count() == 1
    assert SecondEditorApprovalTask.objects.count() == 1


def test_an_assignment_an_administrator_changed_is_kept(handbook):
    index = handbook["index"]
    other = Workflow.objects.create(name="Anders")
    WorkflowPage.objects.filter(page=index).update(workflow=other)
    handbook_workflow_ensure(index)
    assert WorkflowPage.objects.get(page=index).workflow == other


def test_the_submitter_cannot_approve_and_a_second_editor_publishes(handbook, editors):
    a, b = editors["a"], editors["b"]
    chapter = HandbookChapter.objects.child_of(handbook["index"]).first()
    live_before = chapter.live_revision_id
    page, revision = _draft(chapter, a)
    state = _task_state(page)
    task = state.task.specific

    assert task.get_actions(page, a) == []
    with pytest.raises(PermissionDenied):
        task.on_action(state, a, "approve")
    assert not task.get_task_states_user_can_moderate(a).exists()
    page.refresh_from_db()
    assert page.live_revision_id == live_before

    assert "approve" in [name for name, *_ in task.get_actions(page, b)]
    assert task.get_task_states_user_can_moderate(b).filter(pk=state.pk).exists()
    task.on_action(state, b, "approve")

    page.refresh_from_db()
    assert page.live_revision_id == revision.pk
    assert page.body[0].value["title"] == "Nieuwe kop"
    assert page.current_workflow_state is None


def test_who_made_the_latest_revision_cannot_approve_either(handbook, editors):
    a, b, admin = editors["a"], editors["b"], editors["admin"]
    chapter = HandbookChapter.objects.child_of(handbook["index"]).first()
    page, _ = _draft(chapter, a)
    page.title = "Door B bijgewerkt"
    page.save_revision(user=b)  # B edits while it waits: now B wrote the latest version
    task = _task_state(page).task.specific
    assert task.get_actions(page, a) == [] and task.get_actions(page, b) == []
    assert task.get_actions(page, admin)  # a third person (an administrator) may


def test_editors_cannot_publish_handbook_pages_directly(handbook, editors, client):
    a = editors["a"]
    chapter = HandbookChapter.objects.child_of(handbook["index"]).first()
    assert not chapter.permissions_for_user(a).can_publish()
    assert chapter.permissions_for_user(a).can_edit()
    assert not handbook["index"].permissions_for_user(a).can_publish_subpage()
    # ... while other pages keep their usual rules.
    assert handbook["index"].get_parent().permissions_for_user(a).can_publish()

    client.force_login(a)
    edit_url = f"/beheer/pages/{chapter.pk}/edit/"
    page = client.get(edit_url)
    assert page.status_code == 200
    assert b'name="action-publish"' not in page.content
    assert b'name="action-submit"' in page.content

    response = client.post(
        edit_url,
        {
            "title": "Stiekem gepubliceerd",
            "slug": chapter.slug,
            "intro": chapter.intro,
            "body-count": "0",
            "comments-TOTAL_FORMS": "0",
            "comments-INITIAL_FORMS": "0",
            "comments-MIN_NUM_FORMS": "0",
            "comments-MAX_NUM_FORMS": "1000",
            "action-publish": "action-publish",
        },
    )
    assert response.status_code in (200, 302)
    chapter.refresh_from_db()
    assert chapter.title != "Stiekem gepubliceerd"  # live content unchanged


def test_editors_can_add_a_chapter_in_the_admin(handbook, editors, client):
    client.force_login(editors["a"])
    response = client.get(f"/beheer/pages/add/handbook/handbookchapter/{handbook['index'].pk}/")
    assert response.status_code == 200


def test_approval_through_the_admin_screens(handbook, editors, client):
    a, b = editors["a"], editors["b"]
    chapter = HandbookChapter.objects.child_of(handbook["index"]).first()
    page, revision = _draft(chapter, a)
    state = _task_state(page)
    url = f"/beheer/pages/workflow/action/{page.pk}/approve/{state.pk}/"

    client.force_login(a)
    refused = client.post(url, {})
    # Wagtail answers a refusal in its admin with a redirect to the admin's home.
    assert refused.status_code == 403 or refused["Location"] == "/beheer/"
    page.refresh_from_db()
    assert page.live_revision_id != revision.pk

    client.force_login(b)
    response = client.post(url, {})
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    assert page.live_revision_id == revision.pk
