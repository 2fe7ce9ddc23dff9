"""Credit punishment: only catalogue measures (each with its basis), on a ground in force and
allowed for the measure; the export for partner departments; who sees what; ``punished``."""

import io
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from fangxin.core.facts import Ref
from fangxin.core.roles import Role
from fangxin.oversight import facts, punishment
from fangxin.oversight.models import Punishment
from fangxin.registry.tests.factories import OperatorFactory
from fangxin.supervision.models import CreditListing, CreditListKind

from .targets_support import today

pytestmark = pytest.mark.django_db


def _listing(operator, removed_on=None, name=None):
    listed = today() - timedelta(days=10 + CreditListing.objects.filter(operator=operator).count())
    return CreditListing.objects.create(
        operator=operator,
        kind=CreditListKind.ABNORMAL_OPERATIONS,
        code=operator.uscc,
        name=name or operator.name,
        reason="通过登记的住所无法联系",
        listed_on=listed,
        removed_on=removed_on,
    )


def _record(user, operator, listing, measure="no_titles", ground="credit_listing", **kw):
    return punishment.record(
        user,
        operator,
        measure,
        ground,
        Ref.of(listing),
        kw.get("note", "列入经营异常名录"),
        kw.get("starts_on", today()),
        kw.get("ends_on", today() + timedelta(days=365)),
    )


def test_every_measure_cites_its_basis():
    for item in punishment.CATALOGUE.values():
        assert str(item.basis).strip() and item.grounds
    assert "国发〔2019〕5号" in str(punishment.CATALOGUE["more_inspections"].basis)


def test_record_on_a_listing_in_force(office):
    operator = OperatorFactory()
    listing = _listing(operator)
    row = _record(office, operator, listing)
    assert row.ground_label == "supervision.creditlisting"
    found = facts.punished([operator.pk, 999999], today())
    assert [f.measure for f in found[operator.pk]] == ["no_titles"] and found[999999] == ()
    assert facts.punished([operator.pk], today() + timedelta(days=400))[operator.pk] == ()
    with pytest.raises(ValidationError, match="已就同一事由"):
        _record(office, operator, listing)


def test_only_measures_with_a_basis(office):
    operator = OperatorFactory()
    listing = _listing(operator)
    with pytest.raises(ValidationError, match="没有法律或政策依据"):
        _record(office, operator, listing, measure="no_bank_loans")
    # A revoked title does not justify withholding promotion beyond the title rules.
    with pytest.raises(ValidationError, match="不适用于该事由"):
        _record(office, operator, listing, measure="no_promotion", ground="revoked_title")
    assert not Punishment.objects.exists()


def test_ground_must_be_in_force_and_the_operators(office):
    operator, other = OperatorFactory(), OperatorFactory()
    removed = _listing(operator, removed_on=today() - timedelta(days=1))
    with pytest.raises(ValidationError, match="已不在有效期内"):
        _record(office, operator, removed)
    with pytest.raises(ValidationError, match="已不在有效期内"):
        _record(office, other, _listing(operator))
    with pytest.raises(ValidationError, match="结束日期"):
        _record(office, operator, _listing(operator), ends_on=today() - timedelta(days=1))
    with pytest.raises(ValidationError, match="不能超过"):
        _record(office, operator, _listing(operator), ends_on=today() + timedelta(days=5000))
    assert not Punishment.objects.exists()


@pytest.mark.parametrize("role", [Role.STATION, Role.PARTNER, Role.INSPECTOR, Role.OPERATOR])
def test_only_the_office_records(role, make_user):
    operator = OperatorFactory()
    user = (
        make_user(role, station=operator.area.station) if role == Role.STATION else make_user(role)
    )
    with pytest.raises(PermissionDenied):
        _record(user, operator, _listing(operator))


def test_export_lists_basis_and_neutralises_formulas(office, client, make_user):
    operator = OperatorFactory(name='=HYPERLINK("http://x")电商')
    _record(office, operator, _listing(operator), note="+cmd|' /C calc'!A0")
    partner = make_user(Role.PARTNER)
    client.force_login(partner)
    response = client.get(reverse("oversight:punishments-export"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][3] == "依据"
    assert rows[1][0].startswith("'=") and rows[1][5].startswith("'+")
    assert "企业信息公示暂行条例" in rows[1][3]


def test_station_sees_its_own_area_only(office, client, make_user):
    own, other = OperatorFactory(name="本所主体"), OperatorFactory(name="他所主体")
    _record(office, own, _listing(own))
    _record(office, other, _listing(other))
    client.force_login(make_user(Role.STATION, station=own.area.station))
    page = client.get(reverse("oversight:punishments")).content.decode()
    assert "本所主体" in page and "他所主体" not in page
    assert client.get(reverse("oversight:punishments-export")).status_code == 403
    client.force_login(make_user(Role.OPERATOR, operator=own))
    assert client.get(reverse("oversight:punishments")).status_code == 403


def test_the_office_records_through_the_page(office, client):
    operator = OperatorFactory()
    listing = _listing(operator)
    client.force_login(office)
    url = reverse("oversight:punishments")
    data = {
        "operator": operator.pk,
        "measure": "more_inspections",
        "ground": "credit_listing",
        "ground_ref": f"supervision.creditlisting:{listing.pk}",
        "ground_note": "列入经营异常名录",
        "starts_on": today().isoformat(),
        "ends_on": (today() + timedelta(days=30)).isoformat(),
    }
    assert client.post(url, data).status_code == 302
    assert Punishment.objects.get().measure == "more_inspections"
    bad = client.post(url, {**data, "ground_ref": "nonsense"})
    assert bad.status_code == 200 and "记录类型:编号" in bad.content.decode()
    again = client.post(url, data)
    assert again.status_code == 200 and "已就同一事由" in again.content.decode()
    assert Punishment.objects.count() == 1
