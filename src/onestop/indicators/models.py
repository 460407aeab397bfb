"""The service index (Decision 766): versioned weights, and one exchange record per dossier as the fact table.

Every dossier — handled here or imported from an old system — has one ``DossierRecord``: the columns the
indicators aggregate, with its exchange-format line (domain.md "Exchange format for dossier records") in
``RecordLine``. Dashboards read only these rows, never the live dossier tables; a dossier's record is
rewritten in the transaction of each of its events.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from onestop.catalog.models import Procedure
from onestop.indicators.constants import RecordSource
from onestop.organizations.models import AdministrativeUnit, Agency


class IndexScheme(models.Model):
    """One version of the index's weights, thresholds and rating bands, in force from a day."""

    version = models.CharField(_("version"), max_length=40, unique=True)
    valid_from = models.DateField(_("valid from"), unique=True)
    source = models.TextField(_("source"), help_text=_("The decision or published dashboard it follows."))
    # [[lower bound, band], …] from the highest: a total at or above the bound earns the band.
    bands = models.JSONField(_("rating bands"))

    class Meta:
        verbose_name = _("index scheme")
        verbose_name_plural = _("index schemes")
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return self.version


class IndexIndicator(models.Model):
    scheme = models.ForeignKey(IndexScheme, on_delete=models.CASCADE, related_name="indicators")
    key = models.CharField(_("indicator"), max_length=20)
    group = models.CharField(_("group"), max_length=20)
    position = models.PositiveSmallIntegerField(_("position"))
    weight = models.DecimalField(_("points"), max_digits=5, decimal_places=2)
    threshold = models.DecimalField(
        _("threshold"),
        max_digits=5,
        decimal_places=4,
        default=1,
        help_text=_("Rate (0-1) at or above which the indicator earns full points."),
    )

    class Meta:
        verbose_name = _("index indicator")
        verbose_name_plural = _("index indicators")
        ordering = ["scheme", "position"]
        constraints = [models.UniqueConstraint(fields=["scheme", "key"], name="index_indicator_unique")]

    def __str__(self) -> str:
        return f"{self.scheme} {self.key}"


class ImportBatch(models.Model):
    """One run of the history import: who, what file, how many lines were taken and refused."""

    file_name = models.CharField(_("file"), max_length=255)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    lines = models.PositiveIntegerField(_("lines"), default=0)
    imported = models.PositiveIntegerField(_("imported"), default=0)
    refused = models.PositiveIntegerField(_("refused"), default=0)
    errors = models.JSONField(_("errors"), default=list, help_text=_("The first refused lines and why."))

    class Meta:
        verbose_name = _("history import")
        verbose_name_plural = _("history imports")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.imported}/{self.lines})"


class DossierRecord(models.Model):
    code = models.CharField(_("dossier code"), max_length=60, unique=True)
    source = models.CharField(_("source"), max_length=10, choices=RecordSource.choices)
    dossier = models.OneToOneField(
        "dossiers.Dossier", null=True, blank=True, on_delete=models.CASCADE, related_name="index_record"
    )
    batch = models.ForeignKey(ImportBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # The unit as recorded (possibly a pre-2025 unit), the in-force unit it counts under today, and that
    # unit's province: history is shown under its own unit and ranked under the successor.
    unit = models.ForeignKey(AdministrativeUnit, on_delete=models.PROTECT, related_name="+")
    rank_unit = models.ForeignKey(AdministrativeUnit, on_delete=models.PROTECT, related_name="+")
    province = models.ForeignKey(AdministrativeUnit, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    procedure = models.ForeignKey(
        Procedure, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    procedure_code = models.CharField(_("procedure code"), max_length=20)
    channel = models.PositiveSmallIntegerField(_("channel"))
    received_at = models.DateTimeField(_("received at"))
    due_at = models.DateTimeField(_("due at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("processing ended at"), null=True, blank=True)
    returned_at = models.DateTimeField(_("result returned at"), null=True, blank=True)
    status = models.PositiveSmallIntegerField(_("national status"))
    paid_online = models.PositiveSmallIntegerField(_("paid online"), default=0)
    fee_total = models.PositiveBigIntegerField(_("fees (VND)"), default=0)
    e_result = models.BooleanField(_("electronic result"), default=False)
    digitised = models.BooleanField(_("digitised components"), default=False)
    reused = models.BooleanField(_("reused digitised data"), default=False)
    from_data_store = models.BooleanField(_("from the personal data store"), default=False)
    supplements = models.PositiveSmallIntegerField(_("supplement requests"), default=0)
    # 2.1 for a finished dossier; for an open one, the moment of working time after which it counts late
    # (null: never, while it waits for a supplement asked for in time).
    on_time = models.BooleanField(_("on time"), null=True)
    early = models.BooleanField(_("early"), default=False)
    late_after = models.DateTimeField(null=True, blank=True)
    working_hours = models.FloatField(_("processing time (working hours)"), null=True, blank=True)
    synced = models.BooleanField(_("synchronised to DVCQG"), default=False)
    vneid = models.BooleanField(_("applicant authenticated with VNeID"), default=False)
    rated = models.BooleanField(_("rated"), default=False)
    unhappy = models.BooleanField(_("unhappy or complained"), default=False)
    complained = models.BooleanField(_("complained"), default=False)
    # From the catalog when the record was written: the procedure's online eligibility and result kind.
    full_online_eligible = models.BooleanField(default=False)
    paper_result = models.BooleanField(default=False)
    quality_score = models.PositiveSmallIntegerField(_("quality score (of 18)"), null=True, blank=True)
    officer_score = models.PositiveSmallIntegerField(_("officer score (of 8)"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("dossier record")
        verbose_name_plural = _("dossier records")
        indexes = [
            models.Index(fields=["province", "received_at"], name="record_province_received"),
            models.Index(fields=["rank_unit", "received_at"], name="record_rank_unit_received"),
            models.Index(fields=["unit", "received_at"], name="record_unit_received"),
            models.Index(fields=["agency", "received_at"], name="record_agency_received"),
            models.Index(fields=["handler", "received_at"], name="record_handler_received"),
        ]

    def __str__(self) -> str:
        return self.code


class RecordLine(models.Model):
    """A record's exchange-format line, kept apart so the fact table stays narrow for the index's scans."""

    fact = models.OneToOneField(
        DossierRecord, primary_key=True, on_delete=models.CASCADE, related_name="line"
    )
    data = models.JSONField(_("exchange record"))

    class Meta:
        verbose_name = _("exchange record")
        verbose_name_plural = _("exchange records")

    def __str__(self) -> str:
        return str(self.fact_id)


class RecordsVersion(models.Model):
    """How many commits have written a province's records: cached dashboards of the province key on it, so
    every web process sees a write as soon as it commits."""

    province = models.OneToOneField(
        AdministrativeUnit, primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    version = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("records version")
        verbose_name_plural = _("records versions")

    def __str__(self) -> str:
        return f"{self.province_id}: {self.version}"
