"""Administrators manage councils, memberships, working groups and constituent organisations in
Wagtail's admin (/beheer/)."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from .models import (
    ConstituentContact,
    ConstituentOrganisation,
    Council,
    Membership,
    PostcodeRange,
    WorkingGroup,
    WorkingGroupMembership,
)


class CouncilViewSet(ModelViewSet):
    model = Council
    icon = "group"
    menu_label = _("Cliëntenraden")
    list_display = ["name", "kind", "region", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "region"]
    form_fields = ["name", "slug", "kind", "region", "email", "phone", "intro", "is_active"]
    add_to_admin_menu = False


class PostcodeRangeViewSet(ModelViewSet):
    model = PostcodeRange
    icon = "site"
    menu_label = _("Postcodegebieden")
    list_display = ["council", "start", "end"]
    list_filter = ["council"]
    form_fields = ["council", "start", "end"]


class MembershipViewSet(ModelViewSet):
    model = Membership
    icon = "user"
    menu_label = _("Lidmaatschappen")
    list_display = ["user", "council", "role", "start_date", "end_date"]
    list_filter = ["council", "role"]
    search_fields = ["user__email", "user__last_name"]
    form_fields = ["user", "council", "role", "start_date", "end_date"]


class WorkingGroupViewSet(ModelViewSet):
    model = WorkingGroup
    icon = "folder-open-inverse"
    menu_label = _("Werkgroepen")
    list_display = ["name"]
    form_fields = ["name", "slug", "description"]


class WorkingGroupMembershipViewSet(ModelViewSet):
    model = WorkingGroupMembership
    icon = "user"
    menu_label = _("Werkgroepleden")
    list_display = ["user", "working_group", "council", "start_date", "end_date"]
    list_filter = ["working_group"]
    form_fields = ["working_group", "user", "council", "start_date", "end_date"]


class ConstituentOrganisationViewSet(ModelViewSet):
    model = ConstituentOrganisation
    icon = "globe"
    menu_label = _("Achterbanorganisaties")
    list_display = ["name", "kind", "council"]
    list_filter = ["kind", "council"]
    search_fields = ["name"]
    form_fields = ["name", "kind", "website", "email", "council"]


class ConstituentContactViewSet(ModelViewSet):
    model = ConstituentContact
    icon = "user"
    menu_label = _("Contactpersonen")
    list_display = ["name", "organisation", "role", "email"]
    list_filter = ["organisation__kind"]
    search_fields = ["name", "organisation__name"]
    form_fields = ["organisation", "name", "role", "email", "phone"]


class CouncilsGroup(ViewSetGroup):
    menu_label = _("Raden")
    menu_icon = "group"
    menu_order = 200
    items = (
        CouncilViewSet("beheer_councils"),
        PostcodeRangeViewSet("beheer_postcode_ranges"),
        MembershipViewSet("beheer_memberships"),
        WorkingGroupViewSet("beheer_working_groups"),
        WorkingGroupMembershipViewSet("beheer_working_group_memberships"),
        ConstituentOrganisationViewSet("beheer_constituent_organisations"),
        ConstituentContactViewSet("beheer_constituent_contacts"),
    )


@hooks.register("register_admin_viewset")
def register_councils():
    return CouncilsGroup()
