"""What the monitoring pages post, read and checked before a service runs: an upload, a hit's
review, a rule-list edit. The services check the rest (who may, what the file holds) and say
why in words."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fangxin.core.params import is_id
from fangxin.core.widgets import DateInput
from fangxin.registry.models import Operator

from .models import Hit, LicenceCheck

FILE_NAME = re.compile(r"[A-Za-z0-9_\-]+\.yaml")
UNKNOWN_ACTION = {"required": _("未知的操作。"), "invalid_choice": _("未知的操作。")}


def cleaned(form: forms.Form) -> dict:
    """The form's values, or a refusal that names each field and says what is wrong."""
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    return form.cleaned_data


class OperatorForm(forms.Form):
    """Step one of an upload: the operator, among ``operators``; none chosen yet is fine."""

    operator = forms.ModelChoiceField(queryset=Operator.objects.none(), required=False)

    def __init__(self, *args, operators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["operator"].queryset = operators


class UploadForm(forms.Form):
    """Material about one of the operators the user may hand material in for (``operators``)."""

    operator = forms.ModelChoiceField(
        queryset=Operator.objects.none(),
        error_messages={
            "required": _("请选择经营主体。"),
            "invalid_choice": _("请选择经营主体。"),
        },
    )
    account = forms.CharField(required=False)
    stream_date = forms.DateField(
        required=False, widget=DateInput(), error_messages={"invalid": _("请填写有效的日期。")}
    )
    duration_minutes = forms.IntegerField(
        required=False, error_messages={"invalid": _("监测时长应为整数分钟。")}
    )
    # An empty file is the service's to refuse, with the file's name.
    file = forms.FileField(
        allow_empty_file=True, error_messages={"required": _("请选择要上传的文件。")}
    )

    def __init__(self, *args, operators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["operator"].queryset = operators

    def clean_stream_date(self):
        return self.cleaned_data["stream_date"] or timezone.localdate()

    def clean_duration_minutes(self) -> int:
        return self.cleaned_data["duration_minutes"] or 0

    def clean(self):
        data = super().clean()
        operator, raw = data.get("operator"), data.get("account") or ""
        data["account"] = None
        if operator is not None and raw:
            account = operator.accounts.filter(pk=raw).first() if is_id(raw) else None
            if account is None:
                self.add_error("account", _("平台账号不属于该经营主体。"))
            data["account"] = account
        return data


class ReviewForm(forms.Form):
    """Confirm or dismiss one hit of the material (``hits``)."""

    hit = forms.ModelChoiceField(queryset=Hit.objects.none())
    action = forms.ChoiceField(
        choices=[("confirm", "confirm"), ("dismiss", "dismiss")], error_messages=UNKNOWN_ACTION
    )
    reason = forms.CharField(required=False, strip=False)
    severity = forms.CharField(required=False)

    def __init__(self, *args, hits, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hit"].queryset = hits


class RuleEditForm(forms.Form):
    """Put this version back in use, or save an edited file as a new version."""

    action = forms.ChoiceField(
        choices=[("activate", "activate"), ("save", "save")], error_messages=UNKNOWN_ACTION
    )
    name = forms.CharField(required=False)
    text = forms.CharField(required=False, strip=False)
    label = forms.CharField(required=False)

    def clean_text(self) -> str:
        return self.cleaned_data["text"].replace("\r\n", "\n")

    def clean(self):
        data = super().clean()
        if data.get("action") == "save" and not FILE_NAME.fullmatch(data.get("name") or ""):
            self.add_error("name", _("规则文件名应为“类别代码.yaml”（字母、数字、下划线）。"))
        return data


class LicenceCheckForm(forms.Form):
    """A licence-display check of one of ``operators`` (the enrolled ones the user sees)."""

    operator = forms.ModelChoiceField(
        queryset=Operator.objects.none(),
        error_messages={
            "required": _("请选择经营主体。"),
            "invalid_choice": _("请选择已纳入培育的经营主体。"),
        },
    )
    account = forms.CharField(required=False)
    storefront = forms.CharField(required=False)
    checked_on = forms.DateField(
        widget=DateInput(),
        error_messages={"required": _("请填写检查日期。"), "invalid": _("请填写有效的日期。")},
    )
    result = forms.ChoiceField(
        choices=LicenceCheck.Result.choices,
        error_messages={
            "required": _("请选择检查结果。"),
            "invalid_choice": _("检查结果应为已亮照亮证、部分亮照亮证或未亮照亮证。"),
        },
    )
    note = forms.CharField(required=False)

    def __init__(self, *args, operators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["operator"].queryset = operators

    def clean(self):
        data = super().clean()
        operator, raw = data.get("operator"), data.get("account") or ""
        data["account"] = None
        if operator is not None and raw:
            account = operator.accounts.filter(pk=raw).first() if is_id(raw) else None
            if account is None:
                self.add_error("account", _("平台账号不属于该经营主体。"))
            data["account"] = account
        return data
