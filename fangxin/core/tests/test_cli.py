import pytest

from fangxin import cli


@pytest.mark.django_db
def test_hyphenated_commands_reach_django(capsys, changxing):
    cli.main(["fangxin", "load-jurisdictions"])
    assert "15 areas" in capsys.readouterr().out
