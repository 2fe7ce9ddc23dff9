"""The forms of public-opinion incidents and publicity records."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from fangxin.core.filters import BoundedDateField
from fangxin.core.models import Station
from fangxin.core.scoping import visible
from fangxin.core.widgets import DateInput, prompt_choices, use_pickers
from fangxin.programme.models import Campaign
from fangxin.registry.models import Operator

from .models import FieldVisit, Incident, Meeting, PublicityActivity


class Bootstrap:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_pickers(self.fields)
        prompt_choices(self.fields)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.RadioSelect):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


def refusal(form: forms.Form) -> ValidationError:
    return ValidationError(form.errors.as_data())


class IncidentForm(Bootstrap, forms.Form):
    operator = forms.ModelChoiceField(label=_("经营主体"), queryset=Operator.objects.none())
    source = forms.ChoiceField(label=_("舆情来源"), choices=Incident.Source.choices)
    link = forms.CharField(label=_("链接"), max_length=500, required=False)
    occurred_on = BoundedDateField(label=_("舆情日期"), widget=DateInput())
    summary = forms.CharField(label=_("舆情摘要"), widget=forms.Textarea(attrs={"rows": 4}))
    evidence = forms.FileField(label=_("佐证材料（选填）"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.fields["operator"].queryset = visible(user, Operator).order_by("name")


class JudgeForm(Bootstrap, forms.Form):
    major = forms.TypedChoiceField(
        label=_("研判结论"),
        choices=[("yes", _("有较大社会影响")), ("no", _("无较大社会影响"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("研判意见"), widget=forms.Textarea(attrs={"rows": 3}))


class InterviewForm(Bootstrap, forms.Form):
    held_on = BoundedDateField(label=_("约谈日期"), widget=DateInput())
    summary = forms.CharField(label=_("约谈内容"), widget=forms.Textarea(attrs={"rows": 3}))
    requirement = forms.CharField(label=_("整改要求"), widget=forms.Textarea(attrs={"rows": 3}))
    area = forms.ChoiceField(label=_("要求方面"))
    working_days = forms.IntegerField(
        label=_("整改期限（工作日）"), min_value=1, max_value=90, required=False
    )
    number = forms.CharField(label=_("文书编号"), max_length=60, required=False)

    def __init__(self, *args, areas=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [("", _("请选择")), *areas]


class CloseForm(Bootstrap, forms.Form):
    note = forms.CharField(label=_("办结说明"), widget=forms.Textarea(attrs={"rows": 2}))


class EvidenceForm(Bootstrap, forms.Form):
    evidence = forms.FileField(label=_("佐证材料"))


# --- publicity records ---------------------------------------------------------------------


class _RecordForm(Bootstrap):
    """A station's own records: its station is fixed (the service sets it)."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = Campaign.objects.order_by("-year")
        if user is not None and not user.has_perm("oversight.choose_record_station"):
            self.fields["station"].queryset = Station.objects.filter(pk=user.station_id)
            self.fields["station"].disabled = True
            self.fields["station"].required = False


class PublicityActivityForm(_RecordForm, forms.ModelForm):
    materials = forms.FileField(label=_("宣传材料（选填）"), required=False)

    class Meta:
        model = PublicityActivity
        fields = ["campaign", "station", "held_on", "place", "form", "audience", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class MeetingForm(_RecordForm, forms.ModelForm):
    file = forms.FileField(label=_("会议材料（选填）"), required=False)

    class Meta:
        model = Meeting
        fields = ["campaign", "station", "kind", "held_on", "place", "minutes", "attendees"]
        widgets = {
            "minutes": forms.Textarea(attrs={"rows": 5}),
            "attendees": forms.Textarea(attrs={"rows": 3}),
        }


class FieldVisitForm(_RecordForm, forms.ModelForm):
    class Meta:
        model = FieldVisit
        fields = ["campaign", "station", "visited_on", "operator", "place", "notes", "participants"]
        widgets = {
            "notes": forms.Textarea(attrs={"rows": 4}),
            "participants": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        if user is not None:
            self.fields["operator"].queryset = visible(user, Operator).order_by("name")
