"""Attribution: which operator kind and which requirement area a fact counts against.

An operator doing both live-stream selling and community group-buying has two enrolments, scored
apart, so every fact says which one it concerns. The kind is derived, in this order, from

1. the inspected item (its requirement is written for one kind);
2. a pickup point (group-buying) or a studio (live-stream), for a finding or a sample taken there;
3. a platform account, when its platform sells only one way (``PLATFORM_KINDS``);
4. the operator, when it does only one kind;

and otherwise the inspector chooses (inspections, samples, partner findings). When nobody can
choose (a complaint, a monitoring hit about an operator doing both kinds, nothing pointing at one
business) the kind stays ``None``: the fact **counts for both enrolments**, and the facts say so
(``counts_for_both``). Every finding also has a requirement area (see ``DEFAULT_AREA``).
"""

from __future__ import annotations

LIVESTREAM = "livestream"
GROUP_BUYING = "group_buying"
KINDS = (LIVESTREAM, GROUP_BUYING)

# Platforms that sell one way only. JD, Pinduoduo and "other" host shops and live rooms and
# sometimes group-buying, so an account there says nothing about the kind.
PLATFORM_KINDS = {
    "douyin": LIVESTREAM,
    "kuaishou": LIVESTREAM,
    "taobao": LIVESTREAM,
    "channels": LIVESTREAM,
    "xiaohongshu": LIVESTREAM,
    "meituan": GROUP_BUYING,
    "duoduo": GROUP_BUYING,
    "xingsheng": GROUP_BUYING,
}

# Where a sample was taken (Sample.Place) → the kind, when the place says it.
SAMPLE_PLACE_KINDS = {"studio": LIVESTREAM, "pickup_point": GROUP_BUYING}

# The requirement area a finding falls in when nothing else says one (no inspected item, no
# monitoring category, no complaint category, nobody chose): the guide has no "other" area, and a
# finding is a breach of a legal duty, which is what "lawful conduct" (经营行为合法) covers.
DEFAULT_AREA = "conduct"
# A product sample counts against product quality unless the inspector chooses another area.
SAMPLE_AREA = "quality"

# A complaint's category → the requirement area it concerns. "Other" is a consumer-rights
# matter by nature: the consumer came to the regulator.
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


def operator_kinds(livestream: bool, group_buying: bool) -> tuple[str, ...]:
    return tuple(k for k, on in ((LIVESTREAM, livestream), (GROUP_BUYING, group_buying)) if on)


def derive_kind(
    *,
    livestream: bool,
    group_buying: bool,
    requirement_kind: str | None = None,
    pickup_point: bool = False,
    studio: bool = False,
    platform: str | None = None,
    sample_place: str | None = None,
) -> str | None:
    """The kind the evidence says, or ``None`` when it cannot be told (an operator of both
    kinds and nothing pointing at one of its businesses)."""
    if requirement_kind:
        return requirement_kind
    if pickup_point:
        return GROUP_BUYING
    if studio:
        return LIVESTREAM
    if sample_place in SAMPLE_PLACE_KINDS:
        return SAMPLE_PLACE_KINDS[sample_place]
    if platform in PLATFORM_KINDS:
        return PLATFORM_KINDS[platform]
    kinds = operator_kinds(livestream, group_buying)
    return kinds[0] if len(kinds) == 1 else None
