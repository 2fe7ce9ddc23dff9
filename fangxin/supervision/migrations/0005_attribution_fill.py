"""Fill the kind and area of existing findings and samples (issue 12 item 2).

The rule, in order (the same as new rows follow, ``fangxin.supervision.attribution``; the maps
are copied here as they were, so that later edits of the live ones do not change history):

Samples: area "quality" (product quality, the rubric's area for a failed sample); kind from the
place (studio → live-stream, pickup point → group-buying), else the operator's only kind, else
null (an operator of both kinds: counts for both enrolments).

Findings, area: the inspected item's requirement area; else the sample's area; else the area the
monitoring category of its hit maps to; else the area of the complaint it came from (by the
complaint's category); else "conduct" (经营行为合法: a finding is a breach of a legal duty and
the guide has no "other" area). The area row is the one of the guide of the campaign of the
finding's year, else of the latest guide that has the code; the default guide is loaded first if
the database has none.

Findings, kind: the inspected item's requirement kind; else group-buying when the finding or its
inspection names a pickup point; else the sample's place; else the platform of the monitored
account (one-way platforms only); else the operator's only kind; else null (counts for both).

Reversing leaves the areas filled (they were empty before, and 0006's reverse makes them
nullable again); 0004's reverse drops the kinds.
"""

from django.db import migrations

DEFAULT_AREA = "conduct"
SAMPLE_AREA = "quality"
CATEGORY_AREAS = {
    "absolute_terms": "marketing",
    "counterfeit": "quality",
    "fake_reviews": "marketing",
    "false_claims": "marketing",
    "health_food_claims": "marketing",
    "labelling": "labelling",
    "medical_claims": "marketing",
    "minors": "consumer_rights",
    "price_fraud": "conduct",
    "prohibited_content": "conduct",
    "prohibited_goods": "conduct",
}
COMPLAINT_CATEGORY_AREAS = {
    "quality": "quality",
    "advertising": "marketing",
    "price": "conduct",
    "after_sales": "after_sales",
    "delivery": "after_sales",
    "counterfeit": "quality",
    "food_safety": "quality",
    "personal_info": "consumer_rights",
    "other": "consumer_rights",
}
PLATFORM_KINDS = {
    "douyin": "livestream",
    "kuaishou": "livestream",
    "taobao": "livestream",
    "channels": "livestream",
    "xiaohongshu": "livestream",
    "meituan": "group_buying",
    "duoduo": "group_buying",
    "xingsheng": "group_buying",
}
PLACE_KINDS = {"studio": "livestream", "pickup_point": "group_buying"}


def finding_area_code(*, item_area=None, sample_area=None, hit_category=None, complaint_category=None):
    return (
        item_area
        or sample_area
        or CATEGORY_AREAS.get(hit_category)
        or COMPLAINT_CATEGORY_AREAS.get(complaint_category)
        or DEFAULT_AREA
    )


def kind_of(
    *,
    livestream,
    group_buying,
    requirement_kind=None,
    pickup_point=False,
    sample_place=None,
    platform=None,
):
    if requirement_kind:
        return requirement_kind
    if pickup_point:
        return "group_buying"
    if sample_place in PLACE_KINDS:
        return PLACE_KINDS[sample_place]
    if platform in PLATFORM_KINDS:
        return PLATFORM_KINDS[platform]
    if livestream and not group_buying:
        return "livestream"
    if group_buying and not livestream:
        return "group_buying"
    return None


class _Areas:
    """Area code (+ the day it counts on) → RequirementArea id."""

    def __init__(self, apps):
        self.apps = apps
        self._load()

    def _load(self):
        RequirementArea = self.apps.get_model("programme", "RequirementArea")
        Campaign = self.apps.get_model("programme", "Campaign")
        self.by_guide = {
            (guide, code): pk
            for pk, guide, code in RequirementArea.objects.values_list("pk", "guide_id", "code")
        }
        self.latest = {}
        for pk, code in RequirementArea.objects.order_by("guide_id").values_list("pk", "code"):
            self.latest[code] = pk  # the last guide made wins
        self.guide_of_year = dict(Campaign.objects.values_list("year", "guide_id"))

    def ensure(self, code):
        if code not in self.latest:
            _load_default_guide(self.apps)
            self._load()
        if code not in self.latest:
            raise RuntimeError(f"no requirement area {code!r} in any work guide")

    def get(self, code, on):
        self.ensure(code)
        guide = self.guide_of_year.get(on.year) if on else None
        return self.by_guide.get((guide, code)) or self.latest[code]


def _load_default_guide(apps):
    """The shipped guide, for a database that has findings but never loaded a guide."""
    from fangxin.programme.guides import DEFAULT_GUIDE, parse

    GuideVersion = apps.get_model("programme", "GuideVersion")
    RequirementArea = apps.get_model("programme", "RequirementArea")
    Requirement = apps.get_model("programme", "Requirement")
    data = parse(DEFAULT_GUIDE)
    guide, created = GuideVersion.objects.get_or_create(
        code=data["code"], version=data["version"], defaults={"title": data["title"]}
    )
    for order, area_data in enumerate(data["areas"]):
        area, made = RequirementArea.objects.get_or_create(
            guide=guide, code=area_data["code"], defaults={"name": area_data["name"], "order": order}
        )
        if made:
            Requirement.objects.bulk_create(
                Requirement(area=area, kind=kind, code=item["code"], text=item["text"], order=n)
                for kind, items in area_data["items"].items()
                for n, item in enumerate(items)
            )


def fill(apps, schema_editor):
    Sample = apps.get_model("supervision", "Sample")
    Finding = apps.get_model("supervision", "Finding")
    Hit = apps.get_model("monitoring", "Hit")
    Complaint = apps.get_model("complaints", "Complaint")
    if not (Sample.objects.exists() or Finding.objects.exists()):
        return
    areas = _Areas(apps)

    samples = []
    for sample in Sample.objects.select_related("operator").filter(area__isnull=True).iterator():
        sample.area_id = areas.get(SAMPLE_AREA, sample.taken_on)
        if sample.kind is None:
            sample.kind = kind_of(
                livestream=sample.operator.livestream,
                group_buying=sample.operator.group_buying,
                sample_place=sample.place,
            )
        samples.append(sample)
    Sample.objects.bulk_update(samples, ["area", "kind"], batch_size=500)

    hits = {}
    for finding_id, category, platform in Hit.objects.filter(finding__isnull=False).order_by(
        "pk"
    ).values_list("finding_id", "category", "material__account__platform"):
        hits.setdefault(finding_id, (category, platform))
    complaints = dict(
        Complaint.objects.filter(finding__isnull=False)
        .order_by("-pk")
        .values_list("finding_id", "category")
    )
    area_codes = dict(apps.get_model("programme", "RequirementArea").objects.values_list("pk", "code"))
    findings = []
    rows = Finding.objects.select_related(
        "operator", "inspection_item__requirement__area", "inspection", "sample"
    ).iterator()
    for finding in rows:
        if finding.area_id is not None and finding.kind is not None:
            continue
        requirement = finding.inspection_item.requirement if finding.inspection_item else None
        hit_category, platform = hits.get(finding.pk, (None, None))
        if finding.area_id is None:
            code = finding_area_code(
                item_area=requirement.area.code if requirement else None,
                sample_area=area_codes.get(finding.sample.area_id) if finding.sample else None,
                hit_category=hit_category,
                complaint_category=complaints.get(finding.pk),
            )
            finding.area_id = areas.get(code, finding.found_on)
        if finding.kind is None:
            finding.kind = kind_of(
                livestream=finding.operator.livestream,
                group_buying=finding.operator.group_buying,
                requirement_kind=requirement.kind if requirement else None,
                pickup_point=bool(
                    finding.pickup_point_id
                    or (finding.inspection and finding.inspection.pickup_point_id)
                ),
                sample_place=finding.sample.place if finding.sample else None,
                platform=platform,
            )
        findings.append(finding)
    Finding.objects.bulk_update(findings, ["area", "kind"], batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ("supervision", "0004_attribution_fields"),
        ("programme", "0002_enrolment_late_reason"),
        ("monitoring", "0001_initial"),
        ("complaints", "0004_deadline_event_and_not_accepted_grounds"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
