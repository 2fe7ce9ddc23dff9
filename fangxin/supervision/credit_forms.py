"""Forms of the credit-list pages: the upload, its confirmation, the list's filters."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fangxin.core import params
from fangxin.core.widgets import DateInput

from .models import CreditListKind

KIND_CHOICES = [("", _("按表中“名单类型”列或表头判断")), *CreditListKind.choices]


class CreditUploadForm(forms.Form):
    file = forms.FileField(
        label=_("信用名单Excel或CSV文件"),
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".xlsx,.csv"}),
    )
    kind = forms.ChoiceField(
        label=_("名单类型"),
        choices=KIND_CHOICES,
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )


class CreditConfirmForm(forms.Form):
    token = forms.RegexField(regex=r"^[0-9a-f]{32}\.(csv|xlsx)$")
    kind = forms.ChoiceField(choices=KIND_CHOICES, required=False)
    name = forms.CharField(max_length=255, required=False)


IN_FORCE_CHOICES = [("", _("全部")), ("yes", _("有效")), ("no", _("已移出或未生效"))]


class CreditListingFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("名单类型"),
        choices=[("", _("全部")), *CreditListKind.choices],
        required=False,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    in_force = forms.ChoiceField(
        label=_("是否有效"),
        choices=IN_FORCE_CHOICES,
        required=False,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    on = forms.DateField(
        label=_("有效日期"),
        required=False,
        widget=DateInput(attrs={"class": "form-control form-control-sm"}),
    )
    q = forms.CharField(
        label=_("名称或代码"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )

    def clean_on(self):
        return params.check_date(self.cleaned_data.get("on")) or timezone.localdate()
