"""The intake form (the public's, with a CAPTCHA, and the counter clerk's, with a date) and the
forms of the moves on one item."""

from __future__ import annotations

from decimal import Decimal

from captcha.fields import CaptchaField, CaptchaTextInput
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _

from fangxin.core import params
from fangxin.core.models import Station, User
from fangxin.core.widgets import DateInput
from fangxin.registry.models import Operator

from .models import DEMAND_LIMIT, TEXT_LIMIT, Complaint


class IntakeForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("类型"),
        choices=Complaint.Kind.choices,
        initial=Complaint.Kind.COMPLAINT,
        widget=forms.RadioSelect,
        help_text=_("投诉：与经营者的消费纠纷，请求调解；举报：反映违法行为，可匿名。"),
    )
    name = forms.CharField(label=_("姓名"), max_length=50, required=False)
    phone = forms.CharField(
        label=_("联系电话"),
        max_length=20,
        required=False,
        help_text=_("投诉必填；查询办理进度时需要手机号后四位。"),
    )
    consent_contact = forms.BooleanField(
        label=_("同意将我的姓名和电话提供给被投诉方，用于调解联系"), required=False
    )
    consent_survey = forms.BooleanField(
        label=_("同意办结后接受满意度回访（可选，不影响受理）"), required=False
    )
    operator = forms.IntegerField(required=False, widget=forms.HiddenInput)
    operator_text = forms.CharField(
        label=_("被投诉（举报）经营者"),
        max_length=200,
        help_text=_("输入名称、统一社会信用代码或平台账号，从列表中选择；找不到时直接填写名称。"),
    )
    platform = forms.CharField(label=_("平台"), max_length=50, required=False)
    order_number = forms.CharField(label=_("订单号"), max_length=64, required=False)
    category = forms.ChoiceField(label=_("问题类别"), choices=Complaint.Category.choices)
    description = forms.CharField(
        label=_("事实经过"),
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    demand = forms.CharField(
        label=_("诉求"),
        max_length=DEMAND_LIMIT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    amount_claimed = forms.DecimalField(
        label=_("涉及金额（元）"), required=False, min_value=0, max_digits=12, decimal_places=2
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        search = self.fields["operator_text"].widget
        search.attrs.update(
            {
                "autocomplete": "off",
                "hx-get": reverse_lazy("public-complaint-operators"),
                "hx-trigger": "input changed delay:300ms",
                "hx-target": "#operator-results",
                "hx-params": "operator_text",
            }
        )
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.RadioSelect | forms.HiddenInput):
                continue
            css = "form-check-input" if isinstance(widget, forms.CheckboxInput) else "form-control"
            if isinstance(widget, forms.Select):
                css = "form-select"
            widget.attrs.setdefault("class", css)


class ReadableCaptcha(CaptchaTextInput):
    """The image twice as sharp on a phone, with a button that draws a new one."""

    template_name = "complaints/captcha_widget.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["image_2x"] = reverse("captcha-image-2x", kwargs={"key": self._key})
        context["refresh_url"] = self.refresh_url()
        return context


class PublicIntakeForm(IntakeForm):
    # One word throughout: the package's Chinese error says 认证码 where the label says 验证码.
    captcha = CaptchaField(
        label=_("验证码"),
        widget=ReadableCaptcha,
        help_text=_("请输入图中的4个字符，不区分大小写；看不清可点“换一张”。"),
        error_messages={
            "invalid": _("验证码不正确或已过期，请按新图片重新输入。"),
            "required": _("请输入验证码。"),
            "incomplete": _("请输入验证码。"),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["captcha"].widget.attrs.setdefault("class", "form-control")


class CounterIntakeForm(IntakeForm):
    received_on = forms.DateField(label=_("登记日期"), widget=DateInput())


class IdListField(forms.Field):
    """Row ids sent as repeated values; anything that is not an id is left out."""

    widget = forms.MultipleHiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def to_python(self, value) -> list[int]:
        return [int(raw) for raw in value or () if params.is_id(str(raw))]


class EvidenceForm(forms.Form):
    """Beside an intake form: which kept files are this form's (its token), and which of them
    to drop. Its fields are written by the intake template itself."""

    evidence_token = forms.CharField(required=False)
    remove_evidence = IdListField()


class TrackForm(forms.Form):
    """The public status page's lookup: a code and the phone's last four digits (or PIN).
    Anything is accepted; a wrong value simply matches nothing."""

    code = forms.CharField(required=False)
    secret = forms.CharField(required=False)

    def clean_code(self) -> str:
        return self.cleaned_data["code"][:16]


# --- the moves on one item (the handling side of the item page) ------------------------------
# Each form only reads its input; the service it feeds checks the rest and says why in words.

DATE_MESSAGES = {"required": _("请填写有效的日期。"), "invalid": _("请填写有效的日期。")}
CHOICE_MESSAGES = {
    "invalid_choice": _("提交的选项无效，请刷新页面后重试。"),
    "invalid_pk_value": _("提交的选项无效，请刷新页面后重试。"),
    "invalid_list": _("提交的选项无效，请刷新页面后重试。"),
}


class ActionDateField(forms.DateField):
    """A date an official picks; unreadable, missing or before the earliest date: refused."""

    def __init__(self, **kwargs):
        kwargs.setdefault("error_messages", DATE_MESSAGES)
        super().__init__(widget=DateInput(), **kwargs)

    def validate(self, value):
        super().validate(value)
        params.check_date(value)


def _text() -> forms.CharField:
    # Blank allowed: the service says in words what a move needs (a reason, a result), and
    # keeps what it stores to its length.
    return forms.CharField(required=False)


class YesField(forms.Field):
    """A button sent as ``value="yes"`` (agreed, open a case, substantiated); anything else
    is no."""

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def to_python(self, value) -> bool:
        return value == "yes"


class ActionForm(forms.Form):
    """Which move a handling form asks for."""

    action = forms.ChoiceField(
        choices=[],
        error_messages={"required": _("未知的操作。"), "invalid_choice": _("未知的操作。")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [(name, name) for name in HANDLING_FORMS]


class NoInputForm(forms.Form):
    """A move that takes nothing but the button (accept, start mediating, start verifying)."""


class NoteForm(forms.Form):
    note = _text()


class ReasonForm(forms.Form):
    reason = _text()


class RefuseForm(forms.Form):
    reason = _text()
    note = _text()


class TestingForm(forms.Form):
    started_on = ActionDateField()
    ended_on = ActionDateField()
    note = _text()


class EndMediationForm(forms.Form):
    agreed = YesField()
    agreement = _text()
    amount_recovered = forms.DecimalField(
        required=False,
        error_messages={"invalid": _("请填写有效的金额。")},
    )

    def clean_amount_recovered(self) -> Decimal:
        amount = self.cleaned_data["amount_recovered"]
        return Decimal(0) if amount is None else amount


class DecideForm(forms.Form):
    open_case = YesField()
    reason = _text()


class MergeForm(forms.Form):
    """``into`` is one of the items the user sees (``complaints``)."""

    into = forms.ModelChoiceField(
        queryset=Complaint.objects.none(),
        error_messages={
            "required": _("请选择要合并到的举报。"),
            "invalid_choice": _("请选择要合并到的举报。"),
        },
    )
    note = _text()

    def __init__(self, *args, complaints=None, **kwargs):
        super().__init__(*args, **kwargs)
        if complaints is not None:
            self.fields["into"].queryset = complaints


class CloseForm(forms.Form):
    substantiated = YesField()
    note = _text()


class FollowUpForm(forms.Form):
    visited_on = ActionDateField()
    method = _text()
    satisfaction = _text()
    note = _text()


class FindingForm(forms.Form):
    description = _text()
    severity = _text()


class InspectForm(forms.Form):
    inspectors = forms.ModelMultipleChoiceField(
        queryset=User.objects.all(), required=False, error_messages=CHOICE_MESSAGES
    )
    planned_on = ActionDateField()


class AssignForm(forms.Form):
    """Route to a station, or identify the operator (by its code, among those the user sees)."""

    operator_uscc = _text()
    station = forms.ModelChoiceField(
        queryset=Station.objects.all(), required=False, error_messages=CHOICE_MESSAGES
    )
    note = _text()

    def __init__(self, *args, operators=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.operators = operators if operators is not None else Operator.objects.none()

    def clean(self):
        data = super().clean()
        uscc = (data.get("operator_uscc") or "").upper()
        data["operator"] = self.operators.filter(uscc=uscc).first() if uscc else None
        if uscc and data["operator"] is None:
            self.add_error("operator_uscc", _("未找到该统一社会信用代码对应的经营主体。"))
        return data


# The form of each move, by the ``action`` the page posts.
HANDLING_FORMS: dict[str, type[forms.Form]] = {
    "accept": NoInputForm,
    "refuse": RefuseForm,
    "mediate": NoInputForm,
    "testing": TestingForm,
    "end_mediation": EndMediationForm,
    "notice": NoteForm,
    "verify": NoInputForm,
    "extend": ReasonForm,
    "decide": DecideForm,
    "merge": MergeForm,
    "close": CloseForm,
    "follow_up": FollowUpForm,
    "finding": FindingForm,
    "inspect": InspectForm,
    "assign": AssignForm,
}


def cleaned(form: forms.Form) -> dict:
    """The form's values, or a refusal that names each field and says what is wrong."""
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    return form.cleaned_data
