"""The stamp font: 1000 units per em (pyHanko's assumption) with every Vietnamese letter."""

import io
from collections import OrderedDict

import pytest
from fontTools.ttLib import TTFont
from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
from pyhanko.pdf_utils.writer import PdfFileWriter

from onestop.signing import engine
from onestop.signing.engine import FONT, StampFont

VIETNAMESE = "ẮẰẲẴẶắằẳẵặẤẦẨẪẬấầẩẫậĐđẾỀỂỄỆếềểễệỐỒỔỖỘốồổỗộỚỜỞỠỢớờởỡợỨỪỬỮỰứừửữựỲỴỶỸỳỵỷỹ"


def test_stamp_font_has_1000_units_per_em_and_every_vietnamese_letter() -> None:
    font = TTFont(FONT)
    assert font["head"].unitsPerEm == 1000
    cmap = font.getBestCmap()
    assert [c for c in VIETNAMESE if ord(c) not in cmap] == []


def _embedded_font_program(factory: GlyphAccumulatorFactory, *extra: str) -> bytes:
    engine = factory.create_font_engine(PdfFileWriter())
    for line in [
        "Ký bởi: Phạm Quốc Hùng",
        "Chức vụ: Chủ tịch",
        "Ký lúc: 13:52:52 02/12/2026",
        VIETNAMESE,
        *extra,
    ]:
        engine.shape(line)
    engine.prepare_write()
    program: bytes = engine.cidfont_obj._font_descriptor["/FontFile2"].get_object().data
    return program


def test_the_stamp_font_embeds_what_pyhanko_embeds_and_reuses_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "_SUBSETS", OrderedDict())
    fresh = _embedded_font_program(StampFont(str(FONT), font_size=9))
    reused = _embedded_font_program(StampFont(str(FONT), font_size=9))
    assert len(engine._SUBSETS) == 1
    pyhanko = _embedded_font_program(GlyphAccumulatorFactory(str(FONT), font_size=9), engine._ALWAYS_EMBEDDED)
    # Equal but for head.modified, which fontTools stamps at saving.
    programs = [TTFont(io.BytesIO(p), recalcTimestamp=False) for p in (fresh, reused, pyhanko)]
    for font in programs:
        font["head"].modified = 0
    assert _saved(programs[0]) == _saved(programs[1]) == _saved(programs[2])
    assert "GPOS" not in programs[0]


def _saved(font: TTFont) -> bytes:
    output = io.BytesIO()
    font.save(output, reorderTables=False)
    return output.getvalue()
