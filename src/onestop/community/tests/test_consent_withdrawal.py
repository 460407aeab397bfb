"""A withdrawn consent, or a helper who no longer serves the commune, stops all acting for the citizen."""

from collections.abc import Callable
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from onestop.accounts.models import User
from onestop.community.constants import ConsentMethod
from onestop.community.models import Consent, HelpedDossier
from onestop.community.selectors import consent_for, helper_may_act_for
from onestop.community.services import consent_record, consent_withdraw, helped_dossier_record
from onestop.core.models import AuditEvent
from onestop.dossiers.models import Dossier
from onestop.organizations.models import StaffPost


def test_a_withdrawn_consent_ends_acting_and_refuses_the_dossier_record(
    place: SimpleNamespace, register: Callable[..., User], helped_dossier: Callable[..., Dossier]
) -> None:
    citizen = register()
    consent = consent_for(helper=place.helper, citizen=citizen)
    assert consent is not None
    dossier = helped_dossier(helper=place.helper, citizen=citizen, record=False)

    consent_withdraw(citizen_or_helper=citizen, consent=consent)

    assert consent_for(helper=place.helper, citizen=citizen) is None
    assert not helper_may_act_for(helper=place.helper, citizen=citizen)
    with pytest.raises(PermissionDenied):
        helped_dossier_record(helper=place.helper, dossier=dossier, consent=consent)
    with pytest.raises(PermissionDenied):
        helped_dossier_record(
            helper=place.helper, dossier=dossier, consent=consent_for(helper=place.helper, citizen=citizen)
        )
    assert not HelpedDossier.objects.exists()
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    withdrawn = AuditEvent.objects.get(action="community.consent_withdrawn")
    assert (withdrawn.actor, withdrawn.after["by"]) == (citizen, "citizen")
    # Withdrawing twice changes nothing; a new consent can be given afterwards.
    consent_withdraw(citizen_or_helper=place.helper, consent=consent)
    assert AuditEvent.objects.filter(action="community.consent_withdrawn").count() == 1
    consent_record(helper=place.helper, citizen=citizen, method=ConsentMethod.IN_PERSON_SIGNED)
    assert helper_may_act_for(helper=place.helper, citizen=citizen)


def test_only_the_citizen_or_their_helper_may_withdraw(
    place: SimpleNamespace, register: Callable[..., User]
) -> None:
    citizen = register()
    consent = Consent.objects.get(citizen=citizen)
    for stranger in (place.second_helper, place.desk):
        with pytest.raises(PermissionDenied):
            consent_withdraw(citizen_or_helper=stranger, consent=consent)
    assert helper_may_act_for(helper=place.helper, citizen=citizen)
    consent_withdraw(citizen_or_helper=place.helper, consent=consent)
    assert not helper_may_act_for(helper=place.helper, citizen=citizen)


def test_a_dossier_is_recorded_only_under_the_applicants_consent_to_that_helper(
    place: SimpleNamespace, register: Callable[..., User], helped_dossier: Callable[..., Dossier]
) -> None:
    citizen, neighbour = register(), register()
    dossier = helped_dossier(helper=place.helper, citizen=citizen, record=False)
    with pytest.raises(PermissionDenied):  # another person's consent
        helped_dossier_record(
            helper=place.helper, dossier=dossier, consent=consent_for(helper=place.helper, citizen=neighbour)
        )
    with pytest.raises(PermissionDenied):  # the consent is not to this helper
        helped_dossier_record(
            helper=place.second_helper,
            dossier=dossier,
            consent=consent_for(helper=place.helper, citizen=citizen),
        )
    with pytest.raises(PermissionDenied):
        helped_dossier_record(helper=place.helper, dossier=dossier, consent=None)
    assert not HelpedDossier.objects.exists()

    consent = consent_for(helper=place.helper, citizen=citizen)
    helped = helped_dossier_record(helper=place.helper, dossier=dossier, consent=consent)
    assert (helped.consent, helped.commune, helped.village) == (consent, place.ninh_giang, place.dong)
    assert helped_dossier_record(helper=place.helper, dossier=dossier, consent=consent) == helped
    assert AuditEvent.objects.filter(action="community.dossier_helped").count() == 1


def test_a_dossier_the_citizen_submitted_alone_is_not_recorded_as_helped(
    place: SimpleNamespace, register: Callable[..., User], helped_dossier: Callable[..., Dossier]
) -> None:
    citizen = register()
    dossier = helped_dossier(helper=place.helper, citizen=citizen, record=False)
    Dossier.objects.filter(pk=dossier.pk).update(submitter_kind="self", submitter=None)
    dossier.refresh_from_db()
    with pytest.raises(ValidationError):
        helped_dossier_record(
            helper=place.helper, dossier=dossier, consent=consent_for(helper=place.helper, citizen=citizen)
        )


def test_a_helper_whose_post_ended_may_no_longer_act(
    place: SimpleNamespace, register: Callable[..., User], helped_dossier: Callable[..., Dossier]
) -> None:
    citizen = register()
    dossier = helped_dossier(helper=place.helper, citizen=citizen, record=False)
    yesterday = timezone.localdate() - timedelta(days=1)
    StaffPost.objects.filter(user=place.helper).update(valid_from=date(2025, 7, 1), valid_to=yesterday)
    assert consent_for(helper=place.helper, citizen=citizen) is not None  # still on record …
    assert not helper_may_act_for(helper=place.helper, citizen=citizen)  # … but no longer usable
    with pytest.raises(PermissionDenied):
        helped_dossier_record(
            helper=place.helper, dossier=dossier, consent=consent_for(helper=place.helper, citizen=citizen)
        )
