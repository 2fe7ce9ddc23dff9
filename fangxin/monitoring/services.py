"""Monitoring use cases: rule-list versions, uploading material, scanning it, reviewing hits.

A confirmed hit becomes a monitoring finding (supervision's ``Finding``, source monitoring), so
rectification follows the same path as any other finding; a hit in a veto category also
proposes a veto event for the office to confirm. Hits are never penalties by themselves. A
licence-display check a monitor records is a fact of its own: a check not passed costs the
monitoring dimension per the rubric's rule.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from fangxin.core import table_uploads
from fangxin.core.background import enqueue
from fangxin.core.permissions import require
from fangxin.programme.models import Enrolment
from fangxin.registry.models import Operator, PlatformAccount
from fangxin.registry.services import move
from fangxin.supervision import services as supervision
from fangxin.supervision.attribution import DEFAULT_AREA
from fangxin.supervision.models import Finding, VetoEvent

from . import explain, formats, rulelists, states
from .models import Hit, LicenceCheck, Material, RuleSet
from .scanner import scanner_for

_PARSED: dict[str, rulelists.RuleList] = {}
log = logging.getLogger(__name__)


# --- who may do what ------------------------------------------------------------------------
# Each action asks for its named permission (``permissions.py``).

RULES_REFUSED = gettext_noop("只有领导小组办公室或第三方监测机构可以修改监测规则。")
RESCAN_REFUSED = gettext_noop("只有领导小组办公室或第三方监测机构可以重新扫描。")


# --- rule-list versions ---------------------------------------------------------------------


def rule_list(ruleset: RuleSet) -> rulelists.RuleList:
    parsed = _PARSED.get(ruleset.version)
    if parsed is None:
        # A stored version may predate the area key: its shipped categories get the area they
        # were given then (rulelists.LEGACY_CATEGORY_AREAS).
        parsed = _PARSED[ruleset.version] = rulelists.parse(ruleset.files)
    return parsed


def load_shipped() -> RuleSet:
    """The shipped rule list as a version (created once); active when nothing else is."""
    files = rulelists.read_dir()
    parsed = rulelists.parse(files, strict=True)  # the shipped files name every area
    ruleset, _created = RuleSet.objects.get_or_create(
        version=parsed.version,
        defaults={
            "label": _("随系统发布的规则"),
            "files": files,
            "rule_count": len(parsed),
        },
    )
    if not RuleSet.objects.filter(is_active=True).exists():
        RuleSet.objects.filter(pk=ruleset.pk).update(is_active=True)
        ruleset.is_active = True
    return ruleset


def active_ruleset() -> RuleSet:
    ruleset = RuleSet.objects.filter(is_active=True).first()
    return ruleset or load_shipped()


@transaction.atomic
def save_version(user, changed: dict[str, str], label: str) -> RuleSet:
    """A new version from the active one with ``changed`` files replaced (or added); it takes
    over for every scan from now on. Invalid files are refused with their line."""
    require(user, "monitoring.edit_rule_list", message=_(RULES_REFUSED))
    if not label.strip():
        raise ValidationError({"label": _("请填写本次修改的说明。")})
    current = active_ruleset()
    files = {**current.files, **changed}
    for name in changed:
        if not name.endswith(".yaml") or "/" in name or name.startswith("."):
            raise ValidationError({"name": _("规则文件名应为“类别代码.yaml”。")})
    try:
        # An area a file names is checked against the guide's; one left out is refused unless
        # the category is one of the shipped ones (a version stored before the key existed).
        parsed = rulelists.parse(files)
    except rulelists.RuleListError as exc:
        raise ValidationError({"text": _("规则有误：%s") % exc}) from exc
    if RuleSet.objects.filter(version=parsed.version).exists():
        raise ValidationError(_("与已有版本内容相同，未保存。"))
    RuleSet.objects.filter(is_active=True).update(is_active=False)
    return RuleSet.objects.create(
        version=parsed.version,
        label=label.strip()[:200],
        files=files,
        rule_count=len(parsed),
        is_active=True,
        created_by=user,
    )


@transaction.atomic
def activate(user, ruleset: RuleSet) -> RuleSet:
    require(user, "monitoring.edit_rule_list", message=_(RULES_REFUSED))
    RuleSet.objects.filter(is_active=True).exclude(pk=ruleset.pk).update(is_active=False)
    RuleSet.objects.filter(pk=ruleset.pk).update(is_active=True)
    ruleset.is_active = True
    return ruleset


# --- material -------------------------------------------------------------------------------


def _check_upload(upload) -> str:
    name = (upload.name or "").rsplit("/", 1)[-1]
    suffix = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    if suffix not in formats.SUFFIXES or suffix == "":
        raise ValidationError(
            {"file": _("“%s”的类型不支持：请上传 TXT、SRT、VTT、CSV、XLSX 或 JSON 文件。") % name}
        )
    limit = settings.FANGXIN_MONITORING_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            {
                "file": _("“%(name)s”过大（%(size).1f MB），上限为 %(limit)d MB，请按场次拆分。")
                % {"name": name, "size": upload.size / 1048576, "limit": limit // 1048576}
            }
        )
    if upload.size == 0:
        raise ValidationError({"file": _("“%s”是空文件。") % name})
    return name


@transaction.atomic
def upload(
    user,
    operator: Operator,
    upload_file,
    *,
    stream_date: date,
    duration_minutes: int = 0,
    account: PlatformAccount | None = None,
) -> Material:
    """Keep the file and scan it: now, or on a worker when Celery is configured."""
    require(
        user, "monitoring.upload_material", operator, message=_("您无权为该经营主体上传监测材料。")
    )
    name = _check_upload(upload_file)
    if account is not None and account.operator_id != operator.pk:
        raise ValidationError({"account": _("平台账号不属于该经营主体。")})
    if stream_date > timezone.localdate():
        raise ValidationError({"stream_date": _("直播日期不能晚于今天。")})
    if duration_minutes < 0 or duration_minutes > 24 * 60:
        raise ValidationError({"duration_minutes": _("监测时长应在0到1440分钟之间。")})
    digest = hashlib.sha256()
    for chunk in upload_file.chunks():
        digest.update(chunk)
    upload_file.seek(0)
    material = Material.objects.create(
        operator=operator,
        account=account,
        stream_date=stream_date,
        duration_minutes=duration_minutes,
        file=upload_file,
        original_name=name,
        size=upload_file.size,
        sha256=digest.hexdigest(),
        uploaded_by=user,
    )
    pk = material.pk
    transaction.on_commit(lambda: enqueue("fangxin.monitoring.services.scan", pk))
    return material


def scan(material_id: int) -> Material:
    """Scan a material with the active rule list and store its hits (again, if re-run)."""
    material = Material.objects.select_related("operator").get(pk=material_id)
    try:
        ruleset = active_ruleset()
        scanner = scanner_for(rule_list(ruleset))
    except (rulelists.RuleListError, ValueError) as exc:
        # A broken rule list must not lose the upload: the material waits for a rescan.
        return _failed(material, None, _("监测规则无法加载：%s") % exc)
    with material.file.open("rb") as handle:
        data = handle.read()
    try:
        document = formats.load(data, material.original_name, table_uploads.monitoring_limits())
        located = formats.scan(scanner, document)
    except formats.UnreadableInput as exc:
        return _failed(material, ruleset, explain.unreadable(exc))
    except Exception:
        # Whatever went wrong, the upload stays, marked failed, for a rescan after a fix.
        log.exception("scanning material %s failed", material.pk)
        return _failed(material, ruleset, _("扫描出错，请联系管理员后重新扫描。"))
    except BaseException:
        # The process is being stopped mid-scan (gunicorn's worker timeout raises SystemExit
        # in it): record why, then let it stop. A process killed outright leaves the material
        # pending for ``fail_stalled_scans`` to mark.
        _failed(material, ruleset, _(STOPPED))
        raise
    with transaction.atomic():
        material.hits.filter(status=Hit.Status.PENDING).delete()
        # A spot a person already reviewed keeps its verdict and is not offered again.
        reviewed = set(material.hits.values_list("rule_id", "start", "end"))
        located = [
            item
            for item in located
            if (item.hit.rule.id[:200], item.start, item.end) not in reviewed
        ]
        Hit.objects.bulk_create(
            [
                Hit(
                    material=material,
                    rule_id=item.hit.rule.id[:200],
                    category=item.hit.rule.category,
                    category_name=item.hit.rule.category_name,
                    area=item.hit.rule.area,
                    severity=item.hit.rule.severity,
                    legal_basis=item.hit.rule.legal_basis[:300],
                    veto=item.hit.rule.veto or "",
                    term=item.hit.term[:300],
                    start=item.start,
                    end=item.end,
                    cue_start=item.cue_start or "",
                    row=item.row,
                    field=(item.field or "")[:100],
                    context=item.hit.context[:400],
                    evasion=item.hit.evasion,
                )
                for item in located
            ],
            batch_size=500,
        )
        material.kind = document.kind
        material.notes = document.skipped[:100]
        material.error = ""
        material.ruleset = ruleset
        material.hit_count = len(located) + len(reviewed)
        material.scanned_at = timezone.now()
        # The material's audit log entry is this move's event row.
        move(material, Material.Status.SCANNED, table=states.MATERIAL)
    return material


STOPPED = gettext_noop(
    "扫描未完成：处理时间过长或进程被中止。请拆分文件后重新上传，或请管理员重新扫描。"
)


def fail_stalled_scans(now=None) -> int:
    """Mark failed, with the reason, every material still waiting for its scan long after its
    upload (the worker scanning it was killed): never pending for good. Conditional on the
    status, so two sweeps at once act once."""
    now = now or timezone.now()
    cutoff = now - timedelta(minutes=settings.FANGXIN_MONITORING_SCAN_TIMEOUT_MINUTES)
    states.MATERIAL.check(Material.Status.PENDING, Material.Status.FAILED)
    return Material.objects.filter(status=Material.Status.PENDING, uploaded_at__lt=cutoff).update(
        status=Material.Status.FAILED, error=_(STOPPED)[:500]
    )


def rescan(user, material: Material) -> None:
    """Scan again with the rule list in use now (office and monitors): after a rule edit."""
    require(
        user,
        "monitoring.rescan",
        material,
        message=_(RESCAN_REFUSED),
    )
    enqueue("fangxin.monitoring.services.scan", material.pk)


def _failed(material: Material, ruleset: RuleSet | None, error: str) -> Material:
    # A plain UPDATE, not a save: this also runs while the process is being stopped.
    states.MATERIAL.check(material.status, Material.Status.FAILED)
    Material.objects.filter(pk=material.pk).update(
        status=Material.Status.FAILED, error=error[:500], ruleset=ruleset
    )
    material.refresh_from_db()
    return material


# --- review ---------------------------------------------------------------------------------


def _where(hit: Hit) -> str:
    if hit.cue_start:
        return _("字幕%s处") % hit.cue_start
    if hit.row:
        return _("第%(row)d行“%(field)s”") % {"row": hit.row, "field": hit.field}
    return _("第%d字处") % hit.start


@transaction.atomic
def review(user, hit: Hit, *, confirm: bool, reason: str = "", severity: str = "") -> Hit:
    """Confirm (a finding, and for a veto category a proposed veto event) or dismiss a hit."""
    hit = Hit.objects.select_for_update().select_related("material__operator").get(pk=hit.pk)
    material = hit.material
    require(user, "monitoring.review_hit", hit, message=_("您无权复核该监测材料。"))
    if hit.status != Hit.Status.PENDING:
        raise ValidationError(_("该命中已复核。"))
    if not confirm and not reason.strip():
        raise ValidationError(
            {"reason": _("排除命中请填写理由（如属于企业名称、商标或可证实的事实）。")}
        )
    hit.reviewed_by, hit.reviewed_at = user, timezone.now()
    hit.reason = reason.strip()[:500]
    if not confirm:
        # The hit's audit log entry is this move's event row.
        move(hit, Hit.Status.DISMISSED, table=states.HIT)
        return hit
    finding_severity = severity or (
        Finding.Severity.SERIOUS if hit.severity == Hit.Severity.SERIOUS else Finding.Severity.MINOR
    )
    if finding_severity not in Finding.Severity.values:
        raise ValidationError({"severity": _("问题性质应为轻微或严重。")})
    if hit.severity == Hit.Severity.SERIOUS and finding_severity != Finding.Severity.SERIOUS:
        raise ValidationError({"severity": _("该类别（如医疗、保健功效宣称）不能认定为轻微问题。")})
    # One finding per rule per material: the same phrase said ten times in one stream is one
    # problem with ten places, not ten problems.
    sibling = (
        Hit.objects.filter(material=material, rule_id=hit.rule_id, finding__isnull=False)
        .exclude(pk=hit.pk)
        .first()
    )
    if sibling is not None:
        hit.finding, hit.veto_event = sibling.finding, sibling.veto_event
    else:
        hit.finding = supervision.create_finding(
            user,
            material.operator,
            source=Finding.Source.MONITORING,
            description=_("第三方监测：%(category)s“%(term)s”（%(where)s，%(basis)s）%(reason)s")
            % {
                "category": hit.category_name,
                "term": hit.term,
                "where": _where(hit),
                "basis": hit.legal_basis,
                "reason": _("；复核意见：%s") % hit.reason if hit.reason else "",
            },
            severity=finding_severity,
            found_on=material.stream_date,
            area_code=hit.area or rulelists.LEGACY_CATEGORY_AREAS.get(hit.category, DEFAULT_AREA),
            account=material.account,
            check_access=False,
        )
        if hit.veto:
            hit.veto_event = supervision.propose_veto(
                None,
                material.operator,
                hit.veto,
                _("第三方监测发现%(category)s：“%(term)s”（%(where)s）。上下文：%(context)s")
                % {
                    "category": hit.category_name,
                    "term": hit.term,
                    "where": _where(hit),
                    "context": hit.context,
                },
                material.stream_date,
                source=VetoEvent.Source.MONITORING,
            )
    move(hit, Hit.Status.CONFIRMED, table=states.HIT)
    return hit


# --- licence-display checks -----------------------------------------------------------------

LICENCE_CHECK_REFUSED = gettext_noop("只有第三方监测机构或领导小组办公室可以登记亮照亮证检查。")


def enrolled_operators(queryset):
    """The operators of ``queryset`` taking part in a campaign now: those a check is about."""
    return queryset.filter(pk__in=Enrolment.objects.enrolled().values("operator_id")).distinct()


@transaction.atomic
def record_licence_check(
    user,
    operator: Operator,
    *,
    checked_on: date,
    result: str,
    account: PlatformAccount | None = None,
    storefront: str = "",
    note: str = "",
) -> LicenceCheck:
    """Record what a monitor saw of an enrolled operator's storefront or live room: the licence
    shown, shown in part, or not at all. Each field refused says why."""
    require(user, "monitoring.record_licence_check", operator, message=_(LICENCE_CHECK_REFUSED))
    if not enrolled_operators(Operator.objects.filter(pk=operator.pk)).exists():
        raise ValidationError(
            {"operator": _("“%s”未纳入培育，无需登记亮照亮证检查。") % operator.name}
        )
    if result not in LicenceCheck.Result.values:
        raise ValidationError({"result": _("检查结果应为已亮照亮证、部分亮照亮证或未亮照亮证。")})
    if account is not None and account.operator_id != operator.pk:
        raise ValidationError({"account": _("平台账号不属于该经营主体。")})
    storefront, note = storefront.strip(), note.strip()
    if account is None and not storefront:
        raise ValidationError({"account": _("请选择检查的平台账号，或填写店铺、直播间名称。")})
    if len(storefront) > 200:
        raise ValidationError({"storefront": _("店铺或直播间名称不超过200字。")})
    if len(note) > 500:
        raise ValidationError({"note": _("说明不超过500字。")})
    if checked_on > timezone.localdate():
        raise ValidationError({"checked_on": _("检查日期不能晚于今天。")})
    if result != LicenceCheck.Result.DISPLAYED and not note:
        raise ValidationError({"note": _("未亮照或部分亮照时，请说明缺少哪些证照。")})
    return LicenceCheck.objects.create(
        operator=operator,
        account=account,
        storefront=storefront,
        checked_on=checked_on,
        result=result,
        note=note,
        checked_by=user,
    )
