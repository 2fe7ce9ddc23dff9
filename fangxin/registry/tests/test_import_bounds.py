"""The operator import reads through the bounded table reader: the field's 450 KB workbook that
unzips to a 106 MB sheet and a CSV cell over 131,072 characters are refused at once, by row and
column, on the page and on the command line (they held a worker for 30 s, or gave a 500 and a
traceback)."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from fangxin.core.roles import Role
from fangxin.core.tests.hostile_tables import bomb_xlsx, long_cell_csv
from fangxin.registry import importing
from fangxin.registry.models import Operator

from .test_import import H, row

pytestmark = pytest.mark.django_db
URL = "/registry/operators/import/"


@pytest.fixture
def office(make_user, changxing):
    return make_user(Role.OFFICE)


def long_cell():
    return long_cell_csv(H, row(1), column=H.index("经营地址"))


def test_the_zip_bomb_is_refused_on_the_page_at_once(client, office):
    client.force_login(office)
    assert client.get(URL).status_code == 200  # templates loaded: time the refusal alone
    upload = SimpleUploadedFile("operators.xlsx", bomb_xlsx())
    started = time.perf_counter()
    response = client.post(URL, {"file": upload})
    elapsed = time.perf_counter() - started
    assert response.status_code == 200
    page = response.content.decode()
    assert "解压后有" in page and "16 MB" in page
    assert elapsed < 1.0, elapsed
    assert Operator.objects.count() == 0


def test_a_long_csv_cell_is_refused_on_the_page_by_row_and_column(client, office):
    client.force_login(office)
    response = client.post(URL, {"file": SimpleUploadedFile("operators.csv", long_cell())})
    assert response.status_code == 200
    assert "第2行第8列（H列）有 131073 个字符" in response.content.decode()


def test_the_command_line_refuses_both_without_a_traceback(office, tmp_path):
    for name, content, fragment in (
        ("bomb.xlsx", bomb_xlsx(), "解压后有"),
        ("long.csv", long_cell(), "第2行第8列"),
    ):
        path = tmp_path / name
        path.write_bytes(content)
        started = time.perf_counter()
        with pytest.raises(CommandError, match=fragment):
            call_command("import_operators", str(path), "--dry-run")
        assert time.perf_counter() - started < 1.0


def test_rows_beyond_the_setting_are_refused_while_reading(office, settings):
    settings.FANGXIN_TABLE_MAX_ROWS = 3
    content = ("\n".join(",".join(r) for r in [H, *[row(n) for n in range(1, 5)]]) + "\n").encode()
    with pytest.raises(importing.ImportFileError, match="超过 3 行（读到第4行时停止）"):
        importing.read_upload("operators.csv", content)
