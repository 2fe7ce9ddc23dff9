"""The registry of cultivation targets (培育对象): operators and what hangs on them."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from fangxin.core.models import Area

from .validators import clean_uscc, validate_id_number, validate_phone


class OperatorQuerySet(models.QuerySet):
    def with_licence_flags(self, today):
        """Annotate expired / expiring / missing-food-licence flags for lists and filters."""
        licences = Licence.objects.filter(operator=models.OuterRef("pk"))
        soon = today + timedelta(days=Licence.EXPIRY_WARNING_DAYS)
        valid_food = licences.filter(kind__in=Licence.FOOD_KINDS).filter(
            models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=today)
        )
        return self.annotate(
            licence_expired=models.Exists(licences.filter(valid_to__lt=today)),
            licence_expiring=models.Exists(
                licences.filter(valid_to__gte=today, valid_to__lte=soon)
            ),
            food_licence_missing=models.Q(sells_food=True) & ~models.Exists(valid_food),
        )

    def with_licence_problems(self, today):
        return self.with_licence_flags(today).filter(
            models.Q(licence_expired=True)
            | models.Q(licence_expiring=True)
            | models.Q(food_licence_missing=True)
        )


class Operator(models.Model):
    class Status(models.TextChoices):
        APPLIED = "applied", _("待确认")
        ACTIVE = "active", _("培育中")
        SUSPENDED = "suspended", _("暂停")
        LEFT = "left", _("已退出")
        REJECTED = "rejected", _("未通过")

    class RiskClass(models.TextChoices):
        A = "A", _("A类（低风险）")
        B = "B", _("B类（一般风险）")
        C = "C", _("C类（较高风险）")
        D = "D", _("D类（高风险）")

    name = models.CharField(_("经营主体名称"), max_length=200, db_index=True)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, unique=True)
    livestream = models.BooleanField(_("直播营销"), default=False)
    group_buying = models.BooleanField(_("社区团购"), default=False)
    sells_food = models.BooleanField(_("经营食品"), default=False)
    legal_rep_name = models.CharField(_("法定代表人"), max_length=50)
    legal_rep_id_number = models.CharField(
        _("法定代表人身份证号"), max_length=18, blank=True, validators=[validate_id_number]
    )
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(
        _("联系电话"), max_length=20, blank=True, validators=[validate_phone]
    )
    registered_address = models.CharField(_("注册地址"), max_length=200, blank=True)
    operating_address = models.CharField(_("经营地址"), max_length=200, blank=True)
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="operators", verbose_name=_("所属乡镇（街道）")
    )
    status = models.CharField(
        _("状态"), max_length=12, choices=Status.choices, default=Status.APPLIED, db_index=True
    )
    status_reason = models.CharField(_("状态原因"), max_length=500, blank=True)
    status_changed_at = models.DateTimeField(_("状态变更时间"), null=True, blank=True)
    risk_class = models.CharField(
        _("信用风险分类"), max_length=1, choices=RiskClass.choices, default=RiskClass.B
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = OperatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("经营主体")
        verbose_name_plural = _("经营主体")
        ordering = ["name", "pk"]
        # The actions (confirm, import, export, personal data …) are ``rules`` permissions
        # in fangxin.registry.permissions, not model permissions a group could be given.
        constraints = [
            models.CheckConstraint(
                condition=models.Q(livestream=True) | models.Q(group_buying=True),
                name="operator_has_a_kind",
            )
        ]
        indexes = [
            models.Index(fields=["area", "status", "name"]),
            models.Index(fields=["status", "name"]),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.uscc:
            try:
                self.uscc = clean_uscc(self.uscc)
            except ValidationError as exc:
                errors["uscc"] = exc.messages
        if not (self.livestream or self.group_buying):
            errors["livestream"] = _("请至少选择一种经营类型。")
        if errors:
            raise ValidationError(errors)

    @property
    def station(self):
        return self.area.station

    def licence_problems(self, today) -> list[str]:
        """Human-readable problems with this operator's licences, today."""
        problems = []
        licences = list(self.licences.all())
        for licence in licences:
            state = licence.state_on(today)
            if state == "expired":
                problems.append(
                    _("%(licence)s已于%(date)s过期")
                    % {"licence": licence.get_kind_display(), "date": licence.valid_to}
                )
            elif state == "expiring":
                problems.append(
                    _("%(licence)s将于%(date)s到期")
                    % {"licence": licence.get_kind_display(), "date": licence.valid_to}
                )
        if self.sells_food and not any(
            lic.kind in Licence.FOOD_KINDS and lic.state_on(today) != "expired" for lic in licences
        ):
            problems.append(_("经营食品但缺少有效的食品经营许可证或备案"))
        return problems

    @property
    def kinds_display(self) -> str:
        parts = []
        if self.livestream:
            parts.append(str(_("直播营销")))
        if self.group_buying:
            parts.append(str(_("社区团购")))
        return "+".join(parts)


class OperatorEvent(models.Model):
    """One line of an operator's timeline.

    ``kind`` says what the line is about; ``data`` holds it in a form a query can read: a status
    move carries ``model`` (label), ``id``, ``field``, ``from`` and ``to``, and a line about a row
    carries ``about`` ([label, id]) for the timeline's link.
    """

    class Kind(models.TextChoices):
        # The operator itself (registry)
        APPLIED = "applied", _("提交申请")
        REGISTERED = "registered", _("直接登记")
        CONFIRMED = "confirmed", _("确认纳入")
        REJECTED = "rejected", _("驳回申请")
        STATUS = "status", _("状态变更")
        PROFILE = "profile", _("修改资料")
        CHANGE_REQUESTED = "change_requested", _("申请变更名称/代码")
        CHANGE_DECIDED = "change_decided", _("名称/代码变更审核")
        CHILD = "child", _("证照、账号与场所")
        IMPORTED = "imported", _("批量导入")
        # The campaign (programme, selfcheck)
        ENROL_APPLIED = "enrol_applied", _("申请参加培育")
        ENROLLED = "enrolled", _("纳入培育对象名单")
        TRAINING = "training", _("培训")
        SELFCHECK = "selfcheck", _("自查")
        # Supervision
        RISK_CLASS = "risk_class", _("信用风险分类")
        WATCH = "watch", _("重点监管")
        DRAWN = "drawn", _("双随机抽中")
        INSPECTION = "inspection", _("检查")
        FINDING = "finding", _("发现问题")
        SAMPLE = "sample", _("抽检")
        CONTRADICTION = "contradiction", _("自查与检查不符")
        MEASURE = "measure", _("约谈、行政指导")
        ORDER = "order", _("责令整改")
        CASE = "case", _("案件")
        VETO = "veto", _("取消称号情形")
        # Complaints and tip-offs
        COMPLAINT = "complaint", _("投诉举报")
        # Oversight
        PUBLIC_OPINION = "public_opinion", _("舆情事件")
        # A line written under a kind no longer known; ``data["legacy_kind"]`` keeps it.
        OTHER = "other", _("其他")

    operator = models.ForeignKey(Operator, on_delete=models.CASCADE, related_name="events")
    occurred_at = models.DateTimeField(_("时间"), db_index=True)
    kind = models.CharField(_("类型"), max_length=40, choices=Kind.choices)
    summary = models.CharField(_("摘要"), max_length=500)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("操作人"),
    )
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("经营主体动态")
        verbose_name_plural = _("经营主体动态")
        ordering = ["-occurred_at", "-pk"]
        indexes = [
            models.Index(fields=["operator", "-occurred_at"]),
            models.Index(fields=["kind", "-occurred_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d} {self.summary}"


class Licence(models.Model):
    class Kind(models.TextChoices):
        BUSINESS = "business", _("营业执照")
        FOOD_PERMIT = "food_permit", _("食品经营许可证")
        FOOD_RECORD = "food_record", _("仅销售预包装食品备案")
        OTHER = "other", _("其他许可")

    FOOD_KINDS = (Kind.FOOD_PERMIT, Kind.FOOD_RECORD)
    EXPIRY_WARNING_DAYS = 30

    operator = models.ForeignKey(Operator, on_delete=models.CASCADE, related_name="licences")
    kind = models.CharField(_("证照类型"), max_length=20, choices=Kind.choices)
    number = models.CharField(_("证照编号"), max_length=60)
    issuer = models.CharField(_("发证机关"), max_length=100, blank=True)
    valid_from = models.DateField(_("有效期自"), null=True, blank=True)
    valid_to = models.DateField(
        _("有效期至"), null=True, blank=True, db_index=True, help_text=_("长期有效请留空")
    )

    class Meta:
        verbose_name = _("证照")
        verbose_name_plural = _("证照")
        ordering = ["kind", "valid_to"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "number"], name="licence_kind_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    def clean(self) -> None:
        super().clean()
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("有效期截止日期不能早于起始日期。")})

    def state_on(self, today) -> str:
        """valid / expiring (within 30 days) / expired."""
        if self.valid_to is None:
            return "valid"
        if self.valid_to < today:
            return "expired"
        if (self.valid_to - today).days <= self.EXPIRY_WARNING_DAYS:
            return "expiring"
        return "valid"


class PlatformAccount(models.Model):
    class Platform(models.TextChoices):
        DOUYIN = "douyin", _("抖音")
        KUAISHOU = "kuaishou", _("快手")
        TAOBAO = "taobao", _("淘宝/点淘")
        CHANNELS = "channels", _("视频号")
        XIAOHONGSHU = "xiaohongshu", _("小红书")
        JD = "jd", _("京东")
        PINDUODUO = "pinduoduo", _("拼多多")
        MEITUAN = "meituan", _("美团优选")
        DUODUO = "duoduo", _("多多买菜")
        XINGSHENG = "xingsheng", _("兴盛优选")
        OTHER = "other", _("其他")

    operator = models.ForeignKey(Operator, on_delete=models.CASCADE, related_name="accounts")
    platform = models.CharField(_("平台"), max_length=20, choices=Platform.choices)
    handle = models.CharField(_("账号名称"), max_length=100, db_index=True)
    account_id = models.CharField(_("账号ID"), max_length=100, blank=True)
    url = models.URLField(_("主页链接"), blank=True)

    class Meta:
        verbose_name = _("平台账号")
        verbose_name_plural = _("平台账号")
        ordering = ["platform", "handle"]
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "handle"], name="account_platform_handle_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_platform_display()}:{self.handle}"


class Studio(models.Model):
    operator = models.ForeignKey(Operator, on_delete=models.CASCADE, related_name="studios")
    name = models.CharField(_("直播间名称"), max_length=100)
    address = models.CharField(_("地址"), max_length=200)
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="studios", verbose_name=_("所属乡镇（街道）")
    )
    is_fixed = models.BooleanField(_("固定场所"), default=True)

    class Meta:
        verbose_name = _("直播间")
        verbose_name_plural = _("直播间")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PickupPoint(models.Model):
    operator = models.ForeignKey(Operator, on_delete=models.CASCADE, related_name="pickup_points")
    name = models.CharField(_("自提点名称"), max_length=100)
    address = models.CharField(_("地址"), max_length=200)
    area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        related_name="pickup_points",
        verbose_name=_("所属乡镇（街道）"),
    )
    contact_name = models.CharField(_("负责人"), max_length=50, blank=True)
    contact_phone = models.CharField(
        _("联系电话"), max_length=20, blank=True, validators=[validate_phone]
    )
    handles_food = models.BooleanField(_("经营食品"), default=True)

    class Meta:
        verbose_name = _("自提点")
        verbose_name_plural = _("自提点")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class GroupLeader(models.Model):
    operator = models.ForeignKey(Operator, on_delete=models.CASCADE, related_name="group_leaders")
    name = models.CharField(_("团长姓名"), max_length=50)
    phone = models.CharField(_("联系电话"), max_length=20, validators=[validate_phone])
    pickup_point = models.ForeignKey(
        PickupPoint,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="leaders",
        verbose_name=_("自提点"),
    )
    real_name_verified = models.BooleanField(_("已实名登记"), default=False)

    class Meta:
        verbose_name = _("团长")
        verbose_name_plural = _("团长")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.pickup_point_id and self.pickup_point.operator_id != self.operator_id:
            raise ValidationError({"pickup_point": _("自提点必须属于同一经营主体。")})


class ProfileChange(models.Model):
    """An operator's request to change its name or USCC; the responsible station decides."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待审核")
        APPROVED = "approved", _("已同意")
        REJECTED = "rejected", _("已驳回")

    operator = models.ForeignKey(Operator, on_delete=models.CASCADE, related_name="changes")
    new_name = models.CharField(_("新名称"), max_length=200, blank=True)
    new_uscc = models.CharField(_("新统一社会信用代码"), max_length=18, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    reason = models.CharField(_("审核意见"), max_length=500, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("名称/代码变更申请")
        verbose_name_plural = _("名称/代码变更申请")
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.operator} → {self.new_name or self.new_uscc}"
