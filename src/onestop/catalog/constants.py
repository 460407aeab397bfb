from django.db import models
from django.utils.translation import gettext_lazy as _


class ImplementingLevel(models.TextChoices):
    MINISTRY = "ministry", _("Ministry")
    PROVINCE = "province", _("Province")
    COMMUNE = "commune", _("Commune")
    OTHER = "other", _("Other body")


class Channel(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    POST = "post", _("By post")
    ONLINE = "online", _("Online")


class OnlineLevel(models.TextChoices):
    FULL = "full", _("Full online")
    PARTIAL = "partial", _("Partial online")


class ResultType(models.TextChoices):
    PAPER = "paper", _("Paper")
    E_RESULT = "e_result", _("Electronic result")
    BOTH = "both", _("Paper and electronic")


class ComponentKind(models.TextChoices):
    SUBMIT = "submit", _("Submit")
    SHOW = "show", _("Show only")
    OTHER = "other", _("Other")


class FeeCollection(models.TextChoices):
    AT_RECEPTION = "reception", _("At reception")
    AT_SUPPLEMENT = "supplement", _("At supplement")
    AT_RETURN = "return", _("At return of the result")


class BudgetUnit(models.TextChoices):
    WORKING_HOURS = "working_hours", _("working hours")
    WORKING_DAYS = "working_days", _("working days")


# Fields a dossier needs; a version missing any of them takes no dossiers.
DOSSIER_FIELDS = ("time_limit", "channels", "components")
# The content Decision 766 indicator 1.3 requires to be disclosed.
DISCLOSURE_FIELDS = ("name", "steps", "channels", "components", "time_limit", "applicants", "agency")
