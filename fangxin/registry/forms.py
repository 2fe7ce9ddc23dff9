from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from fangxin.core.models import Area, User
from fangxin.core.widgets import prompt_choices, use_pickers

from .models import GroupLeader, Licence, Operator, PickupPoint, PlatformAccount, Studio
from .validators import clean_uscc

PROFILE_FIELDS = [
    "name",
    "uscc",
    "livestream",
    "group_buying",
    "sells_food",
    "legal_rep_name",
    "legal_rep_id_number",
    "contact_name",
    "contact_phone",
    "registered_address",
    "operating_address",
    "area",
]


class BootstrapMixin:
    """Bootstrap classes on every widget, so templates can render fields plainly; date pickers
    that keep their value in every language (``core.widgets``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_pickers(self.fields)
        prompt_choices(self.fields)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


class OperatorForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Operator
        fields = PROFILE_FIELDS

    def __init__(self, *args, areas=None, **kwargs):
        super().__init__(*args, **kwargs)
        if areas is not None:
            self.fields["area"].queryset = areas

    def clean_uscc(self):
        uscc = clean_uscc(self.cleaned_data["uscc"])
        clash = Operator.objects.filter(uscc=uscc)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("该统一社会信用代码已被登记。"))
        return uscc

    def clean(self):
        data = super().clean()
        if not (data.get("livestream") or data.get("group_buying")):
            self.add_error("livestream", _("请至少选择一种经营类型。"))
        return data


class OperatorSelfForm(OperatorForm):
    """What an operator edits itself; a changed name or code goes to the station for approval."""

    class Meta:
        model = Operator
        fields = [f for f in PROFILE_FIELDS if f != "area"]


class ApplicationForm(OperatorForm):
    username = forms.CharField(label=_("登录用户名"), max_length=150)
    email = forms.EmailField(label=_("电子邮箱"), required=False)
    password1 = forms.CharField(label=_("密码"), widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label=_("确认密码"), widget=forms.PasswordInput, strip=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, areas=Area.objects.order_by("code"), **kwargs)

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("该用户名已被使用。"))
        return username

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("两次输入的密码不一致。"))
        elif p1:
            try:
                password_validation.validate_password(p1)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data


class ReasonForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(
        label=_("理由"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class StatusForm(ReasonForm):
    status = forms.ChoiceField(
        label=_("新状态"),
        choices=[
            (Operator.Status.ACTIVE, Operator.Status.ACTIVE.label),
            (Operator.Status.SUSPENDED, Operator.Status.SUSPENDED.label),
            (Operator.Status.LEFT, Operator.Status.LEFT.label),
        ],
    )


class LicenceForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Licence
        fields = ["kind", "number", "issuer", "valid_from", "valid_to"]


class PlatformAccountForm(BootstrapMixin, forms.ModelForm):
    url = forms.URLField(label=_("主页链接"), required=False, assume_scheme="https")

    class Meta:
        model = PlatformAccount
        fields = ["platform", "handle", "account_id", "url"]


class StudioForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Studio
        fields = ["name", "address", "area", "is_fixed"]


class PickupPointForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = PickupPoint
        fields = ["name", "address", "area", "contact_name", "contact_phone", "handles_food"]


class GroupLeaderForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = GroupLeader
        fields = ["name", "phone", "pickup_point", "real_name_verified"]

    def __init__(self, *args, operator=None, **kwargs):
        super().__init__(*args, **kwargs)
        if operator is not None:
            self.fields["pickup_point"].queryset = operator.pickup_points.all()


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Excel或CSV文件"),
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".xlsx,.csv"}),
    )
