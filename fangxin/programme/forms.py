from django import forms
from django.utils.translation import gettext_lazy as _

from fangxin.core.filters import BoundedDateField
from fangxin.core.widgets import DateInput
from fangxin.registry.forms import BootstrapMixin

from .models import Kind


class PhaseDatesForm(BootstrapMixin, forms.Form):
    # Bounded like every date the programme records: a phase in 1257 is a typo, and the
    # working-day calendar has no answer for it.
    starts_on = BoundedDateField(label=_("开始日期"), widget=DateInput())
    ends_on = BoundedDateField(label=_("结束日期"), widget=DateInput())


class ExtendPhaseForm(BootstrapMixin, forms.Form):
    until = BoundedDateField(label=_("延长至"), widget=DateInput())
    # the row shows no labels (four inputs in a table cell): the box says what it wants
    reason = forms.CharField(
        label=_("延长原因"),
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": _("延长原因")}),
    )


class CopyCampaignForm(BootstrapMixin, forms.Form):
    year = forms.IntegerField(label=_("新年度"), min_value=2000, max_value=2100)


class EnrolForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("经营类型"), choices=Kind.choices)
    area = forms.ModelChoiceField(
        label=_("乡镇（街道）"), queryset=None, required=False, empty_label=_("全部辖区")
    )
    uscc = forms.CharField(label=_("或按统一社会信用代码纳入一家"), required=False, max_length=18)
    reason = forms.CharField(
        label=_("补录原因"),
        required=False,
        max_length=200,
        help_text=_("动员部署阶段结束后，监管所纳入培育对象须填写"),
    )

    def __init__(self, *args, areas=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas


class TrainingForm(BootstrapMixin, forms.Form):
    held_on = BoundedDateField(label=_("日期"), widget=DateInput())
    topic = forms.CharField(label=_("主题"), max_length=200)
    place = forms.CharField(label=_("地点"), max_length=200)
    invited = forms.ModelMultipleChoiceField(label=_("邀请对象"), queryset=None, required=False)
    attended = forms.ModelMultipleChoiceField(label=_("实到对象"), queryset=None, required=False)

    def __init__(self, *args, operators=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("invited", "attended"):
            self.fields[name].queryset = operators
            self.fields[name].widget.attrs["size"] = 8
