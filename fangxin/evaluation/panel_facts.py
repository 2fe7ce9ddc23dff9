"""What a panel member sees beside his score sheet: the operator's facts over the rubric's
window (supervision, self-inspection, complaints, licence-display checks — read through their
``facts.py``), each with a link to its page when the reader may open it, and the automatic
deductions already in the ledger (so no member deducts again for the same facts)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.apps import apps
from django.utils.translation import gettext as _

from fangxin.complaints import facts as complaint_facts
from fangxin.core import links
from fangxin.core.facts import Ref
from fangxin.core.scoping import visible
from fangxin.monitoring import facts as monitoring_facts
from fangxin.selfcheck import facts as selfcheck_facts
from fangxin.supervision import facts as supervision_facts

from . import presentation, services
from .models import LedgerEntry


@dataclass(frozen=True)
class Item:
    key: str  # "label:pk", the evidence value
    group: str
    text: str
    area: str  # the requirement area's name ("" when none)
    url: str  # "" when the reader may not open it


def _links(user, refs) -> dict[str, str]:
    wanted = defaultdict(set)
    for ref in refs:
        wanted[ref.label].add(ref.pk)
    found = {}
    for label, pks in wanted.items():
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError):
            continue
        for obj in visible(user, model).filter(pk__in=pks):
            found[f"{label}:{obj.pk}"] = links.url_for(obj)
    return found


def operator_facts(user, enrolment, parsed) -> list[Item]:
    """The operator's facts for this enrolment's kind within the rubric's window."""
    window = services.window_of(enrolment.campaign, parsed.window)
    operator, kind = enrolment.operator_id, enrolment.kind
    area_names = {c.code: c.name for d in parsed.dimensions for c in d.criteria}
    severity = {"minor": _("一般问题"), "serious": _("严重问题")}
    rows: list[tuple[Ref, str, str, str]] = []
    inspections = {}
    for f in supervision_facts.findings_for(operator, window):
        if not f.counts_for(kind):
            continue
        rows.append(
            (
                f.ref,
                _("检查发现问题"),
                _("%(day)s 发现%(severity)s")
                % {"day": f.found_on, "severity": severity.get(f.severity, f.severity)},
                f.area,
            )
        )
        if f.inspection is not None:
            inspections[f.inspection] = f.found_on
    for ref, day in inspections.items():
        rows.append((ref, _("检查记录"), _("%(day)s 检查") % {"day": day}, ""))
    for f in supervision_facts.orders_for(operator, window):
        if f.counts_for(kind):
            state = _("逾期") if f.overdue else (_("已验证") if f.verified_on else _("整改中"))
            rows.append(
                (
                    f.ref,
                    _("整改通知"),
                    _("%(day)s 下达，期限 %(due)s（%(state)s）")
                    % {"day": f.issued_on, "due": f.due_on, "state": state},
                    f.area or "",
                )
            )
    for f in supervision_facts.samples_for(operator, window):
        if f.counts_for(kind):
            result = _("合格") if f.result == "pass" else _("不合格")
            rows.append(
                (
                    f.ref,
                    _("抽检"),
                    _("%(day)s %(product)s：%(result)s")
                    % {"day": f.taken_on, "product": f.product, "result": result},
                    f.area,
                )
            )
    for f in selfcheck_facts.accepted_self_inspections_for(operator, window):
        if f.enrolment.pk == enrolment.pk:
            rows.append(
                (
                    f.ref,
                    _("自查报告"),
                    _("%(day)s 通过审核：%(items)s 项，不符合 %(bad)s 项，已整改 %(fixed)s 项")
                    % {
                        "day": f.accepted_on,
                        "items": f.items,
                        "bad": f.non_compliant,
                        "fixed": f.rectified,
                    },
                    "",
                )
            )
    for f in complaint_facts.substantiated_complaints_for(operator, window):
        if f.counts_for(kind):
            rows.append(
                (
                    f.ref,
                    _("属实投诉"),
                    _("%(day)s 收到%(satisfied)s")
                    % {
                        "day": f.received_on,
                        "satisfied": _("，已处理至满意") if f.satisfied else "",
                    },
                    f.area,
                )
            )
    # What a monitor saw of the licence display: evidence for 准入资质合规, whose points the rubric
    # already takes off the monitoring dimension for a failed check (no second deduction here).
    shown = {
        "displayed": _("已亮照亮证"),
        "partial": _("部分亮照亮证"),
        "missing": _("未亮照亮证"),
    }
    for f in monitoring_facts.licence_checks_for(operator, window):
        if f.counts_for(kind):
            rows.append(
                (
                    f.ref,
                    _("亮照亮证检查"),
                    _("%(day)s 检查“%(place)s”：%(result)s")
                    % {"day": f.checked_on, "place": f.place, "result": shown[f.result]},
                    "qualifications",
                )
            )
    urls = _links(user, [r[0] for r in rows])
    return [
        Item(str(ref), group, text, area_names.get(area, ""), urls.get(str(ref), ""))
        for ref, group, text, area in rows
    ]


def automatic_deductions(user, enrolment, parsed) -> list[presentation.Line]:
    """The automatic deductions already in the enrolment's ledger (panel members must not
    deduct again for the same facts)."""
    entries = LedgerEntry.objects.filter(
        enrolment=enrolment, automatic=True, points__lt=0
    ).select_related("rubric")
    return presentation.ledger_lines(user, entries, parsed)
