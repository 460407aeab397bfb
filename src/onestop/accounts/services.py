"""Writes of accounts: registration, one-time codes, password reset, profile, organisations, second factor."""

import hmac
import secrets
from datetime import timedelta

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from onestop.accounts.models import Organization, User, VerificationCode
from onestop.accounts.selectors import account_by_login
from onestop.accounts.validators import normalize_phone
from onestop.core.services import audit_record, outbox_write
from onestop.core.text import nfc
from onestop.notifications.models import ChannelName
from onestop.notifications.services import CODE_TOPIC
from onestop.notifications.tasks import deliver_notifications

CODE_MIN_INTERVAL = timedelta(seconds=60)  # between two codes of one person
CODE_HOURLY_LIMIT = 5


@transaction.atomic
def citizen_register(
    *, full_name: str, personal_id: str, phone: str = "", email: str = "", password: str
) -> User:
    """Create a citizen account; the phone number (or else the e-mail) is the login name.

    The account starts unverified and a registration code goes to that phone number or e-mail.
    """
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
        contact_verified_at=None,  # until the person enters the code sent to them
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
    verification_code_send(user=user, purpose=VerificationCode.Purpose.REGISTER)
    return user


def _enqueue_delivery() -> None:
    deliver_notifications.enqueue()


def _code_hash(*, user: User, purpose: str, code: str) -> str:
    """Keyed with SECRET_KEY, so the stored hash of a 6-digit code cannot be reversed by trying them all."""
    return salted_hmac(
        "onestop.accounts.VerificationCode", f"{user.pk}:{purpose}:{code}", algorithm="sha256"
    ).hexdigest()


def _code_actor(user: User, purpose: str) -> User | None:
    # Anybody can ask for a reset code by typing a phone number: the account holder is not the actor then.
    return user if purpose == VerificationCode.Purpose.REGISTER else None


@transaction.atomic
def verification_code_send(*, user: User, purpose: str) -> VerificationCode:
    """Send a fresh 6-digit code to the person's phone (else e-mail); it replaces their previous one.

    At most one code a minute and five an hour per person: ValidationError otherwise.
    """
    purpose = VerificationCode.Purpose(purpose)
    user = User.objects.select_for_update().get(pk=user.pk)  # one sender at a time per person
    now = timezone.now()
    last_hour = VerificationCode.objects.filter(user=user, created_at__gt=now - timedelta(hours=1))
    if last_hour.filter(created_at__gt=now - CODE_MIN_INTERVAL).exists():
        raise ValidationError(
            _("We sent you a code less than a minute ago. Wait a minute, then ask for a new one."),
            code="code_too_soon",
        )
    if last_hour.count() >= CODE_HOURLY_LIMIT:
        raise ValidationError(
            _("You asked for too many codes in the last hour. Try again in an hour."), code="code_too_many"
        )
    channel, recipient = (ChannelName.SMS, user.phone) if user.phone else (ChannelName.EMAIL, user.email)
    if not recipient:
        raise ValidationError(
            _("This account has no phone number or e-mail address to send a code to."), code="code_no_contact"
        )
    VerificationCode.objects.filter(
        user=user, purpose=purpose, used_at__isnull=True, expires_at__gt=now
    ).update(expires_at=now)
    code = f"{secrets.randbelow(1_000_000):06d}"
    verification = VerificationCode.objects.create(
        user=user,
        purpose=purpose,
        channel=channel,
        recipient=recipient,
        code_hash=_code_hash(user=user, purpose=purpose, code=code),
        created_at=now,
        expires_at=now + VerificationCode.LIFETIME,
    )
    # The worker sends the code, so it travels in the outbox; the key stays free of it (staff see keys).
    outbox_write(
        topic=CODE_TOPIC,
        key=f"account:{user.pk}",
        payload={
            "account": user.pk,
            "purpose": purpose.value,
            "channel": channel.value,
            "recipient": recipient,
            "code": code,
        },
    )
    audit_record(
        actor=_code_actor(user, purpose),
        action="user.code_sent",
        subject=user,
        after={"code": verification.pk, "purpose": purpose.value, "channel": channel.value},
    )
    transaction.on_commit(_enqueue_delivery)
    return verification


@transaction.atomic
def verification_code_check(*, user: User, purpose: str, code: str) -> bool:
    """Whether ``code`` is the person's live code of ``purpose``: a right one is used up, a wrong one counted.

    A code dies after 15 minutes, after five wrong tries, once used, or when a newer one is sent. A right code
    also proves the phone or e-mail it went to, which verifies a new account.
    """
    now = timezone.now()
    verification = (
        VerificationCode.objects.select_for_update()
        .filter(user=user, purpose=purpose, used_at__isnull=True)
        .order_by("-created_at", "-pk")
        .first()
    )
    if (
        verification is None
        or verification.expires_at <= now
        or verification.attempts >= VerificationCode.MAX_ATTEMPTS
    ):
        return False
    verification.attempts += 1
    expected = verification.code_hash
    given = _code_hash(user=user, purpose=purpose, code=code.strip())
    if not hmac.compare_digest(given, expected):
        verification.save(update_fields=["attempts"])
        audit_record(
            actor=_code_actor(user, purpose),
            action="user.code_refused",
            subject=user,
            after={"code": verification.pk, "attempts": verification.attempts},
        )
        return False
    verification.used_at = now
    verification.save(update_fields=["attempts", "used_at"])
    if user.contact_verified_at is None and verification.recipient in {user.phone, user.email}:
        user.contact_verified_at = now
        user.save(update_fields=["contact_verified_at"])
    audit_record(
        actor=user,
        action="user.code_confirmed",
        subject=user,
        after={"code": verification.pk, "purpose": verification.purpose, "channel": verification.channel},
    )
    return True


@transaction.atomic
def password_reset_request(*, login: str) -> None:
    """Send a reset code when ``login`` names an account; the caller learns nothing either way."""
    user = account_by_login(login=login)
    if user is None:
        return
    try:
        verification_code_send(user=user, purpose=VerificationCode.Purpose.RESET_PASSWORD)
    except ValidationError:
        # Too soon, too many or no contact: saying so would tell that the account exists.
        return


def _password_errors(password: str, user: User | None) -> None:
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"new_password": list(error.messages)}) from error


@transaction.atomic
def password_reset_with_code(*, login: str, code: str, new_password: str) -> bool:
    """Set a new password when ``code`` is the live reset code of the account ``login`` names.

    False alike for a wrong, expired or used code and for an unknown login; ValidationError on
    ``new_password`` for a weak password.
    """
    _password_errors(new_password, None)
    user = account_by_login(login=login)
    if user is None or not verification_code_check(
        user=user, purpose=VerificationCode.Purpose.RESET_PASSWORD, code=code
    ):
        return False
    # Checks against the account's own data (name, login) speak only to the holder of the code; failing
    # them rolls the code's use back, so the person can try another password with the same code.
    _password_errors(new_password, user)
    user.set_password(new_password)
    user.save(update_fields=["password"])
    audit_record(actor=user, action="user.password_reset", subject=user, after={"by": "code"})
    return True


@transaction.atomic
def profile_address_save(*, user: User, address: str) -> User:
    """The person's postal address, as they write it."""
    before = {"address": user.address}
    user.address = User._meta.get_field("address").clean(nfc(address).strip(), user)
    user.save(update_fields=["address"])
    audit_record(
        actor=user,
        action="user.address_changed",
        subject=user,
        before=before,
        after={"address": user.address},
    )
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
