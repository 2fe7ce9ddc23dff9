"""The apps' facts functions for every enrolment of a campaign (1,000), against bare SQL.

Builds a campaign with 1,000 enrolled operators and, per operator, the evidence an evaluation
reads (findings, rectification orders some overdue, samples, cases, veto events, an accepted
self-inspection with a contradiction, substantiated complaints with follow-ups, monitored
material with confirmed hits, training), by bulk_create. Then, for each bulk facts function
over the campaign year, prints its number of queries and its median time next to the anchor:
a hand-written ``cursor.execute`` reading the same rows and columns (same filters, same joins),
in the same run. Throwaway database as in ``benchmarks.import_operators.setup_django``.

    .venv/bin/python -m benchmarks.facts

Environment: BENCH_FACTS_OPERATORS overrides the number of enrolled operators (default 1000).
"""

from __future__ import annotations

import os
import random
import time
from datetime import date, datetime, timedelta
from datetime import time as clock
from zoneinfo import ZoneInfo

from benchmarks.import_operators import fresh, make_user, median_ms, setup_django

OPERATORS = int(os.environ.get("BENCH_FACTS_OPERATORS", "1000"))
RUNS = 5
YEAR = 2026
AIM = 5.0  # a facts function within 5x the bare SQL that reads the same rows


def populate(count: int) -> tuple[int, dict[str, int]]:
    """(campaign id, rows per table) for ``count`` enrolled operators with evidence."""
    from django.db import connection, transaction

    from fangxin.complaints.models import Complaint, FollowUp
    from fangxin.core.models import Area
    from fangxin.core.roles import Role
    from fangxin.monitoring.models import Hit, Material
    from fangxin.programme import services as programme
    from fangxin.programme.models import Enrolment, Requirement, Training
    from fangxin.registry.models import Operator
    from fangxin.registry.uscc import make
    from fangxin.selfcheck.models import Answer, SelfInspection
    from fangxin.supervision.models import (
        Case,
        Contradiction,
        Finding,
        RectificationOrder,
        Sample,
        VetoEvent,
        WatchEntry,
    )

    rng = random.Random(20260301)
    office = make_user(Role.OFFICE, "bench-facts-office")
    campaign = programme.create_campaign(office, YEAR)
    requirements = list(
        Requirement.objects.filter(area__guide=campaign.guide, kind="livestream").select_related(
            "area"
        )
    )
    areas = list(Area.objects.values_list("id", flat=True))
    tz = ZoneInfo("Asia/Shanghai")

    def day() -> date:
        return date(YEAR, 1, 1) + timedelta(days=rng.randrange(365))

    rows: dict[str, int] = {}

    def add(model, objects) -> list:
        made = model.objects.bulk_create(objects, batch_size=2000)
        rows[model._meta.label_lower] = rows.get(model._meta.label_lower, 0) + len(made)
        return made

    with transaction.atomic():
        operators = add(
            Operator,
            [
                Operator(
                    uscc=make(f"91330522MF{n:07d}"),
                    name=f"长兴测评电商{n}号有限公司",
                    livestream=True,
                    legal_rep_name="张三",
                    contact_name="李四",
                    contact_phone=f"139{n:08d}",
                    area_id=areas[n % len(areas)],
                    operating_address=f"长兴县测评路{n}号",
                    status="active",
                )
                for n in range(count)
            ],
        )
        enrolments = add(
            Enrolment,
            [Enrolment(campaign=campaign, operator=o, kind="livestream") for o in operators],
        )
        inspections = add(
            SelfInspection,
            [
                SelfInspection(
                    enrolment=e,
                    status="accepted",
                    submitted_at=datetime.combine(day(), clock(10), tzinfo=tz),
                    reviewed_at=datetime.combine(day(), clock(16), tzinfo=tz),
                )
                for e in enrolments
            ],
        )
        answers = add(
            Answer,
            [
                Answer(
                    inspection=i,
                    requirement=r,
                    result="compliant" if rng.random() < 0.9 else "non_compliant",
                )
                for i in inspections
                for r in requirements
            ],
        )
        first_answer = {a.inspection_id: a for a in reversed(answers)}
        findings = add(
            Finding,
            [
                Finding(
                    operator=o,
                    source="inspection",
                    area=rng.choice(requirements).area,
                    description="进货查验记录不全",
                    severity="minor" if rng.random() < 0.8 else "serious",
                    found_on=day(),
                )
                for o in operators
                for _ in range(3)
            ],
        )
        orders = []
        for f in findings[::2]:
            issued = f.found_on
            status = rng.choice(["issued", "answered", "rejected", "verified"])
            orders.append(
                RectificationOrder(
                    finding=f,
                    operator_id=f.operator_id,
                    requirement="限期整改",
                    issued_on=issued,
                    working_days=10,
                    due_on=issued + timedelta(days=14),
                    status=status,
                    verified_on=issued + timedelta(days=10) if status == "verified" else None,
                )
            )
        add(RectificationOrder, orders)
        quality = next(r.area for r in requirements if r.area.code == "quality")
        add(
            Sample,
            [
                Sample(
                    operator=o,
                    product="土蜂蜜",
                    place="studio",
                    area=quality,
                    kind="livestream",
                    taken_on=day(),
                    testing_body="检测中心",
                    result=rng.choice(["pass", "pass", "fail", "pending"]),
                )
                for o in operators
                for _ in range(2)
            ],
        )
        add(
            Case,
            [
                Case(
                    operator_id=f.operator_id,
                    finding=f,
                    summary="销售过期食品",
                    status="decided",
                    clue_received_on=f.found_on,
                    decide_filing_by=f.found_on + timedelta(days=15),
                    filed_on=f.found_on + timedelta(days=3),
                    decided_on=f.found_on + timedelta(days=40),
                    penalty="罚款",
                    amount=5000,
                )
                for f in findings[::10]
            ],
        )
        add(
            VetoEvent,
            [
                VetoEvent(
                    operator=o,
                    kind="health_hazard",
                    source="station",
                    description="危害生命健康",
                    occurred_on=day(),
                    status=rng.choice(["confirmed", "proposed", "rejected"]),
                    decided_at=datetime.combine(day(), clock(9), tzinfo=tz),
                )
                for o in operators[::5]
            ],
        )
        add(
            Contradiction,
            [
                Contradiction(
                    finding=f,
                    answer=first_answer[inspections[n // 3].pk],
                    operator_id=f.operator_id,
                    recorded_on=f.found_on,
                )
                for n, f in enumerate(findings)
                if n % 3 == 0
            ],
        )
        complaints = add(
            Complaint,
            [
                Complaint(
                    tracking_code=f"B{n:09d}",
                    lookup_tail="1234",
                    kind="complaint",
                    channel="web",
                    received_on=day(),
                    operator=operators[n % count],
                    category="quality",
                    description="质量问题",
                    status="closed",
                    substantiated=rng.random() < 0.6,
                )
                for n in range(count * 3)
            ],
        )
        add(
            FollowUp,
            [
                FollowUp(
                    complaint=c,
                    visited_on=c.received_on + timedelta(days=20),
                    method="phone",
                    satisfaction=rng.choice(["satisfied", "basic", "unsatisfied"]),
                )
                for c in complaints[::2]
            ],
        )
        materials = add(
            Material,
            [
                Material(
                    operator=o,
                    stream_date=day(),
                    duration_minutes=rng.choice([30, 60, 90, 120]),
                    file=f"monitoring/bench{o.pk}-{k}.srt",
                    original_name="stream.srt",
                    size=1,
                    sha256="0" * 64,
                    kind="subtitles",
                    status="scanned",
                )
                for o in operators
                for k in range(4)
            ],
        )
        add(
            Hit,
            [
                Hit(
                    material=m,
                    rule_id="ad.absolute",
                    category="absolute_terms",
                    category_name="绝对化用语",
                    area="marketing",
                    severity="minor",
                    legal_basis="广告法第九条",
                    term="最好",
                    start=0,
                    end=2,
                    context="最好的蜂蜜",
                    status=rng.choice(["confirmed", "pending", "dismissed"]),
                )
                for m in materials
                for _ in range(3)
            ],
        )
        add(
            WatchEntry,
            [
                WatchEntry(
                    operator=o,
                    reason="投诉较多",
                    source="complaints",
                    starts_on=day(),
                    ends_on=rng.choice([None, date(YEAR, 12, 31)]),
                )
                for o in operators[::10]
            ],
        )
        trainings = add(
            Training,
            [Training(held_on=day(), topic=f"培训{n}", place="县局") for n in range(20)],
        )
        for t in trainings:
            t.invited.set(rng.sample(operators, count // 4))
            t.attended.set(rng.sample(operators, count // 5))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return campaign.pk, rows


# --- the anchors: bare SQL reading the same rows and columns ---------------------------------


def anchors() -> dict[str, str]:
    """SQL per facts function, with ``{ids}`` for the operator-id placeholders and two date
    placeholders (window start, end) after them."""
    from fangxin.complaints.models import Complaint, FollowUp
    from fangxin.monitoring.models import Hit, Material
    from fangxin.programme.models import Campaign, Enrolment, Requirement, RequirementArea, Training
    from fangxin.registry.models import Operator, PlatformAccount
    from fangxin.selfcheck.models import Answer, SelfInspection
    from fangxin.supervision.models import (
        Case,
        Contradiction,
        Finding,
        InspectionItem,
        RectificationOrder,
        Sample,
        VetoEvent,
        WatchEntry,
    )

    t = {
        name: model._meta.db_table
        for name, model in {
            "finding": Finding,
            "operator": Operator,
            "account": PlatformAccount,
            "item": InspectionItem,
            "req": Requirement,
            "area": RequirementArea,
            "order": RectificationOrder,
            "sample": Sample,
            "case": Case,
            "veto": VetoEvent,
            "watch": WatchEntry,
            "contra": Contradiction,
            "answer": Answer,
            "si": SelfInspection,
            "enrol": Enrolment,
            "campaign": Campaign,
            "complaint": Complaint,
            "followup": FollowUp,
            "hit": Hit,
            "material": Material,
            "training": Training,
            "invited": Training.invited.through,
            "attended": Training.attended.through,
        }.items()
    }
    finding_area = f"LEFT JOIN {t['area']} fa ON fa.id = f.area_id"
    area_cols = "fa.code, f.kind"
    # Only table names from our own models are interpolated; values are parameters.
    return {
        "supervision.findings": (
            f"SELECT f.id, f.operator_id, f.found_on, f.severity, f.source, {area_cols},"  # noqa: S608
            f" f.inspection_id, f.sample_id FROM {t['finding']} f {finding_area}"
            " WHERE f.operator_id IN ({ids}) AND f.found_on BETWEEN %s AND %s"
            " ORDER BY f.operator_id, f.found_on, f.id"
        ),
        "supervision.orders": (
            "SELECT o.id, o.operator_id, o.basis, o.finding_id, o.issued_on, o.due_on,"  # noqa: S608
            " o.status, (o.status IN ('issued', 'rejected') AND o.due_on < %s),"
            f" o.overdue_since, o.verified_on, {area_cols}, oa.code, o.kind FROM {t['order']} o"
            f" LEFT JOIN {t['finding']} f ON f.id = o.finding_id {finding_area}"
            f" LEFT JOIN {t['area']} oa ON oa.id = o.area_id"
            " WHERE o.operator_id IN ({ids}) AND o.issued_on BETWEEN %s AND %s"
            " ORDER BY o.operator_id, o.issued_on, o.id"
        ),
        "supervision.samples": (
            "SELECT s.id, s.operator_id, s.taken_on, s.result, s.product, s.place,"  # noqa: S608
            f" s.failed_items, s.inspection_id, sa.code, s.kind FROM {t['sample']} s"
            f" JOIN {t['area']} sa ON sa.id = s.area_id WHERE s.operator_id IN ({{ids}})"
            " AND s.result <> 'pending' AND s.taken_on BETWEEN %s AND %s"
            " ORDER BY s.operator_id, s.taken_on, s.id"
        ),
        "supervision.cases": (
            "SELECT c.id, c.operator_id, c.filed_on, c.decided_on, c.status, c.penalty,"  # noqa: S608
            f" c.amount, c.veto_kind, c.finding_id, {area_cols} FROM {t['case']} c"
            f" LEFT JOIN {t['finding']} f ON f.id = c.finding_id {finding_area}"
            " WHERE c.operator_id IN ({ids}) AND c.status NOT IN ('clue', 'no_case')"
            " AND c.filed_on IS NOT NULL AND c.filed_on BETWEEN %s AND %s"
            " ORDER BY c.operator_id, c.filed_on, c.id"
        ),
        "supervision.confirmed_vetoes": (
            "SELECT v.id, v.operator_id, v.occurred_on, v.kind, v.source, v.decided_at,"  # noqa: S608
            f" v.case_id, f.kind FROM {t['veto']} v LEFT JOIN {t['case']} c ON c.id = v.case_id"
            f" LEFT JOIN {t['finding']} f ON f.id = c.finding_id"
            " WHERE v.operator_id IN ({ids}) AND v.status = 'confirmed'"
            " AND v.occurred_on BETWEEN %s AND %s ORDER BY v.operator_id, v.occurred_on, v.id"
        ),
        "supervision.key_targets": (
            f"SELECT id, operator_id, source, starts_on, ends_on FROM {t['watch']}"  # noqa: S608
            " WHERE operator_id IN ({ids}) AND starts_on <= %s"
            " AND (ends_on IS NULL OR ends_on >= %s) ORDER BY operator_id, starts_on, id"
        ),
        "supervision.contradictions": (
            "SELECT x.id, x.operator_id, x.recorded_on, x.finding_id, x.answer_id, r.code,"  # noqa: S608
            f" ra.code, r.kind FROM {t['contra']} x JOIN {t['answer']} a ON a.id = x.answer_id"
            f" JOIN {t['req']} r ON r.id = a.requirement_id"
            f" JOIN {t['area']} ra ON ra.id = r.area_id"
            " WHERE x.operator_id IN ({ids}) AND x.recorded_on BETWEEN %s AND %s"
            " ORDER BY x.operator_id, x.recorded_on, x.id"
        ),
        "selfcheck.accepted_self_inspections": (
            "SELECT s.id, s.enrolment_id, e.operator_id, c.year, e.kind, s.submitted_at,"  # noqa: S608
            " s.reviewed_at, COUNT(a.id),"
            " SUM(CASE WHEN a.result = 'non_compliant' THEN 1 ELSE 0 END),"
            " SUM(CASE WHEN a.result = 'non_compliant' AND a.rectified_at IS NOT NULL"
            " THEN 1 ELSE 0 END)"
            f" FROM {t['si']} s JOIN {t['enrol']} e ON e.id = s.enrolment_id"
            f" JOIN {t['campaign']} c ON c.id = e.campaign_id"
            f" LEFT JOIN {t['answer']} a ON a.inspection_id = s.id"
            " WHERE e.operator_id IN ({ids}) AND s.status = 'accepted'"
            " AND s.reviewed_at >= %s AND s.reviewed_at < %s"
            " GROUP BY s.id, s.enrolment_id, e.operator_id, c.year, e.kind, s.submitted_at,"
            " s.reviewed_at ORDER BY e.operator_id, s.reviewed_at, s.id"
        ),
        "complaints.substantiated_complaints": (
            "SELECT c.id, c.operator_id, c.received_on, c.closed_on, c.category, c.agreement,"  # noqa: S608
            " c.amount_recovered, (SELECT u.satisfaction FROM"
            f" {t['followup']} u WHERE u.complaint_id = c.id"
            " ORDER BY u.visited_on DESC, u.id DESC LIMIT 1), o.livestream, o.group_buying"
            f" FROM {t['complaint']} c JOIN {t['operator']} o ON o.id = c.operator_id"
            " WHERE c.operator_id IN ({ids})"
            " AND c.kind = 'complaint' AND c.substantiated"
            " AND c.received_on BETWEEN %s AND %s ORDER BY c.operator_id, c.received_on, c.id"
        ),
        "monitoring.confirmed_hits": (
            "SELECT h.id, m.operator_id, m.stream_date, h.category, h.severity, h.rule_id,"  # noqa: S608
            " h.veto, h.material_id, h.finding_id, h.area, pa.platform, o.livestream,"
            f" o.group_buying FROM {t['hit']} h JOIN {t['material']} m ON m.id = h.material_id"
            f" JOIN {t['operator']} o ON o.id = m.operator_id"
            f" LEFT JOIN {t['account']} pa ON pa.id = m.account_id"
            " WHERE m.operator_id IN ({ids}) AND h.status = 'confirmed'"
            " AND m.stream_date BETWEEN %s AND %s"
            " ORDER BY m.operator_id, m.stream_date, h.material_id, h.id"
        ),
        "monitoring.monitored_time": (
            f"SELECT operator_id, SUM(duration_minutes), COUNT(id) FROM {t['material']}"  # noqa: S608
            " WHERE operator_id IN ({ids}) AND status = 'scanned'"
            " AND stream_date BETWEEN %s AND %s GROUP BY operator_id"
        ),
        "programme.training": (
            "SELECT x.training_id, x.operator_id, t.held_on, t.topic, t.campaign_id, 'i'"  # noqa: S608
            f" FROM {t['invited']} x JOIN {t['training']} t ON t.id = x.training_id"
            " WHERE x.operator_id IN ({ids}) AND t.held_on BETWEEN %s AND %s"
            " UNION ALL SELECT x.training_id, x.operator_id, t.held_on, t.topic,"
            f" t.campaign_id, 'a' FROM {t['attended']} x"
            f" JOIN {t['training']} t ON t.id = x.training_id"
            " WHERE x.operator_id IN ({ids2}) AND t.held_on BETWEEN %s AND %s"
        ),
    }


def run_anchor(name: str, sql: str, ids: list[int], window) -> int:
    from django.db import connection

    marks = ", ".join(["%s"] * len(ids))
    start, end = window.start, window.end
    if name == "supervision.orders":
        args = [end, *ids, start, end]
    elif name == "selfcheck.accepted_self_inspections":
        tz = ZoneInfo("Asia/Shanghai")
        adapt = connection.ops.adapt_datetimefield_value  # as Django writes a datetime
        start = adapt(datetime.combine(window.start, clock(0), tzinfo=tz))
        end = adapt(datetime.combine(window.end + timedelta(days=1), clock(0), tzinfo=tz))
        args = [*ids, start, end]
    elif name == "supervision.key_targets":
        args = [*ids, end, end]
    elif name == "programme.training":
        args = [*ids, start, end, *ids, start, end]
    else:
        args = [*ids, start, end]
    with connection.cursor() as cursor:
        cursor.execute(sql.replace("{ids}", marks).replace("{ids2}", marks), args)
        return len(cursor.fetchall())


def main() -> None:
    label = setup_django()
    from fangxin.complaints import facts as complaints
    from fangxin.core.facts import Window
    from fangxin.monitoring import facts as monitoring
    from fangxin.programme import facts as programme
    from fangxin.selfcheck import facts as selfcheck
    from fangxin.supervision import facts as supervision

    print(f"facts on {label}")
    fresh()
    started = time.perf_counter()
    campaign_id, rows = populate(OPERATORS)
    print(
        f"  {OPERATORS:,} enrolled operators; "
        + ", ".join(f"{n:,} {name.split('.')[1]}" for name, n in rows.items() if n > OPERATORS)
        + f" (created in {time.perf_counter() - started:.1f} s)"
    )
    window = Window.year(YEAR)
    count, _ = _queries(lambda: programme.enrolments(campaign_id))
    enrolment_ms = median_ms(lambda: programme.enrolments(campaign_id), RUNS)
    ids = programme.operator_ids(programme.enrolments(campaign_id))
    print(f"  programme.enrolments: {len(ids):,} enrolments, {count} query, {enrolment_ms:.1f} ms")
    functions = {
        "supervision.findings": supervision.findings,
        "supervision.orders": supervision.orders,
        "supervision.samples": supervision.samples,
        "supervision.cases": supervision.cases,
        "supervision.confirmed_vetoes": supervision.confirmed_vetoes,
        "supervision.contradictions": supervision.contradictions,
        # On the window's last day, as an evaluation would ask "a key target at the end?".
        "supervision.key_targets": lambda ids, w: supervision.key_targets(ids, w.end),
        "selfcheck.accepted_self_inspections": selfcheck.accepted_self_inspections,
        "complaints.substantiated_complaints": complaints.substantiated_complaints,
        "monitoring.confirmed_hits": monitoring.confirmed_hits,
        "monitoring.monitored_time": monitoring.monitored_time,
        "programme.training": programme.training,
    }
    sql = anchors()
    print(f"  window {window.start}..{window.end}; median of {RUNS} runs, ms; bare = the anchor:")
    print("  cursor.execute of the same rows and columns, no objects; ratio = facts/bare")
    print(
        f"  {'function':38s} {'queries':>7s} {'facts':>7s} {'rows':>7s} {'bare':>7s} {'ratio':>6s}"
    )
    total, total_bare, worst = 0.0, 0.0, (0.0, "")
    for name, fn in functions.items():
        queries, result = _queries(lambda fn=fn: fn(ids, window))
        facts_rows = sum(1 if not isinstance(v, tuple) else len(v) for v in result.values())
        bare_rows = run_anchor(name, sql[name], ids, window)
        comparable = name not in ("programme.training", "monitoring.monitored_time")
        if comparable and bare_rows != facts_rows:
            print(f"  note: bare SQL read {bare_rows} rows, facts {facts_rows} for {name}")
        took = median_ms(lambda fn=fn: fn(ids, window), RUNS)
        bare = median_ms(lambda n=name: run_anchor(n, sql[n], ids, window), RUNS)
        total, total_bare = total + took, total_bare + bare
        worst = max(worst, (took / bare, name))
        print(
            f"  {name:38s} {queries:7d} {took:7.1f} {facts_rows:7d} {bare:7.1f} {took / bare:5.1f}x"
        )
    print(f"  all of them for {len(ids):,} operators: {total:.0f} ms (bare {total_bare:.0f} ms)")
    print(f"  worst ratio facts / bare: {worst[0]:.1f}x ({worst[1]}); aim {AIM:.0f}x")


def _queries(fn):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        result = fn()
    return len(captured.captured_queries), result


if __name__ == "__main__":
    main()
