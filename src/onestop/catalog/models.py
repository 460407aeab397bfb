"""Procedures (thủ tục hành chính), versioned by effective date, with components, fees and process steps."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from onestop.catalog.constants import (
    BudgetUnit,
    ComponentKind,
    FeeCollection,
    OnlineLevel,
    ResultType,
)
from onestop.organizations.constants import Role
from onestop.organizations.models import AdministrativeUnit, Agency
from onestop.workdays.constants import LimitUnit


class Field(models.Model):
    """A sector (lĩnh vực) such as Hộ tịch or Đất đai."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200, unique=True)
    name_folded = models.CharField(_("folded name"), max_length=200, editable=False)

    class Meta:
        verbose_name = _("field")
        verbose_name_plural = _("fields")
        ordering = ["name_folded"]

    def __str__(self) -> str:
        return self.name


class Procedure(models.Model):
    """The lasting identity of a procedure: its national code. Content lives in versions."""

    code = models.CharField(_("national code"), max_length=20, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("procedure")
        verbose_name_plural = _("procedures")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class ProcedureVersion(models.Model):
    """The content of a procedure from ``effective_from`` until the next version. Never edited in place."""

    procedure = models.ForeignKey(Procedure, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    effective_from = models.DateField(_("effective from"))
    # Exclusive end: the day the next version takes over. Empty for the version in force now.
    effective_to = models.DateField(_("replaced on"), null=True, blank=True)
    # Some published names run past 1,000 characters.
    name = models.TextField(_("name"))
    name_folded = models.TextField(_("folded name"), editable=False)
    search_text = models.TextField(
        _("search text"), editable=False, help_text=_("Folded name, field and result.")
    )
    field = models.ForeignKey(
        Field, verbose_name=_("field"), on_delete=models.PROTECT, related_name="versions"
    )
    levels = models.JSONField(_("implementing levels"), default=list)
    channels = models.JSONField(_("submission channels"), default=list)
    online_level = models.CharField(
        _("online service level"), max_length=10, choices=OnlineLevel.choices, blank=True
    )
    partial_online_reason = models.TextField(_("reason for partial online service"), blank=True)
    time_limit_value = models.PositiveIntegerField(_("time limit"), null=True, blank=True)
    time_limit_unit = models.CharField(
        _("time limit unit"), max_length=20, choices=LimitUnit.choices, blank=True
    )
    time_limit_text = models.TextField(_("published time limit"), blank=True)
    time_limit_by_channel = models.JSONField(
        _("time limit by channel (as published)"), default=list, blank=True
    )
    cutoff_applies = models.BooleanField(
        _("15:00 cut-off applies"),
        default=True,
        help_text=_("Received after 15:00 counts from the next day."),
    )
    result_name = models.TextField(_("result"), blank=True)
    result_type = models.CharField(_("result type"), max_length=10, choices=ResultType.choices, blank=True)
    applicants = models.TextField(_("applicants"), blank=True)
    steps_text = models.TextField(_("steps (as published)"), blank=True)
    agency_text = models.TextField(_("competent agency (as published)"), blank=True)
    legal_basis = models.JSONField(_("legal basis"), default=list, blank=True)
    legal_basis_text = models.TextField(_("legal basis (as published)"), blank=True)
    publication_decision = models.CharField(_("publication decision"), max_length=120, blank=True)
    publication_decision_date = models.DateField(_("publication decision date"), null=True, blank=True)
    legal_basis_effective_date = models.DateField(_("legal basis effective date"), null=True, blank=True)
    disclosure_date = models.DateField(_("disclosure date"), null=True, blank=True)
    source_url = models.URLField(_("source"), max_length=500, blank=True)
    missing_fields = models.JSONField(
        _("missing fields"),
        default=list,
        blank=True,
        help_text=_("Fields a dossier needs that are not published."),
    )
    demo_values = models.JSONField(
        _("demo values"),
        default=list,
        blank=True,
        help_text=_("Fields filled with invented values by the demo."),
    )
    content_hash = models.CharField(_("content hash"), max_length=64, editable=False)
    source_hash = models.CharField(
        _("imported content hash"),
        max_length=64,
        blank=True,
        editable=False,
        help_text=_("Hash of the imported record this version descends from; a re-import compares with it."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("procedure version")
        verbose_name_plural = _("procedure versions")
        ordering = ["procedure__code", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "number"], name="procedure_version_number"),
            models.UniqueConstraint(
                fields=["procedure"],
                condition=Q(effective_to__isnull=True),
                name="procedure_one_open_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.procedure.code} v{self.number} — {self.name}"

    @property
    def accepts_dossiers(self) -> bool:
        return not self.missing_fields

    @property
    def has_fee(self) -> bool:
        return any(fee.amount_vnd for fee in self.fees.all())


class Component(models.Model):
    """One document of a dossier (thành phần hồ sơ)."""

    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="components")
    position = models.PositiveSmallIntegerField(_("position"))
    name = models.TextField(_("name"))
    copies = models.CharField(
        _("copies"), max_length=200, blank=True, help_text=_("e.g. 1 bản chính, 1 bản sao")
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=ComponentKind.choices, default=ComponentKind.SUBMIT
    )
    required = models.BooleanField(
        _("required"),
        null=True,
        blank=True,
        help_text=_("Yes: always; no: if any; empty: depends on the case."),
    )
    case = models.TextField(_("case"), blank=True)
    form_name = models.CharField(_("form"), max_length=300, blank=True)
    form_file = models.FileField(_("form template file"), upload_to="catalog/forms/", blank=True)

    class Meta:
        verbose_name = _("component")
        verbose_name_plural = _("components")
        ordering = ["version", "position"]

    def __str__(self) -> str:
        return self.name[:80]


class Fee(models.Model):
    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="fees")
    position = models.PositiveSmallIntegerField(_("position"))
    name = models.CharField(_("name"), max_length=500)
    amount_vnd = models.PositiveBigIntegerField(
        _("amount (VND)"),
        null=True,
        blank=True,
        help_text=_("Empty when set by the provincial council or unknown."),
    )
    online_amount_vnd = models.PositiveBigIntegerField(
        _("amount when filed online (VND)"), null=True, blank=True
    )
    exemptions = models.TextField(_("exemptions"), blank=True)
    note = models.TextField(_("note (as published)"), blank=True)
    collected_at = models.CharField(
        _("collected"), max_length=12, choices=FeeCollection.choices, default=FeeCollection.AT_RECEPTION
    )

    class Meta:
        verbose_name = _("fee")
        verbose_name_plural = _("fees")
        ordering = ["version", "position"]

    def __str__(self) -> str:
        return self.name


class ProcessStep(models.Model):
    """One step of the internal process template (quy trình nội bộ)."""

    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(_("position"))
    name = models.CharField(_("name"), max_length=300)
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    budget_value = models.PositiveIntegerField(_("time budget"))
    budget_unit = models.CharField(_("time budget unit"), max_length=20, choices=BudgetUnit.choices)
    required_outputs = models.JSONField(
        _("required output files"),
        default=list,
        blank=True,
        help_text=_("Names of the files the step must attach."),
    )
    handoff_agency = models.CharField(
        _("hand-off to agency"),
        max_length=200,
        blank=True,
        help_text=_("For inter-agency (liên thông) steps: the agency that handles this step."),
    )

    class Meta:
        verbose_name = _("process step")
        verbose_name_plural = _("process steps")
        ordering = ["version", "position"]

    def __str__(self) -> str:
        return self.name


class ProcedureAssignment(models.Model):
    """Which agency is competent for a procedure in a unit (and so where the unit's dossiers go)."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="procedure_assignments"
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="procedure_assignments")

    class Meta:
        verbose_name = _("procedure assignment")
        verbose_name_plural = _("procedure assignments")
        constraints = [
            models.UniqueConstraint(fields=["procedure", "unit"], name="procedure_assignment_unique")
        ]

    def __str__(self) -> str:
        return f"{self.procedure} @ {self.unit}: {self.agency}"


class Synonym(models.Model):
    """An everyday word and the catalog wording it stands for.

    E.g. "sổ đỏ" → "giấy chứng nhận quyền sử dụng đất".
    """

    term = models.CharField(
        _("term"), max_length=120, unique=True, help_text=_("Stored folded: no marks, lower case.")
    )
    expansion = models.CharField(_("stands for"), max_length=300)

    class Meta:
        verbose_name = _("synonym")
        verbose_name_plural = _("synonyms")
        ordering = ["term"]

    def __str__(self) -> str:
        return f"{self.term} → {self.expansion}"
