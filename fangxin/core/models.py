"""Users and jurisdictions: who works where, and the calendar the deadlines count on."""

import uuid
from pathlib import PurePath

from django.contrib.auth.models import AbstractUser, Group
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .roles import STATION_ROLES, Role


class Station(models.Model):
    """A market-supervision station (基层市场监管所); it owns the areas that point to it."""

    code = models.SlugField(_("编码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=100, unique=True)
    phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("基层市场监管所")
        verbose_name_plural = _("基层市场监管所")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Area(models.Model):
    """A town, street or township (乡镇、街道); each has exactly one responsible station."""

    class Kind(models.TextChoices):
        STREET = "street", _("街道")
        TOWN = "town", _("镇")
        TOWNSHIP = "township", _("乡")

    code = models.SlugField(_("编码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=100, unique=True)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    station = models.ForeignKey(
        Station, on_delete=models.PROTECT, related_name="areas", verbose_name=_("负责监管所")
    )

    class Meta:
        verbose_name = _("乡镇（街道）")
        verbose_name_plural = _("乡镇（街道）")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class PartnerDepartment(models.Model):
    """A department that joins joint inspections (公安、商务、网信、文旅 …)."""

    code = models.SlugField(_("编码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("协作部门")
        verbose_name_plural = _("协作部门")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices, blank=True)
    station = models.ForeignKey(
        Station,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("所属监管所"),
    )
    partner_department = models.ForeignKey(
        PartnerDepartment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("所属协作部门"),
    )
    operator = models.ForeignKey(
        "registry.Operator",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("所属经营主体"),
    )
    phone = models.CharField(_("手机号码"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        permissions = [("view_audit", "Can view the audit trail")]

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.role in STATION_ROLES and not self.station_id:
            errors["station"] = _("该角色必须属于一个监管所。")
        if self.role == Role.PARTNER and not self.partner_department_id:
            errors["partner_department"] = _("协作部门用户必须指定所属部门。")
        if self.role == Role.OPERATOR and not self.operator_id:
            errors["operator"] = _("经营主体用户必须关联一个经营主体。")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs) -> None:
        # The office edits jurisdictions, holidays and periods in the admin: it needs staff status.
        if self.role == Role.OFFICE:
            self.is_staff = True
        super().save(*args, **kwargs)
        self._sync_role_group()

    def _sync_role_group(self) -> None:
        role_names = [str(r) for r in Role]
        current = set(self.groups.filter(name__in=role_names).values_list("name", flat=True))
        wanted = {self.role} if self.role else set()
        if current == wanted:
            return
        self.groups.remove(*Group.objects.filter(name__in=current - wanted))
        if self.role:
            group, _created = Group.objects.get_or_create(name=self.role)
            self.groups.add(group)

    @property
    def is_office(self) -> bool:
        return self.is_superuser or self.role == Role.OFFICE

    @property
    def role_label(self) -> str:
        if self.is_superuser and not self.role:
            return str(_("系统管理员"))
        return self.get_role_display()


class CalendarYear(models.Model):
    """A year whose official holiday schedule the office has entered in full.

    Days of such a year follow the office's entries (and the library's where the office has
    none); a year neither the library nor the office knows falls back to Monday–Friday.
    """

    year = models.PositiveSmallIntegerField(_("年份"), unique=True)
    source = models.CharField(_("依据"), max_length=200, help_text=_("如国务院办公厅通知文号"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("节假日年度")
        verbose_name_plural = _("节假日年度")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)


class CalendarDay(models.Model):
    """One day the office declares a holiday or a make-up workday, overriding the library."""

    date = models.DateField(_("日期"), unique=True)
    is_workday = models.BooleanField(_("是否工作日"))
    note = models.CharField(_("说明"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("节假日调整")
        verbose_name_plural = _("节假日调整")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {'workday' if self.is_workday else 'holiday'}"


class Notification(models.Model):
    """An in-app inbox message; email goes out beside it when the user has an address."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    subject = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    link = models.CharField(_("链接"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("站内消息")
        verbose_name_plural = _("站内消息")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.subject


class PeriodRule(models.Model):
    """A statutory period with its legal source, in force from a date (versions by date)."""

    class Unit(models.TextChoices):
        WORKING_DAYS = "working_days", _("工作日")
        CALENDAR_DAYS = "calendar_days", _("自然日")

    code = models.SlugField(_("编码"), max_length=60)
    name = models.CharField(_("名称"), max_length=100)
    days = models.PositiveIntegerField(_("期限"))
    unit = models.CharField(_("单位"), max_length=16, choices=Unit.choices)
    extension_days = models.PositiveIntegerField(_("可延长"), default=0)
    source = models.CharField(_("依据"), max_length=300)
    effective_from = models.DateField(_("施行日期"))
    # A version shipped before anyone checked it against the text in force (a new rule whose
    # article numbers or periods were carried over): deadlines still count on it, but the office
    # is warned until it confirms or corrects the version.
    confirmed = models.BooleanField(_("已核对"), default=True)
    note = models.CharField(_("核对说明"), max_length=500, blank=True)
    confirmed_at = models.DateTimeField(_("核对时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("法定期限")
        verbose_name_plural = _("法定期限")
        ordering = ["code", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["code", "effective_from"], name="period_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.days}{self.get_unit_display()}（{self.effective_from}起）"


def evidence_path(instance, filename: str) -> str:
    # A random name: the original name is kept in the row, never trusted as a path.
    suffix = PurePath(filename).suffix.lower()
    return f"evidence/{instance.evidence_folder()}/{uuid.uuid4().hex}{suffix}"


class EvidenceFile(models.Model):
    """A file that passed ``core.uploads.check_evidence``, kept with what the check found.

    Self-inspection evidence, supervision evidence and complainants' evidence are rows of their
    own (each belongs to its own things), but they are stored and described alike.
    """

    folder = "other"

    file = models.FileField(_("文件"), upload_to=evidence_path)
    original_name = models.CharField(_("原文件名"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.original_name

    def evidence_folder(self) -> str:
        return self.folder

    def keep(self, upload, checked):
        """Save the row with the checked upload (a ``core.uploads.CheckedUpload``)."""
        self.original_name = checked.name
        self.content_type = checked.content_type
        self.size = checked.size
        self.sha256 = checked.sha256
        self.file.save(checked.name, upload, save=False)
        self.save()
        return self

    def file_as(self, evidence: "EvidenceFile") -> "EvidenceFile | None":
        """File this kept (pending) upload as ``evidence``, an unsaved row of another evidence
        model bound to its owner: the same stored file, no copy. Only a row still here is filed
        (a sweep or a second tab may have taken it); None when it was taken."""
        if not type(self).objects.filter(pk=self.pk).delete()[0]:
            return None
        evidence.file = self.file.name
        evidence.original_name = self.original_name
        evidence.content_type = self.content_type
        evidence.size = self.size
        evidence.sha256 = self.sha256
        evidence.save()
        return evidence


class OneTimeCode(models.Model):
    """A six-digit code sent to a phone to confirm it for one purpose (``core.otp``). Neither the
    phone nor the code is stored: the phone as a keyed hash, the code as a hash bound to it."""

    phone_hash = models.CharField(max_length=64, db_index=True)
    purpose = models.CharField(max_length=60)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("短信验证码")
        verbose_name_plural = _("短信验证码")
        indexes = [models.Index(fields=["phone_hash", "purpose", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.purpose} {self.created_at:%Y-%m-%d %H:%M}"
