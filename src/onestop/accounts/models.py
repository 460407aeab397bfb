"""People and organisations who use OneStop."""

from datetime import timedelta
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onestop.accounts.validators import validate_personal_id, validate_phone, validate_tax_code
from onestop.core.text import nfc
from onestop.notifications.models import ChannelName


class User(AbstractUser):
    """A person: citizen, helper or official. Staff roles come from organizations.StaffPost."""

    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    full_name = models.CharField(_("full name"), max_length=150)
    personal_id = models.CharField(
        _("personal ID number"),
        max_length=12,
        blank=True,
        validators=[validate_personal_id],
        help_text=_("12-digit citizen identity number."),
    )
    phone = models.CharField(_("phone"), max_length=10, blank=True, validators=[validate_phone])
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    # Accounts made by an administrator or the demo count as verified; citizen_register clears this until
    # the person enters the code sent to their phone or e-mail.
    contact_verified_at = models.DateTimeField(
        _("contact verified at"), null=True, blank=True, default=timezone.now
    )

    REQUIRED_FIELDS: ClassVar[list[str]] = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                fields=["personal_id"], condition=~models.Q(personal_id=""), name="user_unique_personal_id"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split()[-1] if self.full_name else self.username

    def clean(self) -> None:
        super().clean()
        self.full_name = nfc(self.full_name)

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Invariant, not business logic: stored text is NFC whichever path wrote it.
        self.full_name = nfc(self.full_name)
        super().save(*args, **kwargs)


class VerificationCode(models.Model):
    """A one-time code sent to a person's phone or e-mail; only its keyed hash is stored."""

    class Purpose(models.TextChoices):
        REGISTER = "register", _("Confirm a new account")
        RESET_PASSWORD = "reset_password", _("Reset the password")

    LIFETIME: ClassVar[timedelta] = timedelta(minutes=15)
    MAX_ATTEMPTS: ClassVar[int] = 5  # then the code is dead

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="verification_codes"
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=ChannelName.choices)
    recipient = models.CharField(_("recipient"), max_length=254)
    code_hash = models.CharField(_("code hash"), max_length=64)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("verification code")
        verbose_name_plural = _("verification codes")
        indexes = [models.Index(fields=["user", "purpose", "created_at"], name="verification_code_recent")]

    def __str__(self) -> str:
        return f"{self.user} {self.purpose} {self.created_at:%Y-%m-%d %H:%M}"


class Organization(models.Model):
    """A business or other organisation that applies through its representatives."""

    name = models.CharField(_("name"), max_length=255)
    tax_code = models.CharField(_("tax code"), max_length=14, unique=True, validators=[validate_tax_code])
    address = models.CharField(_("address"), max_length=255, blank=True)
    representatives = models.ManyToManyField(
        User, verbose_name=_("representatives"), related_name="organizations", blank=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name
