"""The demo gets three villages in a commune and its helper serves the first; a rerun changes nothing."""

from types import SimpleNamespace

from onestop.community.demo import demo_villages
from onestop.community.models import HelperAssignment, Village
from onestop.community.selectors import helper_assignment_current


def test_demo_villages_are_created_once_and_the_demo_helper_serves_one(place: SimpleNamespace) -> None:
    again = demo_villages(commune=place.ninh_giang)

    assert again == [place.dong, place.tay, place.trung_tam]
    assert Village.objects.filter(commune=place.ninh_giang).count() == 3
    assert HelperAssignment.objects.filter(helper=place.helper).count() == 1
    assignment = helper_assignment_current(helper=place.helper)
    assert assignment is not None
    assert (assignment.commune, assignment.village) == (place.ninh_giang, place.dong)
    # A commune the demo helper does not serve gets villages but no helper.
    demo_villages(commune=place.tan_an)
    assert Village.objects.filter(commune=place.tan_an).count() == 4
    assert HelperAssignment.objects.filter(helper=place.helper).count() == 1
