"""The red and black list's use cases: rules and cadence, drafting a period's lists from the
apps' facts, the office's edits (each with a reason), approval and publication (immutable
afterwards, black-list entries put on the watch list), exits from the black list, exports and
the summary figures.

Who may act: ``oversight.*`` permissions (permissions.py). Which rows: ``core.scoping``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from fangxin.complaints import facts as complaint_facts
from fangxin.core.facts import Window
from fangxin.core.permissions import require
from fangxin.core.scoping import visible
from fangxin.registry.models import Operator
from fangxin.registry.services import move
from fangxin.supervision import facts as supervision_facts
from fangxin.supervision.services.draws import add_watch_entry
from fangxin.titles import facts as title_facts

from . import list_periods, states
from .models.lists import (
    BlackListExit,
    Cadence,
    ListEdit,
    ListEntry,
    ListKind,
    ListPublication,
    ListRule,
    ListSettings,
    PublicationEvent,
)

RULES_FILE = Path(__file__).parent / "data" / "list_rules.yaml"
# The earliest day any fact is read from (a penalty decided long ago may still be published).
EPOCH = date(2000, 1, 1)
# How long a black-list entry keeps the operator on the watch list (a year from publication).
WATCH_DAYS = 365
DECIDED_CASE = frozenset({"decided", "closed"})
SEVERE = "serious"  # a finding above minor (Finding.Severity)


def _credit_kind_label(kind: str) -> str:
    return {
        "serious_violation": _("严重违法失信名单"),
        "abnormal_operations": _("经营异常名录"),
        "individual_abnormal": _("个体工商户经营异常状态"),
    }.get(kind, kind)


# --- rules and cadence -----------------------------------------------------------------------


def _defaults() -> dict:
    data = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))
    codes = {rule["code"] for rule in data["rules"]}
    if codes != set(ListRule.Code.values):
        raise ValueError(f"{RULES_FILE}: rules {sorted(codes)} do not match ListRule.Code")
    if data["cadence"] not in Cadence.values:
        raise ValueError(f"{RULES_FILE}: unknown cadence {data['cadence']!r}")
    return data


def list_settings() -> ListSettings:
    """The county's cadence and exit rule; the defaults are seeded on first use."""
    found = ListSettings.objects.filter(pk=1).first()
    if found is None:
        data = _defaults()
        found, _created = ListSettings.objects.get_or_create(
            pk=1,
            defaults={"cadence": data["cadence"], "exit_clean_days": data["exit_clean_days"]},
        )
    return found


def rules() -> dict[str, ListRule]:
    """The drafting rules by code; missing ones are seeded from the data file."""
    found = {rule.code: rule for rule in ListRule.objects.all()}
    if len(found) < len(ListRule.Code.values):
        for spec in _defaults()["rules"]:
            if spec["code"] not in found:
                found[spec["code"]], _created = ListRule.objects.get_or_create(
                    code=spec["code"],
                    defaults={
                        "list_kind": spec["list_kind"],
                        "legal_basis": " ".join(spec["legal_basis"].split()),
                        "basis_confirmed": spec.get("basis_confirmed", False),
                        "publish_legal_rep": spec.get("publish_legal_rep", False),
                        "days": spec.get("days"),
                    },
                )
    return found


@transaction.atomic
def update_settings(user, cadence: str, exit_clean_days: int) -> ListSettings:
    require(user, "oversight.set_list_rules", message=_("只有领导小组办公室可以设置红黑榜规则。"))
    if cadence not in Cadence.values:
        raise ValidationError({"cadence": _("请选择发布周期。")})
    if not 30 <= int(exit_clean_days) <= 730:
        raise ValidationError({"exit_clean_days": _("无新问题天数应在30到730天之间。")})
    found = list_settings()
    found.cadence, found.exit_clean_days = cadence, int(exit_clean_days)
    found.save()
    return found


@transaction.atomic
def update_rule(
    user,
    rule: ListRule,
    *,
    enabled: bool,
    legal_basis: str,
    basis_confirmed: bool,
    publish_legal_rep: bool,
    days: int | None = None,
) -> ListRule:
    require(user, "oversight.set_list_rules", message=_("只有领导小组办公室可以设置红黑榜规则。"))
    if not legal_basis.strip():
        raise ValidationError({"legal_basis": _("请填写规则的依据。")})
    if rule.code == ListRule.Code.BLACK_PENALTY and not (days and 1 <= days <= 3650):
        raise ValidationError({"days": _("公示期应在1到3650天之间。")})
    rule.enabled = enabled
    rule.legal_basis = legal_basis.strip()
    rule.basis_confirmed = basis_confirmed
    rule.publish_legal_rep = publish_legal_rep
    if rule.code == ListRule.Code.BLACK_PENALTY:
        rule.days = days
    rule.updated_by = user
    rule.save()
    return rule


# --- periods ---------------------------------------------------------------------------------


def period_label(cadence: str, year: int, number: int) -> str:
    if cadence == Cadence.QUARTER:
        return _("%(year)s年第%(n)s季度") % {"year": year, "n": number}
    if cadence == Cadence.HALF:
        half = _("上半年") if number == 1 else _("下半年")
        return _("%(year)s年%(half)s") % {"year": year, "half": half}
    return _("%(year)s年度") % {"year": year}


def period(cadence: str, year, number) -> tuple[date, date, str]:
    """A period's bounds and label, or a ValidationError in words."""
    try:
        year, number = int(year), int(number)
        start, end = list_periods.bounds(cadence, year, number)
    except (TypeError, ValueError):
        message = _("期间无效：请选择%(min)s—%(max)s年内的有效期间。") % {
            "min": list_periods.MIN_YEAR,
            "max": list_periods.MAX_YEAR,
        }
        raise ValidationError({"number": message}) from None
    return start, end, period_label(cadence, year, number)


# --- drafting --------------------------------------------------------------------------------


@dataclass
class Drafted:
    """One entry the rules produce for a period (before the office's edits)."""

    list_kind: str
    operator_id: int
    rule: str
    reasons: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)


def _exits() -> dict[int, date]:
    latest: dict[int, date] = {}
    for operator_id, day in BlackListExit.objects.values_list("operator_id", "exited_on"):
        latest[operator_id] = max(day, latest.get(operator_id, day))
    return latest


def compute(start: date, end: date) -> list[Drafted]:
    """What the enabled rules put on the lists for [start, end], from the apps' facts.

    Black (within what the law allows): titles revoked in the period; penalty decisions still
    inside their publicity period at the period's end; credit listings in force at its end.
    A ground dated on or before a recorded exit no longer counts. An overdue rectification
    order is no black-list ground (it puts the operator on the watch list instead).
    Red: holders of a title valid at the period's end with no finding above minor and no
    substantiated complaint in the period, and no black-list ground."""
    active = {code: rule for code, rule in rules().items() if rule.enabled}
    ids = list(Operator.objects.values_list("pk", flat=True))
    window = Window(start, end)
    exits = _exits()
    black: dict[tuple[int, str], Drafted] = {}

    def add(operator_id: int, rule: str, reason: str, source: str, dated: date | None) -> None:
        if dated is not None and exits.get(operator_id) and dated <= exits[operator_id]:
            return
        row = black.setdefault((operator_id, rule), Drafted(ListKind.BLACK, operator_id, rule))
        row.reasons.append(reason)
        row.sources.append(source)

    if ListRule.Code.BLACK_REVOKED_TITLE in active:
        for fact in title_facts.titles_revoked(None, start, end):
            reason = _("“放心电商”称号（证书编号%(no)s）于%(day)s被撤销") % {
                "no": fact.certificate_no,
                "day": fact.revoked_on.isoformat(),
            }
            if fact.revocation_reason:
                reason += _("：%s") % fact.revocation_reason
            add(
                fact.operator_id,
                ListRule.Code.BLACK_REVOKED_TITLE,
                reason,
                str(fact.ref),
                fact.revoked_on,
            )
    if ListRule.Code.BLACK_PENALTY in active:
        days = active[ListRule.Code.BLACK_PENALTY].days or 1095
        since = end - timedelta(days=days)
        for facts in supervision_facts.cases(ids, Window(EPOCH, end)).values():
            for case in facts:
                if case.status not in DECIDED_CASE or case.decided_on is None:
                    continue
                if not since < case.decided_on <= end:
                    continue
                reason = _("%(day)s受到行政处罚：%(penalty)s") % {
                    "day": case.decided_on.isoformat(),
                    "penalty": case.penalty or _("（处罚内容见决定书）"),
                }
                add(
                    case.operator_id,
                    ListRule.Code.BLACK_PENALTY,
                    reason,
                    str(case.ref),
                    case.decided_on,
                )
    if ListRule.Code.BLACK_CREDIT_LISTING in active:
        for facts in supervision_facts.credit_listings(ids, end).values():
            for listing in facts:
                reason = _("%(day)s被%(authority)s列入%(list)s") % {
                    "day": listing.listed_on.isoformat(),
                    "authority": listing.authority or _("登记机关"),
                    "list": _credit_kind_label(listing.list_kind),
                }
                if listing.reason:
                    reason += _("：%s") % listing.reason
                add(
                    listing.operator_id,
                    ListRule.Code.BLACK_CREDIT_LISTING,
                    reason,
                    str(listing.ref),
                    listing.listed_on,
                )
    drafted = list(black.values())
    if ListRule.Code.RED_CLEAN_TITLE in active:
        blacklisted = {operator_id for operator_id, _rule in black}
        held: dict[int, list] = {}
        for fact in title_facts.titles_held(None, end):
            if fact.operator_id not in blacklisted:
                held.setdefault(fact.operator_id, []).append(fact)
        found = supervision_facts.findings(list(held), window)
        complained = complaint_facts.substantiated_complaints(list(held), window)
        for operator_id, titles in held.items():
            if any(f.severity == SEVERE for f in found[operator_id]):
                continue
            if complained[operator_id]:
                continue
            numbers = "、".join(t.certificate_no for t in titles)
            drafted.append(
                Drafted(
                    ListKind.RED,
                    operator_id,
                    ListRule.Code.RED_CLEAN_TITLE,
                    [
                        _(
                            "持有有效的“放心电商”称号（证书编号%(no)s），"
                            "本期内无一般以上问题、无属实投诉"
                        )
                        % {"no": numbers}
                    ],
                    [str(t.ref) for t in titles],
                )
            )
    return drafted


def _result(list_kind: str) -> str:
    if list_kind == ListKind.RED:
        return _("列入红榜")
    return _("列入黑榜，列为重点监管对象")


def _entry(publication, operator: Operator, list_kind: str, **fields) -> ListEntry:
    return ListEntry(
        publication=publication,
        list_kind=list_kind,
        operator=operator,
        area_id=operator.area_id,
        operator_name=operator.name,
        uscc=operator.uscc,
        address=operator.operating_address or operator.registered_address,
        legal_rep_name=operator.legal_rep_name,
        **fields,
    )


def _event(publication, action: str, by, old: str, note: str = "") -> None:
    PublicationEvent.objects.create(
        publication=publication,
        action=action,
        from_status=old,
        to_status=publication.status,
        note=note,
        by=by,
    )


@transaction.atomic
def draft_lists(user, year, number, *, cadence: str | None = None) -> ListPublication:
    """Draft (or redraft) the lists of the ``number``-th period of ``year`` in the county's
    cadence. A redraft keeps the office's edits: entries it added, removed or changed stay as
    they are; the others are recomputed. An approved or published period is refused."""
    require(user, "oversight.draft_lists", message=_("只有领导小组办公室可以生成红黑榜。"))
    cadence = cadence or list_settings().cadence
    start, end, label = period(cadence, year, number)
    if start > timezone.localdate():
        raise ValidationError({"number": _("该期间尚未开始，不能生成红黑榜。")})
    overlapping = ListPublication.objects.filter(period_start__lte=end, period_end__gte=start)
    publication = overlapping.filter(period_start=start, period_end=end).first()
    if publication is None and overlapping.exists():
        raise ValidationError({"number": _("该期间与已有的红黑榜期间重叠。")})
    now = timezone.now()
    if publication is None:
        publication = ListPublication.objects.create(
            period_start=start, period_end=end, label=label, drafted_at=now, drafted_by=user
        )
        _event(publication, PublicationEvent.Action.DRAFTED, user, "")
        kept: set[tuple[str, int, str]] = set()
    else:
        publication = ListPublication.objects.select_for_update().get(pk=publication.pk)
        if publication.status != ListPublication.Status.DRAFT:
            raise ValidationError(
                _("“%s”已审核或已发布，不能重新生成；已审核的请先退回修改。") % publication.label
            )
        entries = publication.entries.all()
        edited = set(
            ListEdit.objects.filter(publication=publication).values_list("entry_id", flat=True)
        )
        keep = [e for e in entries if e.manual or e.removed or e.pk in edited]
        kept = {(e.list_kind, e.operator_id, e.rule) for e in keep}
        publication.entries.exclude(pk__in=[e.pk for e in keep]).delete()
        publication.drafted_at, publication.drafted_by = now, user
        publication.save()
        _event(publication, PublicationEvent.Action.REDRAFTED, user, publication.status)
    by_code = rules()
    rows = [d for d in compute(start, end) if (d.list_kind, d.operator_id, d.rule) not in kept]
    operators = Operator.objects.in_bulk([d.operator_id for d in rows])
    for drafted in rows:
        rule = by_code[drafted.rule]
        entry = _entry(
            publication,
            operators[drafted.operator_id],
            drafted.list_kind,
            publish_legal_rep=rule.publish_legal_rep,
            rule=drafted.rule,
            reason="；".join(drafted.reasons),
            basis=rule.legal_basis,
            result=_result(drafted.list_kind),
            source=",".join(drafted.sources)[:60],
        )
        entry.save()
    return publication


# --- the office's edits ----------------------------------------------------------------------


def _editable(user, publication: ListPublication) -> ListPublication:
    require(user, "oversight.edit_lists", message=_("只有领导小组办公室可以修改红黑榜。"))
    publication = ListPublication.objects.select_for_update().get(pk=publication.pk)
    if publication.status != ListPublication.Status.DRAFT:
        raise ValidationError(_("只有草稿状态的红黑榜可以修改；已审核的请先退回修改。"))
    return publication


def _reason(reason: str, field_name: str = "edit_reason") -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({field_name: _("请填写修改理由。")})
    return reason


def _record(publication, entry: ListEntry, action: str, reason: str, user) -> None:
    ListEdit.objects.create(
        publication=publication,
        entry=entry,
        action=action,
        list_kind=entry.list_kind,
        operator_name=entry.operator_name,
        reason=reason,
        by=user,
    )


@transaction.atomic
def add_entry(
    user,
    publication: ListPublication,
    *,
    operator: Operator,
    list_kind: str,
    reason: str,
    basis: str,
    edit_reason: str,
    publish_legal_rep: bool = False,
) -> ListEntry:
    """The office adds an operator the rules did not draft, with the entry's reason and basis
    and why it was added."""
    publication = _editable(user, publication)
    edit_reason = _reason(edit_reason)
    if list_kind not in ListKind.values:
        raise ValidationError({"list_kind": _("请选择红榜或黑榜。")})
    if not (reason or "").strip():
        raise ValidationError({"reason": _("请填写列入事由。")})
    if not (basis or "").strip():
        raise ValidationError({"basis": _("请填写依据。")})
    listed = publication.entries.listed().filter(operator=operator)
    if listed.filter(list_kind=list_kind).exists():
        raise ValidationError({"operator": _("该经营主体已在本期榜单上。")})
    if listed.exclude(list_kind=list_kind).exists():
        raise ValidationError({"operator": _("该经营主体已在本期另一榜单上，请先移除。")})
    entry = _entry(
        publication,
        operator,
        list_kind,
        publish_legal_rep=publish_legal_rep,
        reason=reason.strip(),
        basis=basis.strip(),
        result=_result(list_kind),
        manual=True,
    )
    entry.save()
    _record(publication, entry, ListEdit.Action.ADDED, edit_reason, user)
    return entry


@transaction.atomic
def remove_entry(user, entry: ListEntry, reason: str) -> ListEntry:
    publication = _editable(user, entry.publication)
    reason = _reason(reason)
    entry = ListEntry.objects.get(pk=entry.pk, publication=publication)
    if entry.removed:
        raise ValidationError(_("该条目已移除。"))
    entry.removed, entry.removed_reason = True, reason
    entry.save()
    _record(publication, entry, ListEdit.Action.REMOVED, reason, user)
    return entry


@transaction.atomic
def restore_entry(user, entry: ListEntry, reason: str) -> ListEntry:
    publication = _editable(user, entry.publication)
    reason = _reason(reason)
    entry = ListEntry.objects.get(pk=entry.pk, publication=publication)
    if not entry.removed:
        raise ValidationError(_("该条目未被移除。"))
    entry.removed, entry.removed_reason = False, ""
    entry.save()
    _record(publication, entry, ListEdit.Action.RESTORED, reason, user)
    return entry


@transaction.atomic
def change_entry(
    user, entry: ListEntry, *, reason: str, basis: str, result: str, edit_reason: str
) -> ListEntry:
    """The office rewords an entry's reason, basis or result, saying why. Nothing changed:
    nothing recorded."""
    publication = _editable(user, entry.publication)
    entry = ListEntry.objects.get(pk=entry.pk, publication=publication)
    new = {"reason": reason.strip(), "basis": basis.strip(), "result": result.strip()}
    if not new["reason"]:
        raise ValidationError({"reason": _("请填写列入事由。")})
    if not new["basis"]:
        raise ValidationError({"basis": _("请填写依据。")})
    if not new["result"]:
        raise ValidationError({"result": _("请填写处理结果。")})
    if all(getattr(entry, k) == v for k, v in new.items()):
        return entry
    edit_reason = _reason(edit_reason)
    for key, value in new.items():
        setattr(entry, key, value)
    entry.save()
    _record(publication, entry, ListEdit.Action.CHANGED, edit_reason, user)
    return entry


# --- approval and publication ----------------------------------------------------------------


def _moved(user, publication, perm: str, to: str, message: str):
    require(user, perm, message=message)
    publication = ListPublication.objects.select_for_update().get(pk=publication.pk)
    old = publication.status
    move(publication, to, table=states.LIST_PUBLICATION, save=False)
    return publication, old


@transaction.atomic
def approve(user, publication: ListPublication, note: str = "") -> ListPublication:
    publication, old = _moved(
        user,
        publication,
        "oversight.approve_lists",
        ListPublication.Status.APPROVED,
        _("只有领导小组办公室可以审核红黑榜。"),
    )
    publication.approved_at, publication.approved_by = timezone.now(), user
    publication.save()
    _event(publication, PublicationEvent.Action.APPROVED, user, old, note.strip())
    return publication


@transaction.atomic
def return_to_draft(user, publication: ListPublication, note: str) -> ListPublication:
    note = _reason(note, "note")
    publication, old = _moved(
        user,
        publication,
        "oversight.approve_lists",
        ListPublication.Status.DRAFT,
        _("只有领导小组办公室可以退回红黑榜。"),
    )
    publication.approved_at, publication.approved_by = None, None
    publication.save()
    _event(publication, PublicationEvent.Action.RETURNED, user, old, note)
    return publication


@transaction.atomic
def publish(user, publication: ListPublication, today: date | None = None) -> ListPublication:
    """Publish an approved publication: from now on it is the immutable public record. Each
    black-list operator is put on the watch list for a year (unless already watched longer)."""
    today = today or timezone.localdate()
    publication, old = _moved(
        user,
        publication,
        "oversight.publish_lists",
        ListPublication.Status.PUBLISHED,
        _("只有领导小组办公室可以发布红黑榜。"),
    )
    if today < publication.period_end:
        raise ValidationError(_("期间尚未结束，不能发布本期红黑榜。"))
    black = list(
        publication.entries.listed()
        .filter(list_kind=ListKind.BLACK)
        .select_related("operator")
        .order_by("pk")
    )
    until = today + timedelta(days=WATCH_DAYS)
    watched = supervision_facts.key_targets([e.operator_id for e in black], today)
    for entry in black:
        if any(w.ends_on is None or w.ends_on >= until for w in watched[entry.operator_id]):
            continue
        add_watch_entry(
            user,
            entry.operator,
            (
                _("列入%(label)s黑榜：%(reason)s")
                % {"label": publication.label, "reason": entry.reason}
            )[:300],
            starts_on=today,
            ends_on=until,
        )
    publication.published_on, publication.published_at = today, timezone.now()
    publication.published_by = user
    publication.save()
    _event(publication, PublicationEvent.Action.PUBLISHED, user, old)
    return publication


# --- reading ---------------------------------------------------------------------------------


def published() -> QuerySet:
    return ListPublication.objects.published().order_by("-period_end", "-pk")


def current_publication() -> ListPublication | None:
    return published().first()


def entries_for(user, publication: ListPublication) -> QuerySet:
    """The entries of ``publication`` that ``user`` may see (a station: its area's)."""
    return visible(user, ListEntry.objects.filter(publication=publication)).select_related("area")


EXPORT_HEADER = (
    "榜单",
    "经营主体名称",
    "统一社会信用代码",
    "地址",
    "法定代表人",
    "事由",
    "依据",
    "结果",
    "期间",
)


def export_rows(publication: ListPublication, entries) -> list[list]:
    """The rows of a publication's export (listed entries; cells neutralised by the writer)."""
    return [
        [
            str(e.get_list_kind_display()),
            e.operator_name,
            e.uscc,
            e.address,
            e.public_legal_rep,
            e.reason,
            e.basis,
            e.result,
            publication.label,
        ]
        for e in entries
        if not e.removed
    ]


# --- leaving the black list ------------------------------------------------------------------


@dataclass
class ExitCheck:
    entry: ListEntry | None
    clean_from: date
    clean_to: date
    orders_verified: int
    problems: list[str]

    @property
    def allowed(self) -> bool:
        return self.entry is not None and not self.problems


def exit_check(operator: Operator, on: date) -> ExitCheck:
    """Whether ``operator`` may leave the black list on ``on``: it is on the latest published
    black list and has not left since; in the clean period before ``on`` (the county's
    ``exit_clean_days``) it has no finding and no substantiated complaint; and every
    rectification order it was given is verified."""
    days = list_settings().exit_clean_days
    clean_from, clean_to = on - timedelta(days=days - 1), on
    problems: list[str] = []
    entry = (
        ListEntry.objects.listed()
        .filter(
            operator=operator,
            list_kind=ListKind.BLACK,
            publication__status=ListPublication.Status.PUBLISHED,
        )
        .select_related("publication")
        .order_by("-publication__period_end", "-pk")
        .first()
    )
    if entry is None:
        problems.append(_("该经营主体不在已发布的黑榜上。"))
    elif BlackListExit.objects.filter(
        operator=operator, exited_on__gte=entry.publication.published_on
    ).exists():
        problems.append(_("该经营主体已移出黑榜。"))
    if on > timezone.localdate():
        problems.append(_("移出日期不能晚于今天。"))
    if entry is not None and entry.publication.published_on and on < entry.publication.published_on:
        problems.append(_("移出日期不能早于黑榜发布日期。"))
    window = Window(clean_from, clean_to)
    if supervision_facts.findings_for(operator.pk, window):
        problems.append(_("无新问题期间内仍有检查发现的问题。"))
    if complaint_facts.substantiated_complaints_for(operator.pk, window):
        problems.append(_("无新问题期间内仍有属实投诉。"))
    orders = supervision_facts.orders_for(operator.pk, Window(EPOCH, on), on=on)
    open_orders = [o for o in orders if o.status != "verified"]
    if open_orders:
        problems.append(_("仍有%s项整改未核查销号。") % len(open_orders))
    return ExitCheck(entry, clean_from, clean_to, len(orders) - len(open_orders), problems)


@transaction.atomic
def record_exit(user, operator: Operator, on: date, reason: str) -> BlackListExit:
    require(user, "oversight.record_list_exit", message=_("只有领导小组办公室可以办理移出黑榜。"))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请填写移出理由。")})
    check = exit_check(operator, on)
    if not check.allowed:
        raise ValidationError({"operator": check.problems})
    return BlackListExit.objects.create(
        operator=operator,
        area_id=operator.area_id,
        entry=check.entry,
        operator_name=operator.name,
        exited_on=on,
        clean_from=check.clean_from,
        clean_to=check.clean_to,
        orders_verified=check.orders_verified,
        reason=reason,
        by=user,
    )


# --- the summary report ----------------------------------------------------------------------


def summary_figures(campaign, station=None) -> list[tuple[str, int]]:
    """The lists' figures for the campaign's year (periods starting in it, published), for the
    county or one station's areas: red entries, black entries, exits from the black list."""
    year = campaign.year
    entries = ListEntry.objects.listed().filter(
        publication__status=ListPublication.Status.PUBLISHED, publication__period_start__year=year
    )
    exits = BlackListExit.objects.filter(exited_on__year=year)
    if station is not None:
        entries = entries.filter(area__station=station)
        exits = exits.filter(area__station=station)
    return [
        (
            _("发布红黑榜期数"),
            ListPublication.objects.published().filter(period_start__year=year).count(),
        ),
        (_("红榜经营主体"), entries.filter(list_kind=ListKind.RED).count()),
        (_("黑榜经营主体"), entries.filter(list_kind=ListKind.BLACK).count()),
        (_("移出黑榜"), exits.count()),
    ]
