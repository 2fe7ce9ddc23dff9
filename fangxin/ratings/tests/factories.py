import factory
from factory.django import DjangoModelFactory

from fangxin.core.roles import Role
from fangxin.core.tests.factories import UserFactory
from fangxin.programme import services as programme
from fangxin.ratings.models import Member


def _campaign():
    office = UserFactory(role=Role.OFFICE)
    return programme.create_campaign(office, 2026)


class MemberFactory(DjangoModelFactory):
    class Meta:
        model = Member

    campaign = factory.LazyFunction(_campaign)
    name = "王代表"
    affiliation = Member.Affiliation.NPC
    organisation = "县人大常委会"
    phone = "13800000000"
