"""The 12315 import reads through the bounded table reader: a CSV cell over 131,072 characters
is refused by row and column (it was one generic message for the whole file), and the small
workbook that unzips to a 106 MB sheet is refused before it is parsed."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fangxin.complaints import importing
from fangxin.complaints.models import Complaint
from fangxin.core.tests.hostile_tables import bomb_xlsx, long_cell_csv

from .test_import_12315 import URL, H, row

pytestmark = pytest.mark.django_db


def long_cell() -> bytes:
    values = row(1)
    return long_cell_csv(H, [values[h] for h in H], column=H.index("事件描述"))


def test_a_long_csv_cell_is_refused_by_row_and_column(office):
    with pytest.raises(importing.ImportFileError, match="第2行第11列（K列）有 131073 个字符"):
        importing.import_file(office, "export.csv", long_cell(), dry_run=True)
    assert Complaint.objects.count() == 0


def test_the_zip_bomb_is_refused_before_parsing(office):
    data = bomb_xlsx()
    started = time.perf_counter()
    with pytest.raises(importing.ImportFileError, match="解压后有"):
        importing.import_file(office, "export.xlsx", data, dry_run=True)
    assert time.perf_counter() - started < 0.5


def test_the_page_names_the_row_and_column(client, office):
    client.force_login(office)
    upload = SimpleUploadedFile("export.csv", long_cell())
    response = client.post(URL, {"file": upload, "dry_run": "on"})
    assert response.status_code == 200
    assert "第2行第11列" in response.content.decode()
