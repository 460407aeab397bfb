from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    NEW = "new", _("Submitted, awaiting reception")
    SUPPLEMENT_AT_RECEPTION = "supplement_at_reception", _("Supplement requested at reception")
    NOT_RECEIVED = "not_received", _("Not received")
    RECEIVED = "received", _("Received at the desk")
    AT_AGENCY = "at_agency", _("At the competent agency")
    IN_PROGRESS = "in_progress", _("Being processed")
    SUPPLEMENT_IN_PROCESSING = "supplement_in_processing", _("Supplement requested after appraisal")
    AWAITING_APPROVAL = "awaiting_approval", _("Awaiting the leader's approval")
    SUSPENDED = "suspended", _("Suspended: the clock is paused")
    DONE = "done", _("Result ready")
    REFUSED = "refused", _("Refused after appraisal")
    STOPPED = "stopped", _("Stopped at the applicant's request")
    WITHDRAWN = "withdrawn", _("Withdrawn by the applicant")
    RETURNED = "returned", _("Result returned")


class DvcqgStatus(models.IntegerChoices):
    """TrangThaiHoSo synchronised to the national portal (domain.md)."""

    NEW = 1, _("New")
    RECEIVED = 2, _("Received")
    NOT_RECEIVED = 3, _("Not received")
    PROCESSING = 4, _("Processing")
    SUPPLEMENT = 5, _("Supplement requested")
    FEES_DUE = 6, _("Fees due")
    WITHDRAWN = 7, _("Withdrawn")
    STOPPED = 8, _("Stopped")
    DONE = 9, _("Done")
    RETURNED = 10, _("Result returned")


class ChannelCode(models.IntegerChoices):
    """KenhThucHien."""

    IN_PERSON = 1, _("In person")
    ONLINE = 2, _("Online")
    POST = 3, _("By post")


class SubmitterKind(models.TextChoices):
    SELF = "self", _("The applicant")
    AUTHORISED = "authorised", _("An authorised person")
    HELPER = "helper", _("A community helper")


class FileKind(models.TextChoices):
    COMPONENT = "component", _("Component scan")
    STEP_OUTPUT = "step_output", _("Step output")
    RESULT = "result", _("Result")
    FORM = "form", _("Issued form")


class ReturnMethod(models.TextChoices):
    AT_DESK = "desk", _("At the desk")
    POST = "post", _("By post")
    ELECTRONIC = "electronic", _("Electronically")


class SupplementStage(models.TextChoices):
    RECEPTION = "reception", _("At reception")
    APPRAISAL = "appraisal", _("After appraisal")


class SupplementRule(models.TextChoices):
    """What a supplement after appraisal does to the clock (rule version of the procedure's era)."""

    RESTART = "restart", _("The time limit restarts when the supplement arrives")
    PAUSE = "pause", _("The clock pauses while the applicant supplements")


class DeadlineFlag(models.TextChoices):
    """Set by the periodic deadline job, for queues and alerts."""

    DUE_SOON = "due_soon", _("Due within one working day")
    LATE = "late", _("Late")
