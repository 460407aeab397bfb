"""Writes of organisations: keyword-only, validated, audited, in one transaction."""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from onestop.core.services import audit_record
from onestop.core.text import fold, nfc
from onestop.organizations.constants import POST_ROLES, Role, UnitLevel
from onestop.organizations.models import AdministrativeUnit, Agency, Desk, StaffPost, UnitSuccession
from onestop.organizations.scope import AllUnits, covered_unit_ids


def _require_admin_of(*, actor: Any, unit: AdministrativeUnit) -> None:
    """Only a system administrator, or a unit administrator covering ``unit``, may change its set-up.

    ``actor=None`` is the system itself (management commands).
    """
    if actor is None:
        return
    covered = covered_unit_ids(user=actor, roles={Role.UNIT_ADMIN, Role.SYSTEM_ADMIN})
    if isinstance(covered, AllUnits) or unit.pk in covered:
        return
    raise PermissionDenied(_("You are not an administrator of %(unit)s.") % {"unit": unit.name})


def _snapshot(instance: Any, fields: list[str]) -> dict[str, Any]:
    return {name: getattr(instance, name) for name in fields}


@transaction.atomic
def unit_upsert(
    *,
    actor: Any,
    code: str,
    name: str,
    level: UnitLevel,
    division_type: str = "",
    parent: AdministrativeUnit | None = None,
    valid_from: date | None = None,
    valid_to: date | None = None,
) -> AdministrativeUnit:
    """Create or update the unit identified by (code, level, valid_from)."""
    if parent is not None:
        _require_admin_of(actor=actor, unit=parent)
    elif actor is not None:
        _require_system_admin(actor=actor)
    unit = AdministrativeUnit.objects.filter(code=code, level=level, valid_from=valid_from).first()
    created = unit is None
    if unit is None:
        unit = AdministrativeUnit(code=code, level=level, valid_from=valid_from)
    before = None if created else _snapshot(unit, ["name", "parent_id", "valid_to", "division_type"])
    unit.name = nfc(name)
    unit.name_folded = fold(unit.name)
    unit.division_type = nfc(division_type)
    unit.parent = parent
    unit.valid_to = valid_to
    unit.full_clean()
    unit.save()
    after = _snapshot(unit, ["name", "parent_id", "valid_to", "division_type"])
    if before != after:
        audit_record(actor=actor, action="unit.saved", subject=unit, before=before, after=after)
    return unit


def _require_system_admin(*, actor: Any) -> None:
    covered = covered_unit_ids(user=actor, roles={Role.SYSTEM_ADMIN})
    if not isinstance(covered, AllUnits):
        raise PermissionDenied(_("Only a system administrator may do this."))


@transaction.atomic
def unit_link_successor(
    *, actor: Any, predecessor: AdministrativeUnit, successor: AdministrativeUnit, partial: bool = False
) -> UnitSuccession:
    if actor is not None:
        _require_system_admin(actor=actor)
    if predecessor.valid_to is None:
        raise ValidationError(_("Only a unit that has ended can have a successor."))
    link, created = UnitSuccession.objects.update_or_create(
        predecessor=predecessor, successor=successor, defaults={"partial": partial}
    )
    if created:
        audit_record(
            actor=actor,
            action="unit.successor_linked",
            subject=predecessor,
            after={"successor": successor.code, "partial": partial},
        )
    return link


@transaction.atomic
def agency_save(
    *,
    actor: Any,
    e_id: str,
    name: str,
    kind: str,
    unit: AdministrativeUnit,
    parent: Agency | None = None,
) -> Agency:
    """Create or update the agency with electronic identifier ``e_id``."""
    _require_admin_of(actor=actor, unit=unit)
    agency = Agency.objects.filter(e_id=e_id).first()
    before = None if agency is None else _snapshot(agency, ["name", "kind", "unit_id", "parent_id"])
    agency = agency or Agency(e_id=e_id)
    agency.name = nfc(name)
    agency.kind = kind
    agency.unit = unit
    agency.parent = parent
    agency.full_clean()
    agency.save()
    after = _snapshot(agency, ["name", "kind", "unit_id", "parent_id"])
    if before != after:
        audit_record(actor=actor, action="agency.saved", subject=agency, before=before, after=after)
    return agency


@transaction.atomic
def desk_save(
    *,
    actor: Any,
    name: str,
    kind: str,
    unit: AdministrativeUnit,
    agency: Agency,
    parent: Desk | None = None,
    address: str = "",
    phone: str = "",
) -> Desk:
    """Create or update the desk named ``name`` in ``unit``."""
    _require_admin_of(actor=actor, unit=unit)
    name = nfc(name)
    desk = Desk.objects.filter(unit=unit, name=name).first()
    before = None if desk is None else _snapshot(desk, ["kind", "agency_id", "parent_id", "address", "phone"])
    desk = desk or Desk(unit=unit, name=name)
    desk.kind = kind
    desk.agency = agency
    desk.parent = parent
    desk.address = nfc(address)
    desk.phone = phone
    desk.full_clean()
    desk.save()
    after = _snapshot(desk, ["kind", "agency_id", "parent_id", "address", "phone"])
    if before != after:
        audit_record(actor=actor, action="desk.saved", subject=desk, before=before, after=after)
    return desk


@transaction.atomic
def staff_post_create(
    *,
    actor: Any,
    user: Any,
    role: str,
    valid_from: date,
    agency: Agency | None = None,
    desk: Desk | None = None,
    unit: AdministrativeUnit | None = None,
    title: str = "",
) -> StaffPost:
    """Give ``user`` a role at an agency, a desk or a unit; the post's unit follows the place."""
    if role not in POST_ROLES:
        raise ValidationError({"role": _("A staff post cannot have the role %(role)s.") % {"role": role}})
    if agency is not None and desk is not None:
        raise ValidationError(_("A post is held at an agency or at a desk, not both."))
    place_unit = agency.unit if agency else desk.unit if desk else unit
    if place_unit is None:
        raise ValidationError(_("Name the agency, desk or unit where the post is held."))
    if unit is not None and unit != place_unit:
        raise ValidationError(_("The unit must be the unit of the agency or desk."))
    _require_admin_of(actor=actor, unit=place_unit)
    post = StaffPost(
        user=user,
        role=role,
        unit=place_unit,
        agency=agency,
        desk=desk,
        title=nfc(title),
        valid_from=valid_from,
    )
    post.full_clean()
    post.save()
    audit_record(
        actor=actor,
        action="staff_post.created",
        subject=post,
        after={"user": user.pk, "role": role, "unit": place_unit.code, "title": post.title},
    )
    return post


@transaction.atomic
def staff_post_end(*, actor: Any, post: StaffPost, valid_to: date) -> StaffPost:
    _require_admin_of(actor=actor, unit=post.unit)
    if valid_to < post.valid_from:
        raise ValidationError(_("A post cannot end before it starts."))
    before = {"valid_to": post.valid_to}
    post.valid_to = valid_to
    post.save(update_fields=["valid_to"])
    audit_record(
        actor=actor, action="staff_post.ended", subject=post, before=before, after={"valid_to": valid_to}
    )
    return post
