"""Load the work guide from its YAML data file, and copy a guide into a new version."""

from __future__ import annotations

from pathlib import Path

import yaml
from django.db import transaction

from .models import GuideVersion, Kind, Requirement, RequirementArea

DEFAULT_GUIDE = Path(__file__).parent / "data" / "guides" / "default.yaml"


class GuideFileError(ValueError):
    pass


def parse(path: Path) -> dict:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise GuideFileError(f"{path}: {exc}") from exc
    if not isinstance(data, dict):
        raise GuideFileError(f"{path}: not a mapping")
    for key in ("code", "title", "version", "areas"):
        if key not in data:
            raise GuideFileError(f"{path}: missing '{key}'")
    codes = set()
    kinds = {k.value for k in Kind}
    for i, area in enumerate(data["areas"]):
        if not area.get("code") or not area.get("name") or not area.get("items"):
            raise GuideFileError(f"areas[{i}]: needs code, name and items")
        for kind, items in area["items"].items():
            if kind not in kinds:
                raise GuideFileError(f"areas[{i}]: unknown kind {kind!r}")
            for item in items:
                if not item.get("code") or not item.get("text"):
                    raise GuideFileError(f"areas[{i}].{kind}: item needs code and text")
                if item["code"] in codes:
                    raise GuideFileError(f"duplicate item code {item['code']}")
                codes.add(item["code"])
    return data


@transaction.atomic
def load(path: Path = DEFAULT_GUIDE) -> GuideVersion:
    """Create the guide version the file describes, or return it if it is already loaded."""
    data = parse(path)
    existing = GuideVersion.objects.filter(code=data["code"], version=data["version"]).first()
    if existing:
        return existing
    guide = GuideVersion.objects.create(
        code=data["code"], version=data["version"], title=data["title"]
    )
    for order, area_data in enumerate(data["areas"]):
        area = RequirementArea.objects.create(
            guide=guide, code=area_data["code"], name=area_data["name"], order=order
        )
        Requirement.objects.bulk_create(
            Requirement(area=area, kind=kind, code=item["code"], text=item["text"], order=n)
            for kind, items in area_data["items"].items()
            for n, item in enumerate(items)
        )
    return guide


@transaction.atomic
def copy_version(
    guide: GuideVersion,
    edits: dict[str, str] | None = None,
    additions: list[tuple[str, str, str]] | None = None,
) -> GuideVersion:
    """A new version of ``guide`` with item texts replaced per ``edits`` (code → text) and new
    items appended per ``additions`` (area code, kind, text).

    An empty text removes the item. The old version stays as it was: answers refer to it.
    """
    edits = edits or {}
    additions = additions or []
    latest = GuideVersion.objects.filter(code=guide.code).order_by("-version").first()
    new = GuideVersion.objects.create(
        code=guide.code, version=latest.version + 1, title=guide.title, based_on=guide
    )
    for area in guide.areas.prefetch_related("items"):
        new_area = RequirementArea.objects.create(
            guide=new, code=area.code, name=area.name, order=area.order
        )
        Requirement.objects.bulk_create(
            Requirement(
                area=new_area,
                kind=item.kind,
                code=item.code,
                text=edits.get(item.code, item.text),
                order=item.order,
            )
            for item in area.items.all()
            if edits.get(item.code, item.text).strip()
        )
    _append(new, guide, additions)
    return new


def _append(new: GuideVersion, old: GuideVersion, additions) -> None:
    taken = set(Requirement.objects.filter(area__guide=old).values_list("code", flat=True))
    for area_code, kind, text in additions:
        if not text.strip():
            continue
        area = new.areas.get(code=area_code)
        prefix = "LS" if kind == Kind.LIVESTREAM else "GB"
        n = 1
        while f"{prefix}-{area_code[:3].upper()}{n}" in taken:
            n += 1
        code = f"{prefix}-{area_code[:3].upper()}{n}"
        taken.add(code)
        last = area.items.filter(kind=kind).order_by("-order").first()
        Requirement.objects.create(
            area=area,
            kind=kind,
            code=code,
            text=text.strip(),
            order=(last.order + 1) if last else 0,
        )


def requirements_for(guide: GuideVersion, kind: str):
    return (
        Requirement.objects.filter(area__guide=guide, kind=kind)
        .select_related("area")
        .order_by("area__order", "order")
    )


def requirements_all(guide: GuideVersion):
    return Requirement.objects.filter(area__guide=guide).order_by("area__order", "kind", "order")
