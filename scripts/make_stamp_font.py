"""Build the signature-stamp font: Tinos Regular at 1000 units per em, renamed (developer helper).

Usage: .venv/bin/python scripts/make_stamp_font.py
"""

from pathlib import Path

from fontTools.ttLib import TTFont
from fontTools.ttLib.scaleUpem import scale_upem

ROOT = Path(__file__).resolve().parents[1] / "src/onestop"
SOURCE = ROOT / "core/static/onestop/fonts/Tinos-Regular.ttf"
TARGET = ROOT / "signing/fonts/TinosStamp-Regular.ttf"


def main() -> None:
    font = TTFont(SOURCE)
    scale_upem(font, 1000)
    for record in font["name"].names:
        if record.nameID in {1, 4, 16}:
            record.string = str(record.toUnicode()).replace("Tinos", "Tinos Stamp")
        elif record.nameID == 6:
            record.string = str(record.toUnicode()).replace("Tinos", "TinosStamp")
    font.save(TARGET)
    print(f"{TARGET}: {font['head'].unitsPerEm} units per em")


if __name__ == "__main__":
    main()
