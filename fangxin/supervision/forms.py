from datetime import date
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fangxin.core.models import Area, PartnerDepartment, Station
from fangxin.core.params import date_in_range, is_id, too_early_message
from fangxin.core.widgets import prompt_choices
from fangxin.programme.models import Kind
from fangxin.registry.forms import BootstrapMixin
from fangxin.registry.models import Operator

from .models import Inspection, Sample


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


# --- the detail pages' actions ---------------------------------------------------------------
#
# Each form reads what one action posts. The fields are lenient (blank allowed) where the
# service decides what is missing and says so in its own words; dates and numbers are parsed
# here, with the messages the pages have always shown. An invalid form becomes one
# ``ValidationError`` (``refusal``), reported like the service's own refusals.


def refusal(form: forms.Form) -> ValidationError:
    return ValidationError(form.errors.as_data())


def _text(**kwargs) -> forms.CharField:
    return forms.CharField(required=False, strip=False, **kwargs)


class DateText(forms.CharField):
    """A date as ISO text (``<input type="date">``): unreadable or before the programme's
    earliest date is refused with the project's words; blank is refused unless optional."""

    def __init__(self, *, optional: bool = False, **kwargs):
        self.optional = optional
        super().__init__(required=False, **kwargs)

    def clean(self, value):
        raw = super().clean(value)
        if not raw and self.optional:
            return None
        try:
            day = date.fromisoformat(raw)
        except ValueError as exc:
            raise ValidationError(gettext("请填写有效的日期。")) from exc
        if not date_in_range(day):
            raise ValidationError(too_early_message())
        return day


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class UploadsField(forms.Field):
    """Any number of uploaded files (the service checks each one)."""

    widget = MultipleFileInput

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def clean(self, data):
        if not data:
            return []
        return list(data) if isinstance(data, list | tuple) else [data]


class ActionForm(forms.Form):
    """Which of a page's forms was posted (its hidden ``action``)."""

    action = _text()


def chosen_action(data) -> str:
    form = ActionForm(data)
    form.is_valid()
    return form.cleaned_data.get("action", "")


def _kind_or_none(value: str) -> str | None:
    return value or None


class InspectionRecordForm(forms.Form):
    """The result per item of an inspection (``result-<item>``, ``note-<item>``, and for a
    free-text item ``area-<item>``), the conclusion, and the photos."""

    inspected_on = DateText()
    conclusion = _text()
    internal_note = _text()
    acknowledged_by = _text()
    operator_kind = _text()
    photos = UploadsField()

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            self.fields[f"result-{item.pk}"] = _text()
            self.fields[f"note-{item.pk}"] = _text()
            if item.requirement_id is None:
                self.fields[f"area-{item.pk}"] = _text()

    def record(self) -> dict:
        """The keyword arguments of ``services.record_inspection``."""
        data = self.cleaned_data
        return {
            "inspected_on": data["inspected_on"],
            # An item not posted keeps its result.
            "results": {
                item.pk: (
                    data[f"result-{item.pk}"] if f"result-{item.pk}" in self.data else item.result,
                    data[f"note-{item.pk}"],
                )
                for item in self.items
            },
            "conclusion": data["conclusion"],
            "internal_note": data["internal_note"],
            "acknowledged_by": data["acknowledged_by"],
            # A problem in a free-text item has no area of its own: the inspector chooses
            # one; and the kind, when the operator does both and nothing says.
            "areas": {
                item.pk: data[f"area-{item.pk}"]
                for item in self.items
                if item.requirement_id is None
            },
            "kind": _kind_or_none(data["operator_kind"]),
            "uploads": data["photos"],
        }


class PartnerFindingForm(forms.Form):
    description = _text()
    severity = _text()
    area = _text()
    operator_kind = _text()

    def finding(self) -> dict:
        data = self.cleaned_data
        return {
            "description": data["description"],
            "severity": data["severity"],
            "area_code": data["area"],
            "kind": _kind_or_none(data["operator_kind"]),
        }


class MeasureForm(forms.Form):
    kind = _text()
    held_on = DateText()
    summary = _text()


class OrderIssueForm(forms.Form):
    requirement = _text()
    working_days = _text()
    number = _text()

    def clean_working_days(self) -> int | None:
        # Blank or not a whole number: the default deadline.
        days = self.cleaned_data["working_days"]
        return int(days) if days and days.isascii() and days.isdigit() else None


class OpenCaseForm(forms.Form):
    summary = _text()


class OrderAnswerForm(forms.Form):
    text = _text()
    files = UploadsField()


class OrderVerifyForm(forms.Form):
    decision = _text()
    note = _text()

    def clean_decision(self) -> bool:
        return self.cleaned_data["decision"] == "accept"


class ReasonForm(forms.Form):
    reason = _text()


class SuspendCaseForm(ReasonForm):
    days = _text()

    def clean_days(self) -> int:
        raw = self.cleaned_data["days"]
        if not (raw.isascii() and raw.isdigit()):
            raise ValidationError(gettext("中止天数应为整数。"))
        return int(raw)


class DecideCaseForm(forms.Form):
    decided_on = DateText()
    penalty = _text()
    decision_number = _text()
    amount = _text()
    veto_kind = _text()

    def clean_amount(self) -> Decimal | None:
        raw = self.cleaned_data["amount"].strip()
        if not raw:
            return None
        try:
            amount = Decimal(raw)
        except InvalidOperation as exc:
            raise ValidationError(gettext("罚没金额应为数字。")) from exc
        if not amount.is_finite():
            raise ValidationError(gettext("罚没金额应为数字。"))
        return amount


class VetoDecisionForm(ReasonForm):
    event = _text()
    decision = _text()

    def clean_decision(self) -> bool:
        return self.cleaned_data["decision"] == "confirm"


# --- the operator's supervision file -----------------------------------------------------------


class IdsField(forms.Field):
    """Any number of row ids (a multiple select, checkboxes); what is not an id is dropped."""

    widget = forms.SelectMultiple

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def clean(self, value):
        return [int(v) for v in value or () if isinstance(v, str) and is_id(v)]


def _posted_or(form: forms.Form, name: str, default: str) -> str:
    """The field's value, or ``default`` when the page did not post the field at all."""
    return form.cleaned_data[name] if name in form.data else default


class RiskClassForm(ReasonForm):
    risk_class = _text()


class WatchEntryForm(ReasonForm):
    starts_on = DateText(optional=True)  # blank: today
    ends_on = DateText(optional=True)


class TargetedInspectionForm(forms.Form):
    source = _text()
    inspectors = IdsField()
    planned_on = DateText()
    requirements = IdsField()
    free_items = _text()
    pickup_point = _text()

    def clean_source(self) -> str:
        return _posted_or(self, "source", Inspection.Source.TARGETED)


class SampleForm(forms.Form):
    product = forms.CharField(required=False)
    place = _text()
    taken_on = DateText()
    testing_body = forms.CharField(required=False)
    result = _text()
    failed_items = _text()
    brand = forms.CharField(required=False)
    batch = forms.CharField(required=False)
    area = _text()
    operator_kind = _text()

    def clean_result(self) -> str:
        return _posted_or(self, "result", Sample.Result.PENDING)

    def sample(self) -> dict:
        """The keyword arguments of ``services.record_sample`` after the operator."""
        data = self.cleaned_data
        return {
            "product": data["product"],
            "place": data["place"],
            "taken_on": data["taken_on"],
            "testing_body": data["testing_body"],
            "result": data["result"],
            "failed_items": data["failed_items"],
            "brand": data["brand"],
            "batch": data["batch"],
            "area_code": data["area"],
            "kind": _kind_or_none(data["operator_kind"]),
        }


class VetoProposalForm(forms.Form):
    kind = _text()
    description = _text()
    occurred_on = DateText()


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
