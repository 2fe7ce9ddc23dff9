import datetime

import factory

from fangxin.core.models import (
    Area,
    CalendarDay,
    CalendarYear,
    PartnerDepartment,
    Station,
    User,
)
from fangxin.core.roles import Role

PASSWORD = "pw-for-tests-123"


class StationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Station
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"station{n}")
    name = factory.Sequence(lambda n: f"第{n}市场监督管理所")


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"area{n}")
    name = factory.Sequence(lambda n: f"第{n}镇")
    kind = Area.Kind.TOWN
    station = factory.SubFactory(StationFactory)


class PartnerDepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerDepartment
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"dept{n}")
    name = factory.Sequence(lambda n: f"协作部门{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "测试"
    role = Role.OFFICE
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class CalendarYearFactory(factory.django.DjangoModelFactory):
    """A year the office entered in full: New Year's Day off, one make-up workday."""

    class Meta:
        model = CalendarYear
        skip_postgeneration_save = True

    year = 2027
    source = "国办发明电〔2026〕1号"

    @factory.post_generation
    def days(obj, create, extracted, **kwargs):
        if create:
            CalendarDay.objects.create(
                date=datetime.date(obj.year, 1, 1), is_workday=False, note="元旦"
            )
            CalendarDay.objects.create(
                date=datetime.date(obj.year, 2, 20), is_workday=True, note="春节调休上班"
            )
