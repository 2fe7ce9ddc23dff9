from django import forms
from django.utils.translation import gettext_lazy as _

from fangxin.core.models import Area, PartnerDepartment, Station
from fangxin.core.widgets import prompt_choices
from fangxin.programme.models import Kind
from fangxin.registry.forms import BootstrapMixin
from fangxin.registry.models import Operator


class DrawPlanForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("计划名称"), max_length=200)
    kind = forms.ChoiceField(
        label=_("经营类型"), choices=[("", _("全部")), *list(Kind.choices)], required=False
    )
    areas = forms.ModelMultipleChoiceField(
        label=_("乡镇（街道）"),
        queryset=Area.objects.none(),
        required=False,
        help_text=_("不选则为计划范围内全部乡镇（街道）"),
    )
    risk_classes = forms.MultipleChoiceField(
        label=_("只抽这些风险分类"), choices=Operator.RiskClass.choices, required=False
    )
    quota_a = forms.FloatField(label=_("A类抽查比例（%）"), initial=1, min_value=0, max_value=100)
    quota_b = forms.FloatField(label=_("B类抽查比例（%）"), initial=2, min_value=0, max_value=100)
    quota_c = forms.FloatField(label=_("C类抽查比例（%）"), initial=10, min_value=0, max_value=100)
    quota_d = forms.FloatField(label=_("D类抽查比例（%）"), initial=30, min_value=0, max_value=100)
    include_key_targets = forms.BooleanField(
        label=_("重点监管对象全部纳入"), initial=True, required=False
    )
    stratify_by_station = forms.BooleanField(
        label=_("按监管所分层抽取"), initial=True, required=False
    )
    inspectors_per_task = forms.IntegerField(
        label=_("每组执法人员数"), initial=2, min_value=2, max_value=10
    )
    avoid_own_station = forms.BooleanField(
        label=_("回避本所执法人员"), initial=True, required=False
    )
    inspector_stations = forms.ModelMultipleChoiceField(
        label=_("执法人员来自"),
        queryset=Station.objects.all(),
        required=False,
        help_text=_("不选则为计划所属监管所（全县计划为全部监管所）"),
    )
    partner_departments = forms.ModelMultipleChoiceField(
        label=_("联合检查部门"), queryset=PartnerDepartment.objects.all(), required=False
    )
    free_items = forms.CharField(
        label=_("其他检查事项（每行一项）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, areas=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["areas"].queryset = areas if areas is not None else Area.objects.all()
        for name in ("areas", "risk_classes", "inspector_stations", "partner_departments"):
            self.fields[name].widget.attrs["size"] = 5

    def rules(self) -> dict:
        data = self.cleaned_data
        return {
            "quotas": {cls: data[f"quota_{cls.lower()}"] / 100 for cls in ("A", "B", "C", "D")},
            "include_key_targets": data["include_key_targets"],
            "stratify_by_station": data["stratify_by_station"],
            "inspectors_per_task": data["inspectors_per_task"],
            "avoid_own_station": data["avoid_own_station"],
        }

    def pool_filters(self) -> dict:
        data = self.cleaned_data
        return {"kind": data["kind"] or None, "risk_classes": data["risk_classes"]}


class RunDrawForm(BootstrapMixin, forms.Form):
    public_value = forms.CharField(
        label=_("公开随机值"),
        max_length=200,
        help_text=_("抽取当日才公布、事先无人知道的数值，如福利彩票开奖号码"),
    )
    public_source = forms.CharField(
        label=_("来源"), max_length=300, help_text=_("如：中国福利彩票双色球第2026138期开奖公告")
    )


class OrderOnBasisForm(BootstrapMixin, forms.Form):
    """责令整改 without a finding: the ground, the area it concerns and, for an operator of both
    kinds, which business (none chosen: both). The service checks the rest."""

    basis = forms.ChoiceField(
        label=_("整改依据"),
        error_messages={"required": _("请选择整改依据。"), "invalid_choice": _("请选择整改依据。")},
    )
    basis_note = forms.CharField(
        label=_("依据说明"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("如舆情事件的来源和日期、考评结果、列入重点监管的原因"),
        error_messages={"required": _("请说明责令整改的依据。")},
    )
    area = forms.ChoiceField(
        label=_("要求方面"),
        error_messages={
            "required": _("请选择整改涉及的要求方面。"),
            "invalid_choice": _("请选择整改涉及的要求方面。"),
        },
    )
    kind = forms.ChoiceField(label=_("经营类型"), required=False)
    requirement = forms.CharField(
        label=_("整改要求"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("请填写整改要求。")},
    )
    working_days = forms.IntegerField(
        label=_("整改期限（工作日）"),
        min_value=1,
        max_value=365,
        required=False,
        help_text=_("不填则按配置的默认期限"),
    )
    number = forms.CharField(label=_("文书编号"), max_length=60, required=False)

    def __init__(self, *args, area_choices=(), kinds=(), **kwargs):
        from .models import RectificationOrder

        super().__init__(*args, **kwargs)
        basis = RectificationOrder.Basis
        self.fields["basis"].choices = [
            ("", "---------"),
            *[(value, label) for value, label in basis.choices if value != basis.FINDING],
        ]
        self.fields["area"].choices = [("", "---------"), *area_choices]
        self.fields["kind"].choices = [
            ("", _("两类均涉及")),
            *[(value, label) for value, label in Kind.choices if value in kinds],
        ]
        prompt_choices(self.fields)  # 请选择, not Django's dashes


class MeasureOnBasisForm(BootstrapMixin, forms.Form):
    """约谈 / 行政指导 without a finding: the ground, the way, the day and what was said."""

    basis = forms.ChoiceField(
        label=_("依据类型"),
        error_messages={"required": _("请选择整改依据。"), "invalid_choice": _("请选择整改依据。")},
    )
    basis_note = forms.CharField(
        label=_("依据说明"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("如舆情事件的来源和日期、考评结果、列入重点监管的原因"),
        error_messages={"required": _("请说明约谈或行政指导的依据。")},
    )
    kind = forms.ChoiceField(
        label=_("方式"), error_messages={"required": _("方式应为约谈或行政指导。")}
    )
    held_on = forms.DateField(label=_("日期"))
    summary = forms.CharField(
        label=_("内容"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("请填写约谈或指导内容。")},
    )

    def __init__(self, *args, **kwargs):
        from .models import Measure

        super().__init__(*args, **kwargs)
        self.fields["basis"].choices = [
            ("", "---------"),
            *[(v, label) for v, label in Measure.Basis.choices if v != Measure.Basis.FINDING],
        ]
        self.fields["kind"].choices = [("", "---------"), *Measure.Kind.choices]
        prompt_choices(self.fields)
