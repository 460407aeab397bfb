"""Writes of the community teams: keyword-only, validated, audited, each in one transaction."""

import secrets
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onestop.accounts.models import User
from onestop.accounts.services import citizen_register
from onestop.community.constants import ConsentMethod
from onestop.community.models import Consent, HelpedDossier, HelpedRegistration, HelperAssignment, Village
from onestop.community.selectors import helper_communes, helper_covers
from onestop.core.services import audit_record
from onestop.core.text import nfc
from onestop.dossiers.constants import SubmitterKind
from onestop.dossiers.models import Dossier
from onestop.organizations.constants import Role, UnitLevel
from onestop.organizations.models import AdministrativeUnit
from onestop.organizations.scope import AllUnits, covered_unit_ids
from onestop.workdays.constants import TZ


def _require_admin_of(*, actor: Any, commune: AdministrativeUnit) -> None:
    """Villages and assignments are a commune's set-up: its administrators' job (``None``: the system)."""
    if actor is None:
        return
    covered = covered_unit_ids(user=actor, roles={Role.UNIT_ADMIN, Role.SYSTEM_ADMIN})
    if isinstance(covered, AllUnits) or commune.pk in covered:
        return
    raise PermissionDenied(_("You are not an administrator of %(unit)s.") % {"unit": commune.name})


def _helper_commune(
    *, helper: Any, commune: AdministrativeUnit | None, village: Village | None
) -> AdministrativeUnit:
    """The commune a helper acts in: the village's, the one given, or the only one the helper serves."""
    if village is not None:
        if commune is not None and village.commune_id != commune.pk:
            raise ValidationError(
                {"village": [_("This village is not in %(unit)s.") % {"unit": commune.name}]}
            )
        commune = village.commune
    if commune is None:
        served = list(helper_communes(helper=helper)[:2])
        if not served:
            raise PermissionDenied(_("You are not a community helper of any commune."))
        if len(served) > 1:
            raise ValidationError({"village": [_("Choose the village of the person you are helping.")]})
        return served[0]
    if not helper_covers(helper=helper, commune=commune):
        raise PermissionDenied(_("You are not a community helper of %(unit)s.") % {"unit": commune.name})
    return commune


def _method(method: str) -> ConsentMethod:
    if method not in ConsentMethod.values:
        raise ValidationError({"consent_method": [_("Choose how the person gave their consent.")]})
    return ConsentMethod(method)


def _consent_create(
    *,
    helper: Any,
    citizen: User,
    commune: AdministrativeUnit,
    village: Village | None,
    method: ConsentMethod,
    note: str,
) -> Consent:
    if citizen.pk == helper.pk:
        raise ValidationError(_("You cannot record a consent for yourself."))
    if Consent.objects.filter(helper=helper, citizen=citizen, withdrawn_at__isnull=True).exists():
        raise ValidationError(_("This person's consent for you is already recorded."), code="consent_exists")
    consent = Consent(
        helper=helper,
        citizen=citizen,
        commune=commune,
        village=village,
        given_at=timezone.now(),
        method=method,
        note=nfc(note),
    )
    consent.full_clean()
    consent.save()
    audit_record(
        actor=helper,
        action="community.consent_recorded",
        subject=consent,
        after={
            "helper": helper.pk,
            "citizen": citizen.pk,
            "commune": commune.code,
            "village": village.pk if village else None,
            "method": method.value,
        },
    )
    return consent


@transaction.atomic
def consent_record(
    *,
    helper: Any,
    citizen: User,
    method: str,
    village: Village | None = None,
    note: str = "",
    commune: AdministrativeUnit | None = None,
) -> Consent:
    """Record that ``citizen`` lets ``helper`` register them and submit dossiers for them.

    The helper must serve the commune (the village's, ``commune``, or the only one they serve) through an
    active community-helper post: PermissionDenied otherwise. A consent already in force: ValidationError.
    """
    commune = _helper_commune(helper=helper, commune=commune, village=village)
    return _consent_create(
        helper=helper, citizen=citizen, commune=commune, village=village, method=_method(method), note=note
    )


@transaction.atomic
def consent_withdraw(*, citizen_or_helper: Any, consent: Consent) -> Consent:
    """End a consent; the citizen or the helper may. Withdrawing twice changes nothing."""
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if getattr(citizen_or_helper, "pk", None) not in {consent.citizen_id, consent.helper_id}:
        raise PermissionDenied(_("Only the person or their helper may withdraw this consent."))
    if consent.withdrawn_at is not None:
        return consent
    consent.withdrawn_at = timezone.now()
    consent.save(update_fields=["withdrawn_at"])
    audit_record(
        actor=citizen_or_helper,
        action="community.consent_withdrawn",
        subject=consent,
        before={"withdrawn_at": None},
        after={
            "withdrawn_at": consent.withdrawn_at,
            "by": "citizen" if citizen_or_helper.pk == consent.citizen_id else "helper",
        },
    )
    return consent


@transaction.atomic
def helper_register_citizen(
    *,
    helper: Any,
    full_name: str,
    personal_id: str,
    phone: str = "",
    email: str = "",
    village: Village | None = None,
    consent_method: str,
    note: str = "",
    commune: AdministrativeUnit | None = None,
) -> User:
    """Create a citizen's account for them, with their consent that this helper acts for them.

    The account has no usable password: the person sets one later with "forgot password", using the code
    sent to their phone (or e-mail). Errors are ValidationErrors keyed like the arguments.
    """
    commune = _helper_commune(helper=helper, commune=commune, village=village)
    method = _method(consent_method)
    citizen = citizen_register(
        full_name=full_name,
        personal_id=personal_id,
        phone=phone,
        email=email,
        # Only to pass the password checks; it is thrown away at once and nobody ever learns it.
        password=secrets.token_urlsafe(32),
    )
    citizen.set_unusable_password()
    citizen.save(update_fields=["password"])
    registration = HelpedRegistration.objects.create(
        helper=helper, citizen=citizen, commune=commune, village=village, created_at=timezone.now()
    )
    consent = _consent_create(
        helper=helper, citizen=citizen, commune=commune, village=village, method=method, note=note
    )
    audit_record(
        actor=helper,
        action="community.citizen_registered",
        subject=citizen,
        after={
            "registration": registration.pk,
            "consent": consent.pk,
            "commune": commune.code,
            "village": village.pk if village else None,
        },
    )
    return citizen


@transaction.atomic
def helped_dossier_record(*, helper: Any, dossier: Dossier, consent: Consent | None) -> HelpedDossier:
    """Record that ``helper`` submitted ``dossier`` for its applicant under ``consent``.

    Call it inside the submission's transaction, so a refusal (PermissionDenied: no consent, somebody
    else's, withdrawn, or the helper no longer serves the commune) undoes the submission. Recording the same
    dossier again returns the first record.
    """
    if consent is None:
        raise PermissionDenied(_("The applicant's consent is missing or was withdrawn."))
    consent = Consent.objects.select_for_update().select_related("commune").get(pk=consent.pk)
    if consent.helper_id != getattr(helper, "pk", None) or consent.citizen_id != dossier.applicant_id:
        raise PermissionDenied(_("This consent was not given to you by the applicant of this dossier."))
    if consent.withdrawn_at is not None:
        raise PermissionDenied(_("The applicant's consent is missing or was withdrawn."))
    if not helper_covers(helper=helper, commune=consent.commune):
        raise PermissionDenied(
            _("You are no longer a community helper of %(unit)s.") % {"unit": consent.commune.name}
        )
    if dossier.submitter_kind != SubmitterKind.HELPER or dossier.submitter_id != helper.pk:
        raise ValidationError(_("This dossier does not name you as the community helper who submitted it."))
    existing = HelpedDossier.objects.filter(dossier=dossier).first()
    if existing is not None:
        if existing.helper_id != helper.pk:
            raise ValidationError(_("This dossier is already recorded for another helper."))
        return existing
    helped = HelpedDossier.objects.create(
        dossier=dossier,
        helper=helper,
        consent=consent,
        commune=consent.commune,
        village=consent.village,
        created_at=timezone.now(),
    )
    audit_record(
        actor=helper,
        action="community.dossier_helped",
        subject=helped,
        after={"dossier": dossier.code, "consent": consent.pk, "citizen": consent.citizen_id},
    )
    return helped


# Set-up of a commune: villages and which village a helper serves --------------------------------------


@transaction.atomic
def village_save(*, actor: Any, commune: AdministrativeUnit, name: str) -> Village:
    """The village ``name`` of ``commune``, created when missing."""
    _require_admin_of(actor=actor, commune=commune)
    if commune.level != UnitLevel.COMMUNE:
        raise ValidationError(_("Villages belong to a commune."))
    name = nfc(name)
    village = Village.objects.filter(commune=commune, name=name).first()
    if village is not None:
        return village
    village = Village(commune=commune, name=name)
    village.full_clean()
    village.save()
    audit_record(
        actor=actor,
        action="community.village_created",
        subject=village,
        after={"commune": commune.code, "name": name},
    )
    return village


@transaction.atomic
def helper_assign(
    *, actor: Any, helper: User, village: Village, valid_from: date | None = None
) -> HelperAssignment:
    """Let ``helper`` serve ``village`` from ``valid_from`` (today); their previous assignment there ends."""
    commune = village.commune
    _require_admin_of(actor=actor, commune=commune)
    if not helper_covers(helper=helper, commune=commune):
        raise ValidationError(
            _("%(name)s is not a community helper of %(unit)s.") % {"name": helper, "unit": commune}
        )
    day = valid_from or timezone.now().astimezone(TZ).date()
    current = (
        HelperAssignment.objects.select_for_update()
        .filter(helper=helper, commune=commune, valid_to__isnull=True)
        .order_by("-valid_from")
        .first()
    )
    if current is not None and current.village_id == village.pk:
        return current
    before = None
    if current is not None:
        before = {"village": current.village_id, "valid_from": current.valid_from}
        current.valid_to = max(day - timedelta(days=1), current.valid_from)
        current.save(update_fields=["valid_to"])
    assignment = HelperAssignment(helper=helper, commune=commune, village=village, valid_from=day)
    assignment.full_clean()
    assignment.save()
    audit_record(
        actor=actor,
        action="community.helper_assigned",
        subject=assignment,
        before=before,
        after={"helper": helper.pk, "village": village.pk, "valid_from": day},
    )
    return assignment
