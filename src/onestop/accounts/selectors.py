"""Reads of accounts: who counts as verified, finding an account by what a person types to log in."""

from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from onestop.accounts.models import Organization, User, VerificationCode
from onestop.accounts.validators import PHONE_RE, normalize_phone
from onestop.core.text import nfc
from onestop.organizations.selectors import user_is_staff_member


def account_is_verified(*, user: Any) -> bool:
    """Staff, and people who confirmed their phone or e-mail with a code (or whose account predates codes)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.contact_verified_at is not None or user_is_staff_member(user=user)


def account_by_login(*, login: str) -> User | None:
    """The active account whose login name, phone number or e-mail is ``login``; None when none or several."""
    login = nfc(login).strip()
    if not login:
        return None
    query = Q(username=login)
    if "@" in login:
        query |= Q(email__iexact=login)
    phone = normalize_phone(login)
    if PHONE_RE.match(phone):
        query |= Q(phone=phone) | Q(username=phone)
    matches = list(User.objects.filter(query, is_active=True).distinct()[:2])
    return matches[0] if len(matches) == 1 else None


def verification_code_live(*, user: User, purpose: str) -> VerificationCode | None:
    """The code of ``purpose`` the person can still enter, if any."""
    return (
        VerificationCode.objects.filter(
            user=user,
            purpose=purpose,
            used_at__isnull=True,
            expires_at__gt=timezone.now(),
            attempts__lt=VerificationCode.MAX_ATTEMPTS,
        )
        .order_by("-created_at", "-pk")
        .first()
    )


def organizations_of(*, user: User) -> QuerySet[Organization]:
    return Organization.objects.filter(representatives=user).order_by("name")
