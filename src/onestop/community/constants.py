from django.db import models
from django.utils.translation import gettext_lazy as _

from onestop.organizations.constants import Role


class ConsentMethod(models.TextChoices):
    IN_PERSON_SIGNED = "in_person_signed", _("In person, with a signed paper")
    IN_PERSON_VERBAL = "in_person_verbal", _("In person, said aloud")
    CODE_CONFIRMED = "code_confirmed", _("Confirmed with a code sent to the citizen")


# Officials of a commune who see how its helpers are doing (the helper report).
REPORT_ROLES = frozenset(
    {Role.UNIT_ADMIN, Role.DESK_OFFICER, Role.INSPECTOR, Role.AGENCY_LEADER, Role.SYSTEM_ADMIN}
)
