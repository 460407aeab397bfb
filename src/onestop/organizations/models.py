"""Administrative units, agencies, one-stop desks and staff posts."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from onestop.organizations.constants import AgencyKind, DeskKind, Role, UnitLevel
from onestop.organizations.validators import validate_agency_e_id


class AdministrativeUnit(models.Model):
    """A province, commune or (pre-July-2025) district, coded per Decision 19/2025.

    Codes are reused across the 2025 reform (old and new Hải Phòng are both 31), so a code is unique only
    among units in force; old units keep an end date and link to their successors.
    """

    code = models.CharField(_("code"), max_length=5, db_index=True)
    name = models.CharField(_("name"), max_length=120)
    name_folded = models.CharField(_("folded name"), max_length=120, db_index=True, editable=False)
    level = models.CharField(_("level"), max_length=10, choices=UnitLevel.choices)
    division_type = models.CharField(
        _("division type"),
        max_length=40,
        blank=True,
        help_text=_("e.g. tỉnh, thành phố, xã, phường, đặc khu"),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True, help_text=_("Empty while in force."))
    successors: models.ManyToManyField["AdministrativeUnit", "UnitSuccession"] = models.ManyToManyField(
        "self",
        verbose_name=_("successors"),
        through="UnitSuccession",
        through_fields=("predecessor", "successor"),
        symmetrical=False,
        related_name="predecessors",
        blank=True,
    )

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=Q(valid_to__isnull=True), name="unit_code_in_force"
            ),
            models.UniqueConstraint(fields=["code", "level", "valid_from"], name="unit_code_level_from"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="unit_validity_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def in_force(self) -> bool:
        return self.valid_to is None


class UnitSuccession(models.Model):
    """Link from a unit that ended to a unit that took over (all or part of) its territory."""

    predecessor = models.ForeignKey(
        AdministrativeUnit, on_delete=models.CASCADE, related_name="succession_links_out"
    )
    successor = models.ForeignKey(
        AdministrativeUnit, on_delete=models.CASCADE, related_name="succession_links_in"
    )
    partial = models.BooleanField(
        _("partial"), default=False, help_text=_("Only part of the territory moved.")
    )

    class Meta:
        verbose_name = _("unit succession")
        verbose_name_plural = _("unit successions")
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="unit_succession_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}"


class Agency(models.Model):
    """A government body with an electronic identifier (Decision 20/2020)."""

    e_id = models.CharField(
        _("electronic identifier"), max_length=35, unique=True, validators=[validate_agency_e_id]
    )
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=30, choices=AgencyKind.choices, default=AgencyKind.OTHER)
    unit = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="agencies"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["e_id"]

    def __str__(self) -> str:
        return self.name


class Desk(models.Model):
    """A one-stop desk: the provincial centre, a commune centre or one of their branches."""

    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=30, choices=DeskKind.choices)
    unit = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="desks"
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("operating agency"),
        on_delete=models.PROTECT,
        related_name="desks",
        help_text=_("The agency whose electronic identifier starts the codes of dossiers received here."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("main desk"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="branches",
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("one-stop desk")
        verbose_name_plural = _("one-stop desks")
        ordering = ["unit__code", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=DeskKind.BRANCH, parent__isnull=False) | ~Q(kind=DeskKind.BRANCH),
                name="desk_branch_has_parent",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class StaffPost(models.Model):
    """A person holding a role at an agency, a desk or (for helpers and inspectors) a unit."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.PROTECT, related_name="posts"
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="posts",
        help_text=_("The unit whose records the post may see (with its sub-units)."),
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="posts",
    )
    desk = models.ForeignKey(
        Desk, verbose_name=_("desk"), null=True, blank=True, on_delete=models.PROTECT, related_name="posts"
    )
    title = models.CharField(
        _("title"), max_length=120, blank=True, help_text=_("e.g. Chủ tịch, Công chức Tư pháp")
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    class Meta:
        verbose_name = _("staff post")
        verbose_name_plural = _("staff posts")
        ordering = ["unit__code", "role"]
        constraints = [
            models.CheckConstraint(
                condition=Q(agency__isnull=True) | Q(desk__isnull=True), name="post_agency_or_desk_not_both"
            ),
            models.CheckConstraint(condition=~Q(role="citizen"), name="post_role_not_citizen"),
        ]

    def __str__(self) -> str:
        place = self.agency or self.desk or self.unit
        return f"{self.user} — {self.get_role_display()} — {place}"
