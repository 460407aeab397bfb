"""Uploads are checked by content: a renamed executable, an oversized, empty or corrupt file is refused with a
clear message, and nothing of the dossier is half-saved."""

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from onestop.dossiers.constants import ChannelCode
from onestop.dossiers.files import MAX_UPLOAD_BYTES
from onestop.dossiers.models import Dossier, DossierCodeCounter, DossierFile
from onestop.dossiers.services import ApplicantData, ComponentIntake, dossier_create
from onestop.dossiers.tests.conftest import pdf_upload

BAD_FILES = {
    "renamed executable": (
        SimpleUploadedFile("to-khai.pdf", b"MZ\x90\x00\x03" + b"\x00" * 200),
        "không phải",
    ),
    "oversized": (SimpleUploadedFile("scan.pdf", b"%PDF-1.7\n" + b"0" * (MAX_UPLOAD_BYTES + 1)), "vượt quá"),
    "empty": (SimpleUploadedFile("trong.pdf", b""), "không có nội dung"),
    "corrupt PDF": (SimpleUploadedFile("hong.pdf", b"%PDF-1.4\nthis is not really a pdf"), "bị hỏng"),
}


@pytest.mark.parametrize("kind", list(BAD_FILES))
def test_a_bad_upload_is_refused_and_nothing_is_saved(
    kind: str, people: SimpleNamespace, test_procedure: Any, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    upload, message = BAD_FILES[kind]
    upload.seek(0)
    good, bad = list(test_procedure.components.all()[:2])
    with pytest.raises(ValidationError) as caught:
        dossier_create(
            actor=people.citizen,
            desk=people.desk_place,
            version=test_procedure,
            applicant=ApplicantData(name="Nguyễn Văn An", id_number="031090001234", account=people.citizen),
            channel=ChannelCode.ONLINE,
            components=[
                ComponentIntake(component=good, scan=pdf_upload()),
                ComponentIntake(component=bad, scan=upload),
            ],
        )
    assert message in " ".join(caught.value.messages)
    assert upload.name in " ".join(caught.value.messages)
    assert not Dossier.objects.exists()
    assert not DossierFile.objects.exists()
    assert not DossierCodeCounter.objects.filter(last__gt=0).exists()
    assert list(tmp_path.rglob("*.*")) == []  # no stored file left behind
