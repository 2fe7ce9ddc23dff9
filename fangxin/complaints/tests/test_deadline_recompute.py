"""Issue 11 items 4 and 6: unconfirmed period versions, and deadlines recomputed when the office
confirms or corrects a version or enters a year of the calendar."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from fangxin.complaints import reasons, services
from fangxin.complaints.models import ComplaintEvent, NotAcceptedGround
from fangxin.core import calendar, periods
from fangxin.core.models import CalendarDay, CalendarYear, Notification, PeriodRule
from fangxin.core.roles import Role
from fangxin.registry.models import OperatorEvent

from .conftest import file_complaint

pytestmark = pytest.mark.django_db


def test_complaint_since_2026_04_15_cites_order_121_as_unconfirmed(operator):
    complaint = file_complaint(operator, received_on=date(2026, 5, 6))
    used = complaint.periods_used["complaint_acceptance"]
    assert "第121号" in used["source"] and "第20号" not in used["source"]
    assert used["confirmed"] is False
    earlier = file_complaint(operator, received_on=date(2026, 4, 14))
    assert "第20号" in earlier.periods_used["complaint_acceptance"]["source"]


def test_pages_warn_about_unconfirmed_periods(client, make_user, operator, station_user):
    complaint = file_complaint(operator, received_on=date(2026, 5, 6))
    office = make_user(Role.OFFICE)
    client.force_login(office)
    home = client.get("/desk/").content.decode()
    assert 'id="period-warnings"' in home and "第121号" in home
    assert "不予受理情形（6项）" in home
    periods_page = client.get("/admin/core/periodrule/").content.decode()
    assert "尚未核对" in periods_page and "第121号" in periods_page
    detail = client.get(f"/complaints/{complaint.pk}/").content.decode()
    assert 'id="deadline-unconfirmed"' in detail
    # A station's home page is not where periods are checked.
    client.force_login(station_user)
    assert 'id="period-warnings"' not in client.get("/desk/").content.decode()
    older = file_complaint(operator, received_on=date(2026, 4, 14))
    page = client.get(f"/complaints/{older.pk}/").content.decode()
    assert 'id="deadline-unconfirmed"' not in page


def test_correcting_a_version_recomputes_open_items(
    make_user, operator, station_user, django_capture_on_commit_callbacks
):
    office = make_user(Role.OFFICE)
    moved = file_complaint(operator, received_on=date(2026, 5, 6))
    accepted = file_complaint(operator, received_on=date(2026, 5, 6))
    services.accept(station_user, accepted, date(2026, 5, 7))
    before = moved.decide_by
    rule = PeriodRule.objects.get(code="complaint_acceptance", effective_from=date(2026, 4, 15))
    with django_capture_on_commit_callbacks(execute=True):
        count = periods.confirm(
            office, rule, days=5, source="《市场监督管理投诉举报处理办法》第十五条"
        )
    assert count == 1  # the accepted one is past its acceptance decision
    moved.refresh_from_db()
    assert moved.decide_by == calendar.add_working_days(date(2026, 5, 6), 5).value != before
    assert moved.due_on == moved.decide_by
    used = moved.periods_used["complaint_acceptance"]
    assert used["confirmed"] is True and used["days"] == 5 and used["source"].endswith("第十五条")
    event = moved.events.get(kind=ComplaintEvent.Kind.DEADLINE)
    assert before.isoformat() in event.note and moved.decide_by.isoformat() in event.note
    assert event.actor == office
    assert Notification.objects.filter(user=station_user, subject__contains=moved.tracking_code)


def test_confirming_unchanged_writes_the_event_and_timeline_without_a_notice(
    make_user, operator, station_user, django_capture_on_commit_callbacks
):
    office = make_user(Role.OFFICE)
    complaint = file_complaint(operator, received_on=date(2026, 5, 6))
    services.accept(station_user, complaint, date(2026, 5, 7))
    due = complaint.mediation_ends_by
    rule = PeriodRule.objects.get(code="complaint_mediation", effective_from=date(2026, 4, 15))
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        assert periods.confirm(office, rule) == 1
    complaint.refresh_from_db()
    assert complaint.mediation_ends_by == due
    assert complaint.periods_used["complaint_mediation"]["confirmed"] is True
    assert "期限不变" in complaint.events.get(kind=ComplaintEvent.Kind.DEADLINE).note
    # The operator takes part in mediation: its timeline says so too.
    assert OperatorEvent.objects.filter(operator=operator, summary__contains="期限重算").exists()
    assert not Notification.objects.exists()


def test_a_tipoff_never_reaches_the_operator_timeline(make_user, operator):
    office = make_user(Role.OFFICE)
    tipoff = file_complaint(operator, kind="tipoff", received_on=date(2026, 5, 6))
    rule = PeriodRule.objects.get(code="tipoff_verification", effective_from=date(2026, 4, 15))
    periods.confirm(office, rule, days=10)
    assert tipoff.events.filter(kind=ComplaintEvent.Kind.DEADLINE).exists()
    assert not OperatorEvent.objects.filter(summary__contains=tipoff.tracking_code).exists()


def test_confirm_from_the_periods_page(client, make_user, operator):
    complaint = file_complaint(operator, received_on=date(2026, 5, 6))
    rule = PeriodRule.objects.get(code="complaint_acceptance", effective_from=date(2026, 4, 15))
    client.force_login(make_user(Role.OFFICE))
    response = client.post(
        "/admin/core/periodrule/",
        {"action": "confirm_versions", "_selected_action": [rule.pk]},
        follow=True,
    )
    assert response.status_code == 200
    rule.refresh_from_db()
    assert rule.confirmed
    assert complaint.events.filter(kind=ComplaintEvent.Kind.DEADLINE).exists()


def test_correcting_in_the_edit_form_recomputes(client, make_user, operator):
    complaint = file_complaint(operator, received_on=date(2026, 5, 6))
    rule = PeriodRule.objects.get(code="complaint_acceptance", effective_from=date(2026, 4, 15))
    client.force_login(make_user(Role.OFFICE))
    response = client.post(
        f"/admin/core/periodrule/{rule.pk}/change/",
        {
            "code": rule.code,
            "name": rule.name,
            "days": 3,
            "unit": rule.unit,
            "extension_days": 0,
            "source": rule.source,
            "effective_from": "2026-04-15",
            "confirmed": "on",
            "note": "已核对第121号令",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    complaint.refresh_from_db()
    assert complaint.decide_by == calendar.add_working_days(date(2026, 5, 6), 3).value
    assert complaint.events.filter(kind=ComplaintEvent.Kind.DEADLINE).exists()


def test_entering_a_year_recomputes_provisional_deadlines(client, make_user, operator):
    # Received 2026-12-28: the 7th working day falls in 2027, which nobody has entered yet.
    complaint = file_complaint(operator, received_on=date(2026, 12, 28))
    used = complaint.periods_used["complaint_acceptance"]
    assert used["provisional"] is True
    assert complaint.decide_by == date(2027, 1, 7)  # 2027-01-01 off by law
    client.force_login(make_user(Role.OFFICE))
    page = client.get(f"/complaints/{complaint.pk}/").content.decode()
    assert "deadline-provisional" in page
    # The office enters a (hypothetical) schedule: 01-01 to 01-04 off.
    response = client.post(
        "/admin/core/calendaryear/add/",
        {
            "year": 2027,
            "source": "国办发明电〔2026〕1号",
            "holidays": "2027-01-01~2027-01-04 元旦\n2027-02-05~2027-02-11 春节",
            "workdays": "2027-02-20 春节调休上班",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert CalendarYear.objects.filter(year=2027).exists()
    assert CalendarDay.objects.filter(date__year=2027).count() == 12
    complaint.refresh_from_db()
    # 12-29, 12-30, 12-31, (01-01..01-04 off), 01-05, 01-06, 01-07, 01-08.
    assert complaint.periods_used["complaint_acceptance"]["provisional"] is False
    assert complaint.decide_by == date(2027, 1, 8)
    event = complaint.events.get(kind=ComplaintEvent.Kind.DEADLINE)
    assert "2027-01-07" in event.note and "2027-01-08" in event.note
    page = client.get(f"/complaints/{complaint.pk}/").content.decode()
    assert "deadline-provisional" not in page


def test_entering_an_unrelated_year_touches_nothing(make_user, operator):
    complaint = file_complaint(operator, received_on=date(2026, 5, 6))
    assert calendar.years_changed(make_user(Role.OFFICE), {2028}) == 0
    assert not complaint.events.filter(kind=ComplaintEvent.Kind.DEADLINE).exists()


def test_new_versions_loaded_repoint_open_items(operator):
    # A database from before this release: the Order 121 versions arrive with the migration.
    PeriodRule.objects.filter(effective_from=date(2026, 4, 15)).delete()
    complaint = file_complaint(operator, received_on=date(2026, 5, 6))
    assert "第20号" in complaint.periods_used["complaint_acceptance"]["source"]
    assert periods.load() == 5
    complaint.refresh_from_db()
    assert "第121号" in complaint.periods_used["complaint_acceptance"]["source"]
    assert complaint.events.filter(kind=ComplaintEvent.Kind.DEADLINE).exists()


# --- the not-accepted grounds, versioned the same way -------------------------------------------


def test_grounds_follow_the_version_in_force_on_receipt(operator, station_user):
    old = file_complaint(operator, received_on=date(2026, 4, 14))
    new = file_complaint(operator, received_on=date(2026, 4, 15))
    services.refuse(station_user, old, "time_barred")
    services.refuse(station_user, new, "time_barred")
    old_note = old.events.get(to_status="not_accepted").note
    new_note = new.events.get(to_status="not_accepted").note
    assert "第20号" in old_note and "第十五条第（四）项" in old_note
    assert "第121号" in new_note and "第20号" not in new_note
    grounds = reasons.for_date(date(2026, 4, 15))
    assert set(grounds) == set(reasons.for_date(date(2026, 4, 14)))
    assert all(not g.confirmed and g.note for g in grounds.values())
    assert all(g.confirmed for g in reasons.for_date(date(2026, 4, 14)).values())


def test_unchecked_grounds_are_shown_and_confirmed_by_the_office(
    client, make_user, operator, station_user
):
    complaint = file_complaint(operator, received_on=date(2026, 5, 6))
    client.force_login(station_user)
    page = client.get(f"/complaints/{complaint.pk}/").content.decode()
    assert 'id="grounds-unconfirmed"' in page
    # Only the office confirms.
    with pytest.raises(PermissionDenied):
        reasons.confirm(station_user, NotAcceptedGround.objects.all())
    client.force_login(make_user(Role.OFFICE))
    listing = client.get("/admin/complaints/notacceptedground/").content.decode()
    assert "尚未核对" in listing
    unchecked = list(NotAcceptedGround.objects.filter(confirmed=False).values_list("pk", flat=True))
    client.post(
        "/admin/complaints/notacceptedground/",
        {"action": "confirm_versions", "_selected_action": unchecked},
    )
    assert not NotAcceptedGround.objects.filter(confirmed=False).exists()
    assert reasons.unconfirmed_in_force(date(2026, 5, 6)) == []
    client.force_login(station_user)
    page = client.get(f"/complaints/{complaint.pk}/").content.decode()
    assert 'id="grounds-unconfirmed"' not in page


def test_grounds_file_is_validated():
    with pytest.raises(ValueError, match="missing"):
        reasons.parse("versions:\n  - rule: x\n    reasons: []\n")
    with pytest.raises(ValueError, match="duplicate"):
        reasons.parse(
            "versions:\n  - effective_from: 2020-01-01\n    rule: x\n    reasons:\n"
            "      - {code: a, text: t}\n      - {code: a, text: u}\n"
        )


def test_english_warning_has_no_chinese_brackets(client, make_user, operator):
    """Walk of issue 11: in English each warning read "投诉受理决定（in force from 2026-04-15）：":
    the brackets stood outside the translated text."""
    from django.utils import translation

    file_complaint(operator, received_on=date(2026, 5, 6))
    client.force_login(make_user(Role.OFFICE))
    with translation.override("zh-hans"):  # the English request must not leak to later tests
        client.post("/i18n/setlang/", {"language": "en", "next": "/"})
        warning = client.get("/desk/").content.decode()
    warning = warning[warning.index('id="period-warnings"') :]
    warning = warning[: warning.index("</ul>")]
    assert " (in force from 2026-04-15): " in warning
    assert "（in force" not in warning and "）：" not in warning
