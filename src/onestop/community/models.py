"""Community digital-technology teams (Tổ công nghệ số cộng đồng): villages, helpers, consents, help given.

A helper is a person with an active ``community_helper`` staff post at a commune. They may register citizens
and submit dossiers for them only with the citizen's consent, recorded here; what they did is recorded too,
so the commune can see, per helper and per village, the accounts registered and the dossiers helped.
"""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onestop.community.constants import ConsentMethod
from onestop.core.text import fold, nfc
from onestop.dossiers.models import Dossier
from onestop.organizations.models import AdministrativeUnit


class Village(models.Model):
    """A village or residential group (thôn, tổ dân phố) of a commune."""

    commune = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="villages"
    )
    name = models.CharField(_("name"), max_length=120)
    name_folded = models.CharField(_("folded name"), max_length=120, editable=False)

    class Meta:
        verbose_name = _("village")
        verbose_name_plural = _("villages")
        ordering = ["commune", "name_folded"]
        constraints = [models.UniqueConstraint(fields=["commune", "name"], name="village_unique_in_commune")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Invariants, not business logic: stored text is NFC, and sorts "Thôn Đông" among the D's.
        self.name = nfc(self.name)
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)


class HelperAssignment(models.Model):
    """Which village of the commune a helper serves; the staff post already ties the helper to the commune."""

    helper = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("helper"),
        on_delete=models.PROTECT,
        related_name="helper_assignments",
    )
    commune = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    village = models.ForeignKey(
        Village,
        verbose_name=_("village"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    class Meta:
        verbose_name = _("helper assignment")
        verbose_name_plural = _("helper assignments")
        ordering = ["commune", "helper", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="helper_assignment_validity_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.helper} — {self.village or self.commune}"


class Consent(models.Model):
    """A citizen's consent that one helper may register them and submit dossiers for them."""

    helper = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("helper"),
        on_delete=models.PROTECT,
        related_name="helper_consents",
    )
    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("citizen"), on_delete=models.PROTECT, related_name="consents"
    )
    commune = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    village = models.ForeignKey(
        Village, verbose_name=_("village"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    given_at = models.DateTimeField(_("given at"), default=timezone.now)
    method = models.CharField(_("how it was given"), max_length=20, choices=ConsentMethod.choices)
    note = models.TextField(_("note"), blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_at"]
        constraints = [
            # One consent in force per helper and citizen; a withdrawn one stays as a record.
            models.UniqueConstraint(
                fields=["helper", "citizen"],
                condition=Q(withdrawn_at__isnull=True),
                name="consent_one_in_force",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gte=F("given_at")),
                name="consent_withdrawn_after_given",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.citizen} → {self.helper} ({self.given_at:%Y-%m-%d})"

    @property
    def in_force(self) -> bool:
        return self.withdrawn_at is None


class HelpedRegistration(models.Model):
    """An account a helper registered for a citizen."""

    helper = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("helper"),
        on_delete=models.PROTECT,
        related_name="helped_registrations",
    )
    citizen = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("citizen"),
        on_delete=models.PROTECT,
        related_name="helped_registration",
    )
    commune = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    village = models.ForeignKey(
        Village, verbose_name=_("village"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("account registered by a helper")
        verbose_name_plural = _("accounts registered by helpers")
        indexes = [models.Index(fields=["commune", "created_at"], name="helped_registration_report")]

    def __str__(self) -> str:
        return f"{self.citizen} ({self.helper})"


class HelpedDossier(models.Model):
    """A dossier a helper submitted on a citizen's behalf, under that citizen's consent."""

    dossier = models.OneToOneField(
        Dossier, verbose_name=_("dossier"), on_delete=models.PROTECT, related_name="helped"
    )
    helper = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("helper"),
        on_delete=models.PROTECT,
        related_name="helped_dossiers",
    )
    consent = models.ForeignKey(
        Consent, verbose_name=_("consent"), on_delete=models.PROTECT, related_name="helped_dossiers"
    )
    commune = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    village = models.ForeignKey(
        Village, verbose_name=_("village"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("dossier submitted by a helper")
        verbose_name_plural = _("dossiers submitted by helpers")
        indexes = [models.Index(fields=["commune", "created_at"], name="helped_dossier_report")]

    def __str__(self) -> str:
        return f"{self.dossier_id} ({self.helper})"
