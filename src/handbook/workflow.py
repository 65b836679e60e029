"""Finishing a moderation workflow (``WAGTAIL_FINISH_WORKFLOW_ACTION``).

Handbook pages switch off direct publishing (``models.WorkflowPublishTester``), so the approver
of the last task has no publish permission of their own on them; the approval is what allows the
publish. Every other page is published exactly as Wagtail does by default.

Wagtail imports this module while its models load: import nothing from the apps at the top."""

from __future__ import annotations


def publish_workflow_state(workflow_state, user=None):
    from .models import WorkflowPublishTester

    obj = workflow_state.content_object
    revision = obj.get_latest_revision()
    only_by_workflow = user is not None and isinstance(
        obj.permissions_for_user(user), WorkflowPublishTester
    )
    revision.publish(user=user, skip_permission_checks=only_by_workflow)
