"""The audit log and the outbox, readable by administrators in /beheer/."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from .models import AuditEntry, OutboxMessage


class ViewOnlyPolicy(ModelPermissionPolicy):
    """Administrators with the view permission may list and inspect; nobody adds or edits."""

    def user_has_permission(self, user, action):
        return action in ("view", "inspect") and super().user_has_permission(user, "view")

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, a) for a in actions)


register_permission_policy(AuditEntry, ViewOnlyPolicy(AuditEntry))
register_permission_policy(OutboxMessage, ViewOnlyPolicy(OutboxMessage))


class ReadOnlyViewSet(ModelViewSet):
    """Lists and inspects; nothing can be added, changed or deleted here."""

    inspect_view_enabled = True
    add_to_admin_menu = False

    exclude_form_fields = []  # never shown: the permission policy allows only viewing


class AuditViewSet(ReadOnlyViewSet):
    model = AuditEntry
    icon = "history"
    menu_label = _("Auditlog")
    list_display = ["at", "actor_repr", "action", "object_repr", "personal_data"]
    list_filter = ["action", "personal_data"]
    search_fields = ["actor_repr", "action", "object_repr"]


class OutboxViewSet(ReadOnlyViewSet):
    model = OutboxMessage
    icon = "mail"
    menu_label = _("Uitgaande berichten")
    list_display = ["created_at", "subject", "kind", "status", "attempts", "last_error"]
    list_filter = ["status", "kind"]


class LogGroup(ViewSetGroup):
    menu_label = _("Logboek")
    menu_icon = "history"
    menu_order = 900
    items = (AuditViewSet("beheer_audit"), OutboxViewSet("beheer_outbox"))


@hooks.register("register_admin_viewset")
def register_logs():
    return LogGroup()


@hooks.register("raadsplein_dashboard_panels")
def unsendable_panel(request, viewer):
    """A mail that the person's own action made and that can never be sent (common.outbox)."""
    from .outbox import unsendable_for

    messages = unsendable_for(request.user)
    if not messages:
        return None
    return {"template": "common/unsendable_panel.html", "messages": messages}
