"""The stamp font: 1000 units per em (pyHanko's assumption) with every Vietnamese letter."""

from fontTools.ttLib import TTFont

from onestop.signing.engine import FONT

VIETNAMESE = "ẮẰẲẴẶắằẳẵặẤẦẨẪẬấầẩẫậĐđẾỀỂỄỆếềểễệỐỒỔỖỘốồổỗộỚỜỞỠỢớờởỡợỨỪỬỮỰứừửữựỲỴỶỸỳỵỷỹ"


def test_stamp_font_has_1000_units_per_em_and_every_vietnamese_letter() -> None:
    font = TTFont(FONT)
    assert font["head"].unitsPerEm == 1000
    cmap = font.getBestCmap()
    assert [c for c in VIETNAMESE if ord(c) not in cmap] == []
