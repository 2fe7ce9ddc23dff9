"""The red and black list: drafting rules (each default, with negatives), the office's edits
with reasons, approval and publication, immutability at the model level, exits, station
scoping, staff pages and the export, summary figures."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import load_workbook

from fangxin.core.roles import Role
from fangxin.core.tests.factories import AreaFactory
from fangxin.oversight import list_periods
from fangxin.oversight import lists_services as lists
from fangxin.oversight.models.lists import (
    BlackListExit,
    ListEdit,
    ListEntry,
    ListPublication,
    ListRule,
    PublicationEvent,
    PublishedError,
)
from fangxin.supervision.models import RectificationOrder, WatchEntry

from .conftest import AFTER_Q1, IN_Q1

pytestmark = pytest.mark.django_db


def _kinds(publication) -> dict[int, str]:
    return {e.operator_id: e.list_kind for e in publication.entries.listed()}


def _published(office, plant_setup=None):
    publication = lists.draft_lists(office, 2026, 1)
    lists.approve(office, publication)
    return lists.publish(office, publication, today=AFTER_Q1)


# --- periods ---------------------------------------------------------------------------------


def test_quarter_bounds_and_bad_periods():
    assert list_periods.bounds("quarter", 2026, 1) == (date(2026, 1, 1), date(2026, 3, 31))
    assert list_periods.bounds("quarter", 2026, 4) == (date(2026, 10, 1), date(2026, 12, 31))
    assert list_periods.bounds("half", 2026, 2) == (date(2026, 7, 1), date(2026, 12, 31))
    assert list_periods.bounds("year", 2026, 1) == (date(2026, 1, 1), date(2026, 12, 31))
    for bad in (("quarter", 2026, 5), ("quarter", 2026, 0), ("quarter", 1999, 1)):
        with pytest.raises(list_periods.BadPeriod):
            list_periods.bounds(*bad)


def test_a_bad_period_or_a_future_one_is_refused_in_words(office):
    with pytest.raises(ValidationError, match="期间无效"):
        lists.draft_lists(office, 2026, 5)
    with pytest.raises(ValidationError, match="期间无效"):
        lists.draft_lists(office, "二〇二六", 1)
    with pytest.raises(ValidationError, match="尚未开始"):
        lists.draft_lists(office, 2099, 1)
    assert not ListPublication.objects.exists()


def test_the_default_rules_are_seeded_with_their_basis(office):
    rules = lists.rules()
    assert set(rules) == set(ListRule.Code.values)
    assert "第44号" in rules["black_credit_listing"].legal_basis
    assert rules["black_penalty"].days == 1095
    assert lists.list_settings().cadence == "quarter"


# --- drafting rules --------------------------------------------------------------------------


def test_a_clean_title_holder_is_red_with_reason_and_basis(office, plant):
    title = plant.title()
    plant.finding(title.operator, "minor")  # minor findings do not stop the red list
    publication = lists.draft_lists(office, 2026, 1)
    (entry,) = publication.entries.all()
    assert entry.list_kind == "red"
    assert title.certificate_no in entry.reason
    assert entry.basis == lists.rules()["red_clean_title"].legal_basis
    assert (entry.uscc, entry.operator_name) == (title.operator.uscc, title.operator.name)
    assert not entry.publish_legal_rep and entry.public_legal_rep == ""


def test_a_serious_finding_or_a_substantiated_complaint_keeps_a_holder_off_red(office, plant):
    serious = plant.title().operator
    plant.finding(serious, "serious")
    complained = plant.title().operator
    plant.complaint(complained)
    unfounded = plant.title().operator
    plant.complaint(unfounded, substantiated=False)
    outside = plant.title().operator
    plant.finding(outside, "serious", on=AFTER_Q1)  # after the period: does not count
    publication = lists.draft_lists(office, 2026, 1)
    kinds = _kinds(publication)
    assert serious.pk not in kinds and complained.pk not in kinds
    assert kinds[unfounded.pk] == "red" and kinds[outside.pk] == "red"


def test_a_title_revoked_in_the_period_is_black(office, plant):
    title = plant.title(status="revoked", revoked_on=IN_Q1, reason="销售假冒商品")
    publication = lists.draft_lists(office, 2026, 1)
    (entry,) = publication.entries.all()
    assert entry.list_kind == "black" and entry.rule == "black_revoked_title"
    assert "销售假冒商品" in entry.reason and title.certificate_no in entry.reason


def test_a_penalty_inside_its_publicity_period_is_black_and_publishes_the_rep(office, plant):
    inside = plant.operator(legal_rep_name="李四")
    plant.penalty(inside, decided_on=date(2024, 6, 1))
    expired = plant.operator()
    plant.penalty(expired, decided_on=date(2022, 6, 1))  # past three years
    publication = lists.draft_lists(office, 2026, 1)
    assert _kinds(publication) == {inside.pk: "black"}
    entry = publication.entries.get()
    assert "警告并罚款五千元" in entry.reason
    assert entry.public_legal_rep == "李四"


def test_a_credit_listing_in_force_is_black(office, plant):
    listed = plant.operator()
    plant.credit_listing(listed)
    holder = plant.title().operator
    plant.credit_listing(holder)  # a holder on a credit list is black, not red
    publication = lists.draft_lists(office, 2026, 1)
    assert _kinds(publication) == {listed.pk: "black", holder.pk: "black"}
    assert "严重违法失信名单" in publication.entries.filter(operator=listed).get().reason


def test_an_overdue_order_does_not_black_list(office, plant):
    operator = plant.operator()
    order = plant.overdue_order(operator)
    assert order.status == RectificationOrder.Status.ISSUED
    publication = lists.draft_lists(office, 2026, 1)
    assert operator.pk not in _kinds(publication)


def test_a_disabled_rule_drafts_nothing(office, plant):
    plant.credit_listing(plant.operator())
    rule = lists.rules()["black_credit_listing"]
    lists.update_rule(
        office,
        rule,
        enabled=False,
        legal_basis=rule.legal_basis,
        basis_confirmed=True,
        publish_legal_rep=True,
    )
    assert not lists.draft_lists(office, 2026, 1).entries.exists()


def test_only_the_office_drafts(make_user):
    with pytest.raises(PermissionDenied):
        lists.draft_lists(make_user(Role.STATION), 2026, 1)


# --- edits -----------------------------------------------------------------------------------


def test_edits_need_a_reason_and_are_recorded(office, plant):
    red = plant.title().operator
    other = plant.operator()
    publication = lists.draft_lists(office, 2026, 1)
    entry = publication.entries.get()
    with pytest.raises(ValidationError, match="修改理由"):
        lists.remove_entry(office, entry, "  ")
    with pytest.raises(ValidationError, match="修改理由"):
        lists.add_entry(
            office,
            publication,
            operator=other,
            list_kind="black",
            reason="拒不配合检查",
            basis="某依据",
            edit_reason="",
        )
    with pytest.raises(ValidationError, match="列入事由"):
        lists.add_entry(
            office,
            publication,
            operator=other,
            list_kind="black",
            reason="",
            basis="某依据",
            edit_reason="会议决定",
        )
    lists.remove_entry(office, entry, "正在调解中")
    added = lists.add_entry(
        office,
        publication,
        operator=other,
        list_kind="black",
        reason="拒不配合检查",
        basis="《中华人民共和国电子商务法》",
        edit_reason="办公室会议决定",
    )
    assert added.manual
    edits = list(ListEdit.objects.values_list("action", "operator_name", "reason", "by"))
    assert edits == [
        ("removed", red.name, "正在调解中", office.pk),
        ("added", other.name, "办公室会议决定", office.pk),
    ]
    assert _kinds(publication) == {other.pk: "black"}


def test_an_entry_cannot_be_saved_without_reason_or_basis(office, plant):
    plant.title()
    entry = lists.draft_lists(office, 2026, 1).entries.get()
    entry.reason = " "
    with pytest.raises(ValidationError):
        entry.save()


def test_a_redraft_keeps_the_offices_edits(office, plant):
    kept = plant.title().operator
    removed = plant.title().operator
    publication = lists.draft_lists(office, 2026, 1)
    lists.remove_entry(office, publication.entries.get(operator=removed), "待核实")
    extra = plant.operator()
    lists.add_entry(
        office,
        publication,
        operator=extra,
        list_kind="red",
        reason="获评省级示范",
        basis="方案",
        edit_reason="补充",
    )
    late = plant.title().operator  # a fact that arrived after the first draft
    lists.draft_lists(office, 2026, 1)
    assert _kinds(publication) == {kept.pk: "red", extra.pk: "red", late.pk: "red"}
    assert publication.entries.get(operator=removed).removed
    assert publication.entries.count() == 4
    actions = list(publication.events.values_list("action", flat=True))
    assert actions == ["drafted", "redrafted"]


def test_an_approved_draft_is_not_redrafted_or_edited(office, plant):
    plant.title()
    publication = lists.draft_lists(office, 2026, 1)
    lists.approve(office, publication)
    with pytest.raises(ValidationError, match="不能重新生成"):
        lists.draft_lists(office, 2026, 1)
    with pytest.raises(ValidationError, match="只有草稿"):
        lists.remove_entry(office, publication.entries.get(), "理由")
    lists.return_to_draft(office, publication, "补充材料")
    lists.remove_entry(office, publication.entries.get(), "理由")


# --- publication -----------------------------------------------------------------------------


def test_publishing_is_final_and_black_entries_go_on_the_watch_list(office, plant):
    plant.title()
    black = plant.operator()
    plant.credit_listing(black)
    publication = lists.draft_lists(office, 2026, 1)
    with pytest.raises(ValidationError):
        lists.publish(office, publication, today=AFTER_Q1)  # not approved yet
    lists.approve(office, publication)
    with pytest.raises(ValidationError, match="尚未结束"):
        lists.publish(office, publication, today=date(2026, 3, 30))
    lists.publish(office, publication, today=AFTER_Q1)
    publication.refresh_from_db()
    assert publication.status == "published" and publication.published_on == AFTER_Q1
    (watch,) = WatchEntry.objects.filter(operator=black)
    assert watch.starts_on == AFTER_Q1 and watch.ends_on == date(2027, 4, 10)
    assert "黑榜" in watch.reason
    assert list(PublicationEvent.objects.values_list("action", flat=True)) == [
        "drafted",
        "approved",
        "published",
    ]
    with pytest.raises(ValidationError):
        lists.return_to_draft(office, publication, "再改改")


def test_a_published_publication_refuses_every_change_at_the_model(office, plant):
    plant.title()
    publication = _published(office)
    publication.refresh_from_db()
    publication.label = "改过的"
    with pytest.raises(PublishedError):
        publication.save()
    with pytest.raises(PublishedError):
        publication.delete()
    with pytest.raises(PublishedError):
        ListPublication.objects.filter(pk=publication.pk).update(label="改过的")
    with pytest.raises(PublishedError):
        ListPublication.objects.filter(pk=publication.pk).delete()
    entry = publication.entries.get()
    entry.reason = "改过的"
    with pytest.raises(PublishedError):
        entry.save()
    with pytest.raises(PublishedError):
        entry.delete()
    with pytest.raises(PublishedError):
        ListEntry.objects.filter(pk=entry.pk).update(reason="改过的")
    with pytest.raises(PublishedError):
        ListEntry.objects.filter(publication=publication).delete()
    with pytest.raises(PublishedError):
        ListEntry(
            publication=publication,
            list_kind="red",
            operator=entry.operator,
            area=entry.area,
            operator_name="新",
            uscc=entry.uscc,
            reason="r",
            basis="b",
            result="x",
        ).save()
    assert ListEntry.objects.get(pk=entry.pk).reason != "改过的"


# --- exits -----------------------------------------------------------------------------------


def test_leaving_the_black_list_needs_a_clean_period_and_verified_orders(office, plant):
    operator = plant.operator()
    plant.credit_listing(operator)
    publication = _published(office)
    on = date(2026, 9, 1)
    check = lists.exit_check(operator, on)
    assert check.allowed, check.problems
    order = plant.overdue_order(operator)  # its finding is in Q1: outside the clean period
    check = lists.exit_check(operator, on)
    assert not check.allowed and any("整改" in p for p in check.problems)
    RectificationOrder.objects.filter(pk=order.pk).update(status="verified")
    plant.complaint(operator, on=date(2026, 8, 1))
    assert any("属实投诉" in p for p in lists.exit_check(operator, on).problems)
    later = date(2026, 11, 20)
    with pytest.raises(ValidationError, match="移出理由"):
        lists.record_exit(office, operator, later, "")
    exit_row = lists.record_exit(office, operator, later, "整改到位，信用修复完成")
    assert exit_row.entry.publication == publication and exit_row.orders_verified == 1
    assert exit_row.clean_from == date(2026, 8, 23)
    with pytest.raises(ValidationError, match="已移出"):
        lists.record_exit(office, operator, later, "再次")
    # The next draft leaves the exited operator's earlier ground out.
    assert operator.pk not in _kinds(lists.draft_lists(office, 2026, 2))


def test_only_a_black_listed_operator_can_leave(office, plant):
    operator = plant.operator()
    with pytest.raises(ValidationError, match="不在已发布的黑榜上"):
        lists.record_exit(office, operator, date(2026, 9, 1), "理由")
    assert not BlackListExit.objects.exists()


# --- scoping, pages, export ------------------------------------------------------------------


def test_a_station_sees_its_own_areas_entries_only(client, office, make_user, plant):
    mine = plant.title().operator
    theirs = plant.title(plant.operator(area=AreaFactory())).operator
    publication = lists.draft_lists(office, 2026, 1)
    station = make_user(Role.STATION, station=mine.area.station)
    client.force_login(station)
    body = client.get(f"/oversight/lists/{publication.pk}/").content.decode()
    assert mine.name in body and theirs.name not in body
    assert client.get("/oversight/lists/").status_code == 200
    assert client.post(f"/oversight/lists/{publication.pk}/approve/").status_code == 403
    answer = client.get(f"/oversight/lists/{publication.pk}/export.xlsx")
    sheet = load_workbook(io.BytesIO(answer.content)).active
    names = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == [mine.name]
    assert list(lists.entries_for(station, publication)) == [publication.entries.get(operator=mine)]


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.PARTNER, Role.INSPECTOR])
def test_other_roles_do_not_see_the_lists(client, make_user, role):
    client.force_login(make_user(role))
    assert client.get("/oversight/lists/").status_code == 403


def test_the_office_drafts_edits_approves_and_publishes_through_the_pages(client, office, plant):
    red = plant.title().operator
    extra = plant.operator()
    client.force_login(office)
    answer = client.post("/oversight/lists/", {"year": 2026, "number": 1})
    publication = ListPublication.objects.get()
    assert answer.status_code == 302 and answer.url == f"/oversight/lists/{publication.pk}/"
    entry = publication.entries.get()
    base = f"/oversight/lists/{publication.pk}"
    client.post(f"{base}/entries/{entry.pk}/remove/", {"reason": ""})
    assert not ListEntry.objects.get(pk=entry.pk).removed
    client.post(f"{base}/entries/{entry.pk}/remove/", {"reason": "调解中"})
    assert ListEntry.objects.get(pk=entry.pk).removed
    bad = client.post(
        f"{base}/entries/add/",
        {"uscc": "1" * 18, "list_kind": "red", "reason": "r", "basis": "b", "edit_reason": "e"},
    )
    assert "未找到" in bad.content.decode()
    client.post(
        f"{base}/entries/add/",
        {
            "uscc": extra.uscc,
            "list_kind": "red",
            "reason": "诚信经营示范",
            "basis": "方案",
            "edit_reason": "会议补充",
        },
    )
    assert _kinds(publication) == {extra.pk: "red"}
    added = publication.entries.get(operator=extra)
    same = client.post(
        f"{base}/entries/{added.pk}/edit/",
        {"reason": added.reason, "basis": added.basis, "result": added.result},
    )
    assert same.status_code == 302 and ListEdit.objects.count() == 2  # unchanged: nothing
    refused = client.post(
        f"{base}/entries/{added.pk}/edit/",
        {"reason": "新事由", "basis": added.basis, "result": added.result, "edit_reason": ""},
    )
    assert "请填写修改理由" in refused.content.decode()
    client.post(f"{base}/approve/")
    client.post(f"{base}/publish/")
    publication.refresh_from_db()
    # Publishing today: the first quarter of 2026 is over (the suite runs later than that).
    assert publication.status == "published"
    body = client.get(f"{base}/").content.decode()
    assert red.name in body and "调解中" in body


def test_the_export_neutralises_formulas(client, office, plant):
    operator = plant.operator(name='=HYPERLINK("http://x")有限公司')
    plant.credit_listing(operator)
    publication = lists.draft_lists(office, 2026, 1)
    client.force_login(office)
    answer = client.get(f"/oversight/lists/{publication.pk}/export.xlsx")
    sheet = load_workbook(io.BytesIO(answer.content)).active
    cell = sheet.cell(row=2, column=2).value
    assert not str(cell).startswith("=")


def test_the_rules_page_edits_the_basis_and_cadence(client, office):
    client.force_login(office)
    assert client.get("/oversight/lists/rules/").status_code == 200
    client.post("/oversight/lists/rules/", {"cadence": "half", "exit_clean_days": 180})
    assert lists.list_settings().cadence == "half"
    client.post(
        "/oversight/lists/rules/",
        {
            "code": "black_penalty",
            "black_penalty-enabled": "on",
            "black_penalty-legal_basis": "新的依据",
            "black_penalty-basis_confirmed": "on",
            "black_penalty-days": "90",
        },
    )
    rule = ListRule.objects.get(code="black_penalty")
    assert (rule.legal_basis, rule.days, rule.basis_confirmed) == ("新的依据", 90, True)


def test_the_exit_page_checks_and_records(client, office, plant):
    operator = plant.operator()
    plant.credit_listing(operator)
    _published(office)
    client.force_login(office)
    data = {"uscc": operator.uscc, "exited_on": "2026-09-01", "reason": "整改到位"}
    checked = client.post("/oversight/lists/exits/", {**data, "check": "1"})
    assert "符合移出条件" in checked.content.decode()
    client.post("/oversight/lists/exits/", {**data, "record": "1"})
    assert BlackListExit.objects.get().reason == "整改到位"
    assert operator.name in client.get("/oversight/lists/exits/").content.decode()


# --- summary figures -------------------------------------------------------------------------


def test_summary_figures_count_the_years_lists(office, plant, campaign, make_user):
    from fangxin.programme.models import Campaign

    red = plant.title().operator
    black = plant.operator(area=AreaFactory())
    plant.credit_listing(black)
    _published(office)
    lists.record_exit(office, black, date(2026, 9, 1), "整改到位")
    year = Campaign(year=2026)
    assert [n for _label, n in lists.summary_figures(year)] == [1, 1, 1, 1]
    labels = [label for label, _n in lists.summary_figures(year)]
    assert labels[1] == "红榜经营主体"
    assert [n for _label, n in lists.summary_figures(year, station=red.area.station)] == [
        1,
        1,
        0,
        0,
    ]
    assert [n for _label, n in lists.summary_figures(Campaign(year=2025))] == [0, 0, 0, 0]
