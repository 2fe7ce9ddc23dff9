import pytest

from fangxin.core import background


def double(x):
    return 2 * x


def test_inline_without_a_broker(settings):
    settings.CELERY_BROKER_URL = ""
    assert background.enqueue("fangxin.core.tests.test_background.double", 21) == 42


def test_celery_task_runs_the_same_function(settings):
    pytest.importorskip("celery")
    from fangxin.celery import app
    from fangxin.core.tasks import run_path

    app.conf.task_always_eager = True
    settings.CELERY_BROKER_URL = "memory://"
    result = background.enqueue("fangxin.core.tests.test_background.double", 4)
    assert result.get() == 8
    assert run_path("fangxin.core.tests.test_background.double", 1) == 2


@pytest.mark.django_db
def test_sweep_command_background_inline(capsys):
    from django.core.management import call_command

    call_command("sweep", "--background")
    assert "sweep done" in capsys.readouterr().out
