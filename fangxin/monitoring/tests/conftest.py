import pytest

from fangxin.core.roles import Role
from fangxin.monitoring.models import RuleSet
from fangxin.registry.tests.factories import OperatorFactory

TEST_RULES = {
    "absolute.yaml": """
category: absolute_terms
name: 绝对化用语
legal_basis: 《中华人民共和国广告法》第九条第（三）项
severity: review
veto: null
allow: [最近, 最佳食用期]
rules:
  - 最
  - 全网最低价
""",
    "fake.yaml": """
category: fake_reviews
name: 诱导虚假评价
legal_basis: 《中华人民共和国电子商务法》第十七条
severity: serious
veto: counterfeit_or_fake_orders
rules: [好评返现, 刷单]
""",
    "medical.yaml": """
category: medical_claims
name: 普通食品宣称医疗功效
legal_basis: 《中华人民共和国广告法》第十七条
severity: serious
never_minor: true
veto: null
rules: [降血糖, 治疗]
""",
}

SRT = """1
00:00:01,000 --> 00:00:04,000
家人们，这款蜂蜜全网最低价

2
00:00:05,000 --> 00:00:08,000
好评返现五元，最近卖得很好

3
00:01:00,500 --> 00:01:03,000
吃了能降血糖，最佳食用期两年
"""


@pytest.fixture
def ruleset(db):
    return RuleSet.objects.create(
        version="test-rules", label="测试规则", files=TEST_RULES, rule_count=6, is_active=True
    )


@pytest.fixture
def operator(db):
    return OperatorFactory()


@pytest.fixture
def monitor(make_user):
    return make_user(Role.MONITOR)


def srt_upload(text: str = SRT, name: str = "stream.srt"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="application/x-subrip")
