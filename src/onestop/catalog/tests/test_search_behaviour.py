"""How procedure search forgives the way people type, and what it leaves out."""

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone

from onestop.catalog.content import VersionContent
from onestop.catalog.models import ProcedureVersion
from onestop.catalog.search import procedures_search
from onestop.catalog.services import procedure_version_create, synonym_save

pytestmark = pytest.mark.django_db

Publish = Callable[..., ProcedureVersion]


@pytest.fixture
def publish() -> Publish:
    def publish(code: str, name: str, *, field: str = "Hộ tịch", **kwargs: object) -> ProcedureVersion:
        content = VersionContent(name=name, field_name=field)
        return procedure_version_create(actor=None, code=code, content=content, **kwargs)

    return publish


@pytest.fixture
def civil_status(publish: Publish) -> None:
    publish("1.001193", "Thủ tục đăng ký khai sinh")
    publish("1.000656", "Thủ tục đăng ký khai tử")
    publish("1.000894", "Thủ tục đăng ký kết hôn")
    publish("1.004884", "Thủ tục đăng ký lại khai sinh")
    publish("1.004222", "Đăng ký thường trú", field="Đăng ký, quản lý cư trú")
    publish("1.004194", "Đăng ký tạm trú", field="Đăng ký, quản lý cư trú")


def codes(query: str, **kwargs: object) -> list[str]:
    return [hit.version.procedure.code for hit in procedures_search(query=query, **kwargs)]  # type: ignore[arg-type]


@pytest.mark.smoke
def test_query_without_diacritics_finds_the_marked_name(civil_status: None) -> None:
    assert codes("dang ky khai sinh")[0] == "1.001193"


def test_upper_case_and_marks_give_the_same_ranking(civil_status: None) -> None:
    assert codes("ĐĂNG KÝ KẾT HÔN") == codes("dang ky ket hon") == codes("Đăng ký kết hôn")
    assert codes("dang ky ket hon")[0] == "1.000894"


def test_decomposed_unicode_input_is_normalised(civil_status: None) -> None:
    decomposed = "đăng ký kết hôn".replace("ế", "e\u0302\u0301").replace("ô", "o\u0302")
    assert codes(decomposed) == codes("dang ky ket hon")


@pytest.mark.parametrize("query", ["khai sin", "dang ki khai sinh", "khia sinh", "đăng ký khai xinh"])
def test_typo_still_finds_the_procedure(civil_status: None, query: str) -> None:
    assert codes(query)[0] == "1.001193"


def test_southern_spelling_of_a_word_is_understood(civil_status: None) -> None:
    assert codes("dang ky thuong chu")[0] == "1.004222"


def test_word_order_does_not_matter(civil_status: None) -> None:
    assert codes("khai sinh dang ky")[0] == "1.001193"
    assert codes("khai sinh lai")[0] == "1.004884"


def test_words_typed_together_are_split(civil_status: None) -> None:
    assert codes("dangky khaisinh")[0] == "1.001193"


def test_last_word_matches_while_it_is_being_typed(civil_status: None) -> None:
    assert codes("dang ky ket h")[0] == "1.000894"
    assert codes("dang ky tam t")[0] == "1.004194"


def test_procedure_code_finds_the_procedure(civil_status: None) -> None:
    assert codes("1.000656") == ["1.000656"]


def test_synonym_saved_by_an_administrator_applies_at_once(civil_status: None) -> None:
    assert codes("o nha tro") == []

    synonym_save(actor=None, term="Ở nhà trọ", expansion="đăng ký tạm trú")

    assert codes("o nha tro")[0] == "1.004194"


def test_synonym_edited_in_place_applies_at_once(civil_status: None) -> None:
    synonym_save(actor=None, term="giay hong", expansion="kết hôn")
    assert codes("giay hong")[0] == "1.000894"

    synonym_save(actor=None, term="giay hong", expansion="khai tử")

    assert codes("giay hong")[0] == "1.000656"


def test_new_version_is_searchable_at_once(civil_status: None, publish: Publish) -> None:
    assert codes("nuoi con nuoi") == []

    publish("2.001263", "Đăng ký việc nuôi con nuôi trong nước", field="Nuôi con nuôi")

    assert codes("nuoi con nuoi") == ["2.001263"]


@pytest.mark.parametrize("query", ["", "   ", "\t\n"])
def test_empty_query_returns_nothing(civil_status: None, query: str) -> None:
    assert procedures_search(query=query) == []


def test_query_of_filler_words_only_returns_nothing(civil_status: None) -> None:
    assert procedures_search(query="thủ tục làm gì ở đâu, bao lâu?") == []
    assert procedures_search(query="how to apply") == []


def test_unrelated_query_returns_nothing(civil_status: None) -> None:
    assert procedures_search(query="qwzx pfft") == []


def test_filler_words_around_the_request_are_ignored(civil_status: None) -> None:
    assert codes("thu tuc dang ky ket hon can giay to gi")[0] == "1.000894"


def test_version_not_yet_in_force_is_not_found(publish: Publish) -> None:
    publish("1.004837", "Thủ tục đăng ký giám hộ", effective_from=timezone.localdate() + timedelta(days=3))

    assert codes("giam ho") == []


def test_replaced_version_gives_way_to_its_successor(publish: Publish) -> None:
    yesterday = timezone.localdate() - timedelta(days=1)
    publish("1.002755", "Gia hạn phiếu cư trú", effective_from=yesterday - timedelta(days=30))
    publish("1.002755", "Gia hạn tạm trú", effective_from=yesterday)

    hits = procedures_search(query="gia han")

    assert [(hit.version.procedure.code, hit.version.number) for hit in hits] == [("1.002755", 2)]
    assert codes("phieu") == []


def test_equal_scores_are_ordered_by_code(publish: Publish) -> None:
    publish("2.000002", "Cấp bản sao trích lục")
    publish("2.000001", "Cấp bản sao trích lục")

    hits = procedures_search(query="ban sao trich luc")

    assert [hit.version.procedure.code for hit in hits] == ["2.000001", "2.000002"]
    assert hits[0].score == hits[1].score


def test_best_match_comes_first_and_scores_decrease(civil_status: None) -> None:
    hits = procedures_search(query="dang ky khai sinh")

    assert [hit.version.procedure.code for hit in hits][:2] == ["1.001193", "1.004884"]
    assert [hit.score for hit in hits] == sorted((hit.score for hit in hits), reverse=True)


def test_limit_caps_the_results(civil_status: None) -> None:
    assert len(procedures_search(query="dang ky", limit=2)) == 2
    assert procedures_search(query="dang ky", limit=0) == []


def test_search_after_warm_up_takes_few_queries(civil_status: None, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    procedures_search(query="dang ky khai sinh")

    with django_assert_max_num_queries(4):  # synonyms, catalog revision (2), the hits
        hits = procedures_search(query="dang ky ket hon")
        assert [hit.version.field.name for hit in hits[:1]] == ["Hộ tịch"]
