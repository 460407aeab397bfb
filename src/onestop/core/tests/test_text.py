import unicodedata

from onestop.core.text import fold, nfc


def test_nfc_composes_decomposed_vietnamese() -> None:
    decomposed = unicodedata.normalize("NFD", "Hồng Dụ")
    assert decomposed != "Hồng Dụ"
    assert nfc(f"  {decomposed} ") == "Hồng Dụ"


def test_fold_strips_marks_and_maps_d_with_stroke() -> None:
    assert fold("Đặc khu  Cát Hải") == "dac khu cat hai"
    assert fold(unicodedata.normalize("NFD", "Xã Hồng Dụ")) == "xa hong du"
