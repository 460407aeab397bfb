import pytest
from django.core.exceptions import ValidationError

from onestop.organizations.validators import validate_agency_e_id


@pytest.mark.parametrize("value", ["H31", "H31.22", "H15.50.05.13", "G01.01.02", "000.00.24.H26"])
def test_valid_electronic_identifiers_are_accepted(value: str) -> None:
    validate_agency_e_id(value)


@pytest.mark.parametrize(
    "value",
    [
        "",
        "h31",
        "H31.",
        ".H31",
        "H31..22",
        "H31.2",
        "H31.222",
        "31.22",
        "H31-22",
        "H31.22 ",
        "Ư31",
        "H31." + "01." * 11 + "01",
    ],
)
def test_invalid_electronic_identifiers_are_refused(value: str) -> None:
    with pytest.raises(ValidationError):
        validate_agency_e_id(value)
