from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitLevel(models.TextChoices):
    PROVINCE = "province", _("Province")
    DISTRICT = "district", _("District (before July 2025)")
    COMMUNE = "commune", _("Commune")


class AgencyKind(models.TextChoices):
    PEOPLES_COMMITTEE = "peoples_committee", _("People's Committee")
    DEPARTMENT = "department", _("Department")
    SERVICE_CENTRE = "service_centre", _("Public administrative service centre")
    DIVISION = "division", _("Division or office")
    OTHER = "other", _("Other agency")


class DeskKind(models.TextChoices):
    PROVINCIAL_CENTRE = "provincial_centre", _("Provincial public service centre")
    COMMUNE_CENTRE = "commune_centre", _("Commune public service centre")
    BRANCH = "branch", _("Branch")


class Role(models.TextChoices):
    CITIZEN = "citizen", _("Citizen")
    COMMUNITY_HELPER = "community_helper", _("Community digital-technology helper")
    DESK_OFFICER = "desk_officer", _("One-stop desk officer")
    SPECIALIST = "specialist", _("Specialist")
    AGENCY_LEADER = "agency_leader", _("Agency leader")
    UNIT_ADMIN = "unit_admin", _("Unit administrator")
    INSPECTOR = "inspector", _("Inspector")
    SYSTEM_ADMIN = "system_admin", _("System administrator")


# Roles whose holders handle other people's data and must pass a second factor.
STAFF_ROLES = frozenset(
    {
        Role.DESK_OFFICER,
        Role.SPECIALIST,
        Role.AGENCY_LEADER,
        Role.UNIT_ADMIN,
        Role.INSPECTOR,
        Role.SYSTEM_ADMIN,
    }
)
POST_ROLES = frozenset(set(Role) - {Role.CITIZEN})
