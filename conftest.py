import pytest

from fangxin.core.roles import Role


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's language: a test that switches to English (a client
    request with the language cookie activates it on the thread) must not leak it into the
    next test, whose Chinese assertions would then fail depending on the order."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def migrate_to(transactional_db):
    """migrate_to(targets): the schema at those migrations; the state apps come back to read
    and write old rows. Going back unapplies every later migration, other apps' too, so the
    whole schema is put back afterwards, even when the test fails, or the tests after it meet
    missing tables."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    def migrate(targets):
        executor = MigrationExecutor(connection)
        executor.migrate(targets)
        return MigrationExecutor(connection).loader.project_state(targets).apps

    yield migrate
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.fixture
def make_user(db):
    """make_user(role, **fields): a saved user of that role, bound as the role requires."""
    from fangxin.core.tests.factories import (
        PartnerDepartmentFactory,
        StationFactory,
        UserFactory,
    )
    from fangxin.registry.tests.factories import OperatorFactory

    def make(role=Role.OFFICE, **fields):
        if role in {Role.STATION, Role.INSPECTOR} and "station" not in fields:
            fields["station"] = StationFactory()
        if role == Role.PARTNER and "partner_department" not in fields:
            fields["partner_department"] = PartnerDepartmentFactory()
        if role == Role.OPERATOR and "operator" not in fields:
            fields["operator"] = OperatorFactory()
        return UserFactory(role=role, **fields)

    return make


@pytest.fixture
def office(make_user):
    return make_user(Role.OFFICE)


@pytest.fixture
def campaign(office):
    """This year's campaign with the self-inspection phase spanning today."""
    from django.utils import timezone

    from fangxin.programme import services
    from fangxin.programme.models import PhaseCode
    from fangxin.programme.tests.conftest import put_phase_around_today

    campaign = services.create_campaign(office, timezone.localdate().year)
    put_phase_around_today(campaign, PhaseCode.SELF_INSPECTION)
    return campaign


@pytest.fixture
def changxing(db):
    """The shipped Changxing jurisdictions."""
    from fangxin.core import jurisdictions

    jurisdictions.load()


# --- Browser journeys: Playwright driving Debian's Chromium (never a downloaded browser) ---

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = "test-artifacts"


@pytest.fixture(scope="session")
def _chromium():
    import os
    from pathlib import Path

    if not Path(CHROMIUM).exists():
        if os.environ.get("FANGXIN_REQUIRE_BROWSER"):
            pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    # Playwright's sync API runs an event loop in this thread; the live server thread and the
    # test's own ORM calls are still plain synchronous code.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(_chromium, live_server, request):
    context = _chromium.new_context(base_url=live_server.url, locale="zh-CN")
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.console_errors = errors
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        from pathlib import Path

        Path(ARTIFACTS).mkdir(exist_ok=True)
        page.screenshot(path=f"{ARTIFACTS}/{request.node.name}.png", full_page=True)
    context.close()


# --- Drills: the tests that build the whole demo county (minutes each on two cores) ---------
# `make test` leaves them out to stay within ten minutes per database; `make drills` runs them,
# and `.ci/run` runs both on each database. A demo builder's own test is found by its name.
DRILL_FILES = {"test_pages_generic.py", "test_api_schema_fuzz.py"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        name = item.path.name
        if "demo" in name or name in DRILL_FILES:
            item.add_marker(pytest.mark.drill)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.rep_call = report
    return report


@pytest.fixture
def login(page):
    def do_login(username: str, password: str):
        page.goto("/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        with page.expect_navigation():
            page.click("button[type=submit]")
        return page

    return do_login
