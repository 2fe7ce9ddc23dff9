import factory

from fangxin.core.tests.factories import AreaFactory
from fangxin.registry.models import Operator
from fangxin.registry.uscc import make


def _uscc(n: int) -> str:
    return make(f"91330522MA{n:07d}")


class OperatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Operator

    name = factory.Sequence(lambda n: f"长兴测试电商{n}号有限公司")
    uscc = factory.Sequence(_uscc)
    livestream = True
    group_buying = False
    legal_rep_name = "张三"
    legal_rep_id_number = "330522199001011231"
    contact_name = "张三"
    contact_phone = "13800000000"
    area = factory.SubFactory(AreaFactory)
    status = Operator.Status.ACTIVE
