"""The red and black list's forms (plain forms: every write goes through lists_services)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from fangxin.core.widgets import DateInput

from . import list_periods
from .models.lists import Cadence, ListKind


def _text(label, **kwargs):
    return forms.CharField(
        label=label, widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}), **kwargs
    )


class DraftForm(forms.Form):
    year = forms.IntegerField(
        label=_("年度"),
        min_value=list_periods.MIN_YEAR,
        max_value=list_periods.MAX_YEAR,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )
    number = forms.IntegerField(
        label=_("第几期"),
        min_value=1,
        max_value=4,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )


class EntryAddForm(forms.Form):
    uscc = forms.CharField(
        label=_("统一社会信用代码"),
        max_length=18,
        min_length=18,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    list_kind = forms.ChoiceField(
        label=_("榜单"),
        choices=ListKind.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    reason = _text(_("事由"), max_length=1000)
    basis = _text(_("依据"), max_length=1000)
    publish_legal_rep = forms.BooleanField(label=_("公布法定代表人姓名"), required=False)
    edit_reason = _text(_("添加理由"), max_length=500)


class EntryChangeForm(forms.Form):
    reason = _text(_("事由"), max_length=1000)
    basis = _text(_("依据"), max_length=1000)
    result = forms.CharField(
        label=_("结果"), max_length=200, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    edit_reason = _text(_("修改理由"), max_length=500, required=False)


class ReasonForm(forms.Form):
    reason = _text(_("理由"), max_length=500)


class SettingsForm(forms.Form):
    cadence = forms.ChoiceField(
        label=_("发布周期"),
        choices=Cadence.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    exit_clean_days = forms.IntegerField(
        label=_("移出黑榜所需无新问题天数"),
        min_value=30,
        max_value=730,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )


class RuleForm(forms.Form):
    enabled = forms.BooleanField(label=_("启用"), required=False)
    legal_basis = _text(_("依据"), max_length=2000)
    basis_confirmed = forms.BooleanField(label=_("依据已核实"), required=False)
    publish_legal_rep = forms.BooleanField(label=_("公布法定代表人姓名"), required=False)
    days = forms.IntegerField(
        label=_("公示期（天）"),
        min_value=1,
        max_value=3650,
        required=False,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )


class ExitForm(forms.Form):
    uscc = forms.CharField(
        label=_("统一社会信用代码"),
        max_length=18,
        min_length=18,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    exited_on = forms.DateField(
        label=_("移出日期"), widget=DateInput(attrs={"class": "form-control"})
    )
    reason = _text(_("移出理由"), max_length=1000)
