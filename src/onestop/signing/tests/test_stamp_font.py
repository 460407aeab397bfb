"""The stamp font: 1000 units per em (pyHanko's assumption) with every Vietnamese letter."""

import io
from collections import OrderedDict
from typing import Any

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


def _font_objects(factory: GlyphAccumulatorFactory, line: str) -> tuple[dict[str, object], int]:
    """What a stamp's font puts in the PDF but the font program (the random subset tag blanked), and how
    many glyphs the engine's font has left."""
    font_engine = factory.create_font_engine(PdfFileWriter())
    font_engine.shape(line + engine._ALWAYS_EMBEDDED)
    font_engine.prepare_write()
    type0 = font_engine._font_ref.get_object()
    cid_font = type0["/DescendantFonts"][0].get_object()
    descriptor = cid_font["/FontDescriptor"].get_object()
    tag = font_engine.subset_prefix

    def plain(dictionary: Any, *skip: str) -> dict[str, str]:
        return {key: str(value).replace(tag, "TAG") for key, value in dictionary.items() if key not in skip}

    written = {
        "type0": plain(type0, "/DescendantFonts", "/ToUnicode"),
        "cid_font": plain(cid_font, "/FontDescriptor"),
        "descriptor": plain(descriptor, "/FontFile2"),
        "to_unicode": type0["/ToUnicode"].get_object().data,
    }
    return written, len(font_engine.tt.getGlyphOrder())


def test_stamp_engines_share_one_parsed_font_and_write_what_pyhanko_writes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(engine, "_SUBSETS", OrderedDict())
    monkeypatch.setattr(engine, "_PROTOTYPES", {})
    whole = len(TTFont(FONT).getGlyphOrder())
    for line in ["Ký bởi: Phạm Quốc Hùng", "Ủy ban nhân dân xã Ninh Giang", "Ký bởi: Phạm Quốc Hùng"]:
        ours, glyphs_left = _font_objects(StampFont(str(FONT), font_size=9), line)
        pyhankos, pyhankos_left = _font_objects(GlyphAccumulatorFactory(str(FONT), font_size=9), line)
        assert ours == pyhankos
        # Subsetting ran on a font of its own: the shared font keeps every glyph for the next stamp.
        assert glyphs_left == whole
        assert pyhankos_left < whole
    assert len(engine._PROTOTYPES) == 1
    assert len(engine._SUBSETS) == 2
    first = StampFont(str(FONT), font_size=9).create_font_engine(PdfFileWriter())
    second = StampFont(str(FONT), font_size=9).create_font_engine(PdfFileWriter())
    assert first.tt is second.tt
    assert first.subset_prefix != second.subset_prefix
