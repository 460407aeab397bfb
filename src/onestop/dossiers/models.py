"""Dossiers (hồ sơ): one application for one procedure version, with components, files and history."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from onestop.accounts.models import Organization
from onestop.catalog.models import Component, ProcedureVersion
from onestop.dossiers.constants import (
    ChannelCode,
    DeadlineFlag,
    DvcqgStatus,
    FileKind,
    ReturnMethod,
    State,
    SubmitterKind,
    SupplementRule,
    SupplementStage,
)
from onestop.organizations.models import AdministrativeUnit, Agency, Desk, StaffPost

_OPEN = ~models.Q(state__in=[State.NOT_RECEIVED, State.STOPPED, State.WITHDRAWN, State.RETURNED])


class Dossier(models.Model):
    code = models.CharField(_("dossier code"), max_length=60, unique=True)
    token = models.CharField(_("tracking token"), max_length=40, unique=True, editable=False)
    procedure_version = models.ForeignKey(
        ProcedureVersion,
        verbose_name=_("procedure version"),
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    # Applicant: a person (snapshot kept as received) or an organisation through its representative.
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applicant account"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    applicant_organization = models.ForeignKey(
        Organization,
        verbose_name=_("applicant organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    applicant_name = models.CharField(_("applicant name"), max_length=255)
    applicant_id_number = models.CharField(_("personal or organisation ID"), max_length=20)
    applicant_address = models.CharField(_("address"), max_length=255, blank=True)
    applicant_phone = models.CharField(_("phone"), max_length=15, blank=True)
    applicant_email = models.EmailField(_("e-mail"), blank=True)
    submitter_kind = models.CharField(
        _("submitted by"), max_length=12, choices=SubmitterKind.choices, default=SubmitterKind.SELF
    )
    submitter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="submitted_dossiers",
    )
    submitter_name = models.CharField(_("submitter name"), max_length=255, blank=True)
    submitter_id_number = models.CharField(_("submitter ID"), max_length=20, blank=True)
    channel = models.PositiveSmallIntegerField(_("channel"), choices=ChannelCode.choices)
    desk = models.ForeignKey(
        Desk, verbose_name=_("receiving desk"), on_delete=models.PROTECT, related_name="dossiers"
    )
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("receiving unit"),
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("competent agency"), on_delete=models.PROTECT, related_name="dossiers"
    )
    agency_unit = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="handled_dossiers", editable=False
    )
    state = models.CharField(_("state"), max_length=30, choices=State.choices)
    dvcqg_status = models.PositiveSmallIntegerField(_("national status"), choices=DvcqgStatus.choices)
    paid_online = models.PositiveSmallIntegerField(
        _("paid online"),
        default=0,
        help_text=_(
            "DuocThanhToanTrucTuyen: 0 not paid online, 1 on the national portal, 2 via a provincial gateway."
        ),
    )
    step_position = models.PositiveSmallIntegerField(_("current step"), null=True, blank=True)
    step_due_at = models.DateTimeField(_("current step due"), null=True, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_dossiers",
    )
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    counted_from = models.DateTimeField(_("counted from"), null=True, blank=True)
    due_at = models.DateTimeField(_("due at"), null=True, blank=True, db_index=True)
    original_due_at = models.DateTimeField(_("due at before extension"), null=True, blank=True)
    extended_at = models.DateTimeField(_("extended at"), null=True, blank=True)
    extension_reason = models.TextField(_("reason for the extension"), blank=True)
    paused_at = models.DateTimeField(_("clock paused at"), null=True, blank=True)
    supplement_rule = models.CharField(
        _("supplement rule"), max_length=10, choices=SupplementRule.choices, default=SupplementRule.RESTART
    )
    finished_at = models.DateTimeField(_("processing ended at"), null=True, blank=True)
    returned_at = models.DateTimeField(_("result returned at"), null=True, blank=True)
    return_method = models.CharField(
        _("return method"), max_length=12, choices=ReturnMethod.choices, blank=True
    )
    waybill_number = models.CharField(_("waybill number"), max_length=40, blank=True)
    # How the applicant asked, at submission, to receive the result.
    return_requested = models.CharField(
        _("result wanted"), max_length=12, choices=ReturnMethod.choices, blank=True
    )
    return_address = models.CharField(_("postal address for the result"), max_length=300, blank=True)
    deadline_flag = models.CharField(
        _("deadline flag"), max_length=10, choices=DeadlineFlag.choices, blank=True, db_index=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        indexes = [
            models.Index(fields=["unit", "state", "due_at"], name="dossier_unit_queue"),
            models.Index(fields=["agency_unit", "state", "due_at"], name="dossier_agency_queue"),
            models.Index(fields=["assignee", "state"], name="dossier_assignee_queue"),
            # Work queues list open dossiers by due time; finished ones (most of the table) stay out.
            models.Index(fields=["due_at", "id"], name="dossier_open_due", condition=_OPEN),
            # "My work" reads the open dossiers of a desk, an agency or an assignee in due order.
            models.Index(fields=["desk", "due_at", "id"], name="dossier_open_desk", condition=_OPEN),
            models.Index(fields=["agency", "due_at", "id"], name="dossier_open_agency", condition=_OPEN),
            models.Index(fields=["assignee", "due_at", "id"], name="dossier_open_assignee", condition=_OPEN),
        ]

    def __str__(self) -> str:
        return self.code

    # Queues show these for every row; the choices' enum is a dict lookup, get_FOO_display rebuilds one.
    @property
    def state_label(self) -> str:
        return str(State(self.state).label)

    @property
    def deadline_flag_label(self) -> str:
        return str(DeadlineFlag(self.deadline_flag).label) if self.deadline_flag else ""


class DossierComponent(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="components")
    procedure_component = models.ForeignKey(Component, null=True, blank=True, on_delete=models.PROTECT)
    position = models.PositiveSmallIntegerField(_("position"))
    name = models.TextField(_("name"))
    provided = models.BooleanField(_("provided"), default=False)
    digitised = models.BooleanField(_("digitised"), default=False)
    reused = models.BooleanField(_("reused from earlier digitised data"), default=False)
    from_data_store = models.BooleanField(_("taken from the personal data store"), default=False)
    from_national_database = models.BooleanField(_("taken from a national database"), default=False)

    class Meta:
        verbose_name = _("dossier component")
        verbose_name_plural = _("dossier components")
        ordering = ["dossier", "position"]

    def __str__(self) -> str:
        return self.name[:80]


class DossierHistory(models.Model):
    """One append-only step of a dossier's life; rows of a dossier form a hash chain."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="history")
    sequence = models.PositiveIntegerField(_("sequence"))
    occurred_at = models.DateTimeField(_("at"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    post = models.ForeignKey(StaffPost, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(_("action"), max_length=40)
    from_state = models.CharField(_("from"), max_length=30, blank=True)
    to_state = models.CharField(_("to"), max_length=30)
    step_position = models.PositiveSmallIntegerField(null=True, blank=True)
    step_due_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    files = models.JSONField(_("files"), default=list, blank=True)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("dossier history row")
        verbose_name_plural = _("dossier history")
        ordering = ["dossier", "sequence"]
        constraints = [models.UniqueConstraint(fields=["dossier", "sequence"], name="dossier_history_chain")]

    def __str__(self) -> str:
        return f"{self.dossier_id}#{self.sequence} {self.action}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise RuntimeError("Dossier history is append-only")
        super().save(*args, **kwargs)


class DossierFile(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="files")
    kind = models.CharField(_("kind"), max_length=12, choices=FileKind.choices)
    component = models.ForeignKey(
        DossierComponent, null=True, blank=True, on_delete=models.PROTECT, related_name="files"
    )
    step_position = models.PositiveSmallIntegerField(null=True, blank=True)
    label = models.CharField(_("label"), max_length=300, blank=True)
    file = models.FileField(_("file"), upload_to="dossiers/%Y/%m/")
    original_name = models.CharField(_("original name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    pages = models.PositiveIntegerField(_("pages"), default=1)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    signed_document = models.ForeignKey(
        "signing.SignedDocument",
        verbose_name=_("signed version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("dossier file")
        verbose_name_plural = _("dossier files")

    def __str__(self) -> str:
        return self.original_name


class SupplementRequest(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="supplement_requests")
    stage = models.CharField(_("stage"), max_length=10, choices=SupplementStage.choices)
    requested_at = models.DateTimeField(_("requested at"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    items = models.JSONField(_("items"), help_text=_("What to add or fix, each with its reason."))
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("supplement request")
        verbose_name_plural = _("supplement requests")
        ordering = ["dossier", "requested_at"]

    def __str__(self) -> str:
        return f"{self.dossier} {self.requested_at:%Y-%m-%d}"


class DossierCodeCounter(models.Model):
    """The last sequence number used by an agency on a day; locked row by row to keep codes gap-free."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "day"], name="dossier_code_counter_unique")]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.day} {self.last}"


class DraftState(models.TextChoices):
    EDITING = "editing", _("Being prepared")
    SUBMITTED = "submitted", _("Submitted")


class DossierDraft(models.Model):
    """An online dossier being prepared; saved at every step, so it can be resumed, and submitted once."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applicant account"),
        on_delete=models.CASCADE,
        related_name="dossier_drafts",
    )
    submitter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("prepared by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="prepared_drafts",
    )
    procedure_version = models.ForeignKey(ProcedureVersion, on_delete=models.PROTECT, related_name="+")
    desk = models.ForeignKey(Desk, verbose_name=_("desk"), on_delete=models.PROTECT, related_name="+")
    applicant_organization = models.ForeignKey(
        Organization, verbose_name=_("on behalf of"), null=True, blank=True, on_delete=models.PROTECT
    )
    applicant_name = models.CharField(_("full name"), max_length=255, blank=True)
    applicant_id_number = models.CharField(_("personal ID number"), max_length=20, blank=True)
    applicant_address = models.CharField(_("address"), max_length=255, blank=True)
    applicant_phone = models.CharField(_("phone"), max_length=15, blank=True)
    applicant_email = models.EmailField(_("e-mail"), blank=True)
    return_requested = models.CharField(
        _("how you want the result"), max_length=12, choices=ReturnMethod.choices, blank=True
    )
    return_address = models.CharField(_("postal address for the result"), max_length=300, blank=True)
    state = models.CharField(max_length=10, choices=DraftState.choices, default=DraftState.EDITING)
    dossier = models.OneToOneField(
        Dossier, null=True, blank=True, on_delete=models.PROTECT, related_name="draft"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("dossier draft")
        verbose_name_plural = _("dossier drafts")
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return f"{self.procedure_version.procedure.code} / {self.owner}"


class DraftDocument(models.Model):
    """The document chosen for one component of a draft: a checked upload or one from the data store."""

    draft = models.ForeignKey(DossierDraft, on_delete=models.CASCADE, related_name="documents")
    component = models.ForeignKey(Component, on_delete=models.PROTECT, related_name="+")
    stored_document = models.ForeignKey(
        "datastore.StoredDocument", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    file = models.FileField(_("file"), upload_to="drafts/%Y/%m/", blank=True)
    original_name = models.CharField(_("original name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    pages = models.PositiveIntegerField(_("pages"), default=1)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    keep_in_store = models.BooleanField(_("keep a copy in my data store"), default=False)

    class Meta:
        verbose_name = _("draft document")
        verbose_name_plural = _("draft documents")
        constraints = [
            models.UniqueConstraint(fields=["draft", "component"], name="draft_document_per_component")
        ]

    def __str__(self) -> str:
        return self.original_name
