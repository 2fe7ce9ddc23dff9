from collections import Counter

import pytest

from fangxin.core import jurisdictions
from fangxin.core.models import Area, Station

pytestmark = pytest.mark.django_db


def test_changxing_has_4_streets_9_towns_2_townships(changxing):
    kinds = Counter(Area.objects.values_list("kind", flat=True))
    assert kinds == {"street": 4, "town": 9, "township": 2}
    assert Area.objects.get(name="雉城街道").station.name == "雉城市场监督管理所"
    assert Station.objects.count() == 13


def test_loading_twice_changes_nothing(changxing):
    before = list(Area.objects.values_list("code", "name", "station__code"))
    jurisdictions.load()
    assert list(Area.objects.values_list("code", "name", "station__code")) == before


def test_bad_file_is_refused_with_the_reason(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "stations: [{code: a, name: A所}]\nareas: [{code: x, name: X镇, kind: town, station: b}]\n",
        encoding="utf-8",
    )
    with pytest.raises(jurisdictions.JurisdictionFileError, match="unknown station 'b'"):
        jurisdictions.load(bad)
    assert Area.objects.count() == 0
