"""Writes of accounts: registration, organisations and second-factor devices."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from onestop.accounts.models import Organization, User
from onestop.accounts.validators import normalize_phone
from onestop.core.services import audit_record
from onestop.core.text import nfc


@transaction.atomic
def citizen_register(
    *, full_name: str, personal_id: str, phone: str = "", email: str = "", password: str
) -> User:
    """Create a citizen account; the phone number (or else the e-mail) is the login name."""
    phone = normalize_phone(nfc(phone)) if phone else ""
    email = nfc(email).lower()
    personal_id = nfc(personal_id)
    if not phone and not email:
        raise ValidationError({"phone": _("Give a phone number or an e-mail address.")})
    user = User(
        username=phone or email,
        full_name=nfc(full_name),
        personal_id=personal_id,
        phone=phone,
        email=email,
    )
    errors: dict[str, list[str]] = {}
    try:
        user.full_clean(exclude=["password"])
    except ValidationError as error:
        errors.update(error.message_dict)
    if not user.full_name:
        errors.setdefault("full_name", []).append(_("Enter your full name."))
    for field, value, message in (
        ("personal_id", personal_id, _("An account with this personal ID number already exists.")),
        ("phone", phone, _("An account with this phone number already exists.")),
        ("email", email, _("An account with this e-mail address already exists.")),
    ):
        if value and User.objects.filter(**{field: value}).exists():
            errors.setdefault(field, []).append(message)
    if (
        User.objects.filter(username=user.username).exists()
        and "phone" not in errors
        and "email" not in errors
    ):
        errors.setdefault("phone" if phone else "email", []).append(_("This login name is already taken."))
    try:
        validate_password(password, user)
    except ValidationError as error:
        errors["password"] = list(error.messages)
    if errors:
        raise ValidationError({field: sorted(set(messages)) for field, messages in errors.items()})
    user.set_password(password)
    user.save()
    audit_record(actor=user, action="user.registered", subject=user, after={"username": user.username})
    return user


@transaction.atomic
def organization_register(
    *, representative: User, name: str, tax_code: str, address: str = ""
) -> Organization:
    """Register a business applicant with ``representative`` as the person acting for it."""
    organization = Organization(name=nfc(name), tax_code=nfc(tax_code), address=nfc(address))
    organization.full_clean()
    organization.save()
    organization.representatives.add(representative)
    audit_record(
        actor=representative,
        action="organization.registered",
        subject=organization,
        after={"tax_code": organization.tax_code, "representative": representative.pk},
    )
    return organization


@transaction.atomic
def totp_device_start(*, user: User) -> TOTPDevice:
    """The user's unconfirmed authenticator, created on first use; a confirmed one is never replaced."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)
    return device


@transaction.atomic
def totp_device_confirm(*, user: User, device: TOTPDevice, token: str) -> bool:
    """Confirm an authenticator by one code it shows; false when the code is wrong."""
    if device.user_id != user.pk or device.confirmed:
        raise ValidationError(_("This authenticator cannot be confirmed."))
    if not device.verify_token(token):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit_record(actor=user, action="user.second_factor_enrolled", subject=user, after={"device": device.pk})
    return True


def demo_totp_device(*, user: User, key_hex: str) -> TOTPDevice:
    """Give a demo account a confirmed authenticator with a published key (load-demo only)."""
    device, _created = TOTPDevice.objects.update_or_create(
        user=user, name="Demo", defaults={"key": key_hex, "confirmed": True}
    )
    return device
