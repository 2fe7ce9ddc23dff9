"""Demo operators for the demo county."""

from fangxin.core.models import Area

from .models import Operator
from .uscc import make

DEMO_OPERATOR_USCC = make("91330522MA2B3C4D5")


def demo_operator() -> Operator:
    return Operator.objects.get(uscc=DEMO_OPERATOR_USCC)


def build(log=print) -> None:
    _operator, created = Operator.objects.get_or_create(
        uscc=DEMO_OPERATOR_USCC,
        defaults={
            "name": "长兴放心优选直播电商有限公司",
            "livestream": True,
            "group_buying": True,
            "sells_food": True,
            "legal_rep_name": "钱多多",
            "legal_rep_id_number": "330522198801011234",
            "contact_name": "钱多多",
            "contact_phone": "13905720001",
            "registered_address": "长兴县雉城街道金陵北路88号",
            "operating_address": "长兴县雉城街道金陵北路88号3楼直播间",
            "area": Area.objects.get(code="zhicheng"),
            "status": Operator.Status.ACTIVE,
        },
    )
    log(f"demo operator: {'created' if created else 'present'}")
