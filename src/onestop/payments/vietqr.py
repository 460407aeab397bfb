"""VietQR bank-transfer payloads (EMVCo merchant-presented QR, NAPAS 247) with their CRC-16."""

NAPAS_GUID = "A000000727"
TRANSFER_TO_ACCOUNT = "QRIBFTTA"


def _tlv(tag: str, value: str) -> str:
    if len(value) > 99:
        raise ValueError(f"EMVCo field {tag} is longer than 99 characters")
    return f"{tag}{len(value):02d}{value}"


def crc16_ccitt(data: bytes) -> int:
    """CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF), as EMVCo requires for tag 63."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _bit in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return crc


def payload(*, bank_bin: str, account: str, amount_vnd: int, message: str) -> str:
    """The text of a dynamic VietQR for a transfer of ``amount_vnd`` to ``account`` at bank ``bank_bin``."""
    beneficiary = _tlv("00", bank_bin) + _tlv("01", account)
    merchant = _tlv("00", NAPAS_GUID) + _tlv("01", beneficiary) + _tlv("02", TRANSFER_TO_ACCOUNT)
    text = (
        _tlv("00", "01")
        + _tlv("01", "12")  # dynamic: the amount is part of the code
        + _tlv("38", merchant)
        + _tlv("53", "704")  # VND
        + _tlv("54", str(amount_vnd))
        + _tlv("58", "VN")
        + _tlv("62", _tlv("08", message[:25]))
        + "6304"
    )
    return text + f"{crc16_ccitt(text.encode()):04X}"


def parse(text: str) -> dict[str, str]:
    """Top-level EMVCo fields of ``text`` (tag -> value), after checking its CRC."""
    if f"{crc16_ccitt(text[:-4].encode()):04X}" != text[-4:]:
        raise ValueError("CRC mismatch")
    fields, position = {}, 0
    while position < len(text):
        tag, length = text[position : position + 2], int(text[position + 2 : position + 4])
        fields[tag] = text[position + 4 : position + 4 + length]
        position += 4 + length
    return fields
