"""A helper registers a citizen with the citizen's consent; helpers act only in the commune they serve."""

from collections.abc import Callable
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from onestop.accounts.models import User
from onestop.community.constants import ConsentMethod
from onestop.community.models import Consent, HelpedRegistration
from onestop.community.selectors import citizens_of_helper, consent_for, helper_may_act_for
from onestop.community.services import consent_record, helper_register_citizen
from onestop.core.models import AuditEvent


@pytest.mark.smoke
def test_a_helper_registers_a_citizen_with_consent_and_a_record_of_both(place: SimpleNamespace) -> None:
    citizen = helper_register_citizen(
        helper=place.helper,
        full_name="Trần Thị Bé",
        personal_id="031090009999",
        phone="0988 000 111",
        village=place.tay,
        consent_method=ConsentMethod.IN_PERSON_VERBAL,
        note="Bà cụ không biết dùng điện thoại",
    )

    citizen.refresh_from_db()
    assert citizen.username == "0988000111"
    assert citizen.full_name == "Trần Thị Bé"
    assert not citizen.has_usable_password()  # the person sets one through "forgot password"
    assert citizen.contact_verified_at is None
    registration = HelpedRegistration.objects.get(citizen=citizen)
    assert (registration.helper, registration.commune, registration.village) == (
        place.helper,
        place.ninh_giang,
        place.tay,
    )
    consent = Consent.objects.get(citizen=citizen)
    assert (consent.helper, consent.commune, consent.village) == (place.helper, place.ninh_giang, place.tay)
    assert consent.method == ConsentMethod.IN_PERSON_VERBAL
    assert consent.withdrawn_at is None
    assert consent.note == "Bà cụ không biết dùng điện thoại"
    assert consent_for(helper=place.helper, citizen=citizen) == consent
    assert helper_may_act_for(helper=place.helper, citizen=citizen)
    assert list(citizens_of_helper(helper=place.helper)) == [citizen]

    registered = AuditEvent.objects.get(action="community.citizen_registered")
    assert registered.actor == place.helper
    assert registered.subject_id == str(citizen.pk)
    assert registered.after["consent"] == consent.pk
    assert registered.after["commune"] == "11203"
    recorded = AuditEvent.objects.get(action="community.consent_recorded")
    assert (recorded.actor, recorded.subject_id) == (place.helper, str(consent.pk))
    assert recorded.after["method"] == "in_person_verbal"


def test_a_refused_registration_leaves_no_account_consent_or_record(
    place: SimpleNamespace, register: Callable[..., User]
) -> None:
    register(personal_id="031090007777")
    with pytest.raises(ValidationError) as refused:
        register(personal_id="031090007777")
    assert "personal_id" in refused.value.message_dict
    assert User.objects.filter(personal_id="031090007777").count() == 1
    assert Consent.objects.count() == HelpedRegistration.objects.count() == 1


def test_a_helper_of_another_commune_cannot_register_in_this_commune(place: SimpleNamespace) -> None:
    with pytest.raises(PermissionDenied):
        helper_register_citizen(
            helper=place.other_helper,
            full_name="Trần Thị Bé",
            personal_id="031090009999",
            phone="0988000111",
            village=place.dong,  # a village of Ninh Giang; the helper serves Tân An
            consent_method=ConsentMethod.IN_PERSON_SIGNED,
        )
    with pytest.raises(PermissionDenied):
        helper_register_citizen(
            helper=place.other_helper,
            full_name="Trần Thị Bé",
            personal_id="031090009999",
            phone="0988000111",
            commune=place.ninh_giang,
            consent_method=ConsentMethod.IN_PERSON_SIGNED,
        )
    assert not User.objects.filter(personal_id="031090009999").exists()
    assert not Consent.objects.exists()
    # In their own commune the same helper may.
    citizen = helper_register_citizen(
        helper=place.other_helper,
        full_name="Trần Thị Bé",
        personal_id="031090009999",
        phone="0988000111",
        village=place.tan_an_village,
        consent_method=ConsentMethod.IN_PERSON_SIGNED,
    )
    assert HelpedRegistration.objects.get(citizen=citizen).commune == place.tan_an


def test_an_official_without_a_helper_post_cannot_register_or_record_consent(place: SimpleNamespace) -> None:
    with pytest.raises(PermissionDenied):
        helper_register_citizen(
            helper=place.desk,
            full_name="Trần Thị Bé",
            personal_id="031090009999",
            phone="0988000111",
            consent_method=ConsentMethod.IN_PERSON_SIGNED,
        )
    citizen = User.objects.get(username="0912345678")
    with pytest.raises(PermissionDenied):
        consent_record(helper=place.desk, citizen=citizen, method=ConsentMethod.IN_PERSON_SIGNED)
    assert not User.objects.filter(personal_id="031090009999").exists()


def test_without_a_village_the_helper_registers_in_the_only_commune_they_serve(
    place: SimpleNamespace,
) -> None:
    citizen = helper_register_citizen(
        helper=place.helper,
        full_name="Trần Thị Bé",
        personal_id="031090009999",
        email="be@example.vn",
        consent_method=ConsentMethod.CODE_CONFIRMED,
    )
    registration = HelpedRegistration.objects.get(citizen=citizen)
    assert (registration.commune, registration.village) == (place.ninh_giang, None)
    assert citizen.username == "be@example.vn"


def test_a_helper_records_the_consent_of_someone_who_registered_alone_once(place: SimpleNamespace) -> None:
    citizen = User.objects.get(username="0912345678")
    assert not helper_may_act_for(helper=place.helper, citizen=citizen)
    consent = consent_record(
        helper=place.helper, citizen=citizen, method=ConsentMethod.IN_PERSON_SIGNED, village=place.dong
    )
    assert consent.commune == place.ninh_giang
    assert helper_may_act_for(helper=place.helper, citizen=citizen)
    assert not helper_may_act_for(helper=place.second_helper, citizen=citizen)  # consent is per helper
    with pytest.raises(ValidationError):
        consent_record(helper=place.helper, citizen=citizen, method=ConsentMethod.IN_PERSON_VERBAL)
    with pytest.raises(ValidationError):
        consent_record(helper=place.helper, citizen=citizen, method="by_pigeon")
    assert Consent.objects.filter(citizen=citizen).count() == 1
