"""Administrators see the theme models (version, training date, scores) in /beheer/, and members
get a signals panel on "Mijn overzicht"."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from common.wagtail_hooks import ViewOnlyPolicy

from .models import ClassifierModel, SignalStatus
from .permissions import can_view_signals

register_permission_policy(ClassifierModel, ViewOnlyPolicy(ClassifierModel))


class ClassifierModelViewSet(ModelViewSet):
    model = ClassifierModel
    icon = "cogs"
    menu_label = _("Themamodellen")
    menu_order = 910
    add_to_admin_menu = True
    inspect_view_enabled = True
    exclude_form_fields = []
    list_display = ["version", "trained_at", "n_examples", "n_member_labels", "is_active"]
    inspect_view_fields = [
        "version",
        "trained_at",
        "n_examples",
        "n_member_labels",
        "scores",
        "is_active",
    ]


@hooks.register("register_admin_viewset")
def register_classifier_models():
    return ClassifierModelViewSet("beheer_themamodellen")


@hooks.register("raadsplein_dashboard_panels")
def signals_panel(request, viewer):
    from .permissions import can_view_signal_trends
    from .selectors import signals_visible_to

    if not can_view_signals(viewer):
        if can_view_signal_trends(viewer):  # liaisons: counts only
            return {"template": "signals/dashboard_panel.html", "trends_only": True}
        return None

    qs = signals_visible_to(viewer)
    return {
        "template": "signals/dashboard_panel.html",
        "new": qs.filter(status=SignalStatus.NEW).count(),
        "needs_theme": qs.filter(needs_theme=True).count(),
    }
