"""The stamp font: 1000 units per em (pyHanko's assumption) with every Vietnamese letter."""

import io

from fontTools.ttLib import TTFont
from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
from pyhanko.pdf_utils.writer import PdfFileWriter

from onestop.signing.engine import FONT, StampFont

VIETNAMESE = "ẮẰẲẴẶắằẳẵặẤẦẨẪẬấầẩẫậĐđẾỀỂỄỆếềểễệỐỒỔỖỘốồổỗộỚỜỞỠỢớờởỡợỨỪỬỮỰứừửữựỲỴỶỸỳỵỷỹ"


def test_stamp_font_has_1000_units_per_em_and_every_vietnamese_letter() -> None:
    font = TTFont(FONT)
    assert font["head"].unitsPerEm == 1000
    cmap = font.getBestCmap()
    assert [c for c in VIETNAMESE if ord(c) not in cmap] == []


def _embedded_subset(factory: GlyphAccumulatorFactory) -> bytes:
    engine = factory.create_font_engine(PdfFileWriter())
    for line in ["Ký bởi: Phạm Quốc Hùng", "Chức vụ: Chủ tịch", "Ký lúc: 13:52:52 02/12/2026", VIETNAMESE]:
        engine.shape(line)
    engine.prepare_write()
    output = io.BytesIO()
    engine.cidfont_obj.tt_font.save(output)
    return output.getvalue()


def test_the_fast_stamp_font_embeds_the_same_subset_as_pyhanko() -> None:
    fast = _embedded_subset(StampFont(str(FONT), font_size=9))
    assert fast == _embedded_subset(GlyphAccumulatorFactory(str(FONT), font_size=9))
    assert "GPOS" not in TTFont(io.BytesIO(fast))
