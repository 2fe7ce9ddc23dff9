"""Load towns, streets, stations and partner departments from a versioned YAML file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from django.db import transaction

from .models import Area, PartnerDepartment, Station

DEFAULT_FILE = Path(__file__).parent / "data" / "jurisdictions" / "changxing.yaml"


class JurisdictionFileError(ValueError):
    pass


@dataclass
class LoadReport:
    stations: int
    areas: int
    partner_departments: int


def _require(item: dict, keys: tuple[str, ...], where: str) -> None:
    missing = [k for k in keys if not item.get(k)]
    if missing:
        raise JurisdictionFileError(f"{where}: missing {', '.join(missing)}")


def parse(path: Path) -> dict:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise JurisdictionFileError(f"{path}: {exc}") from exc
    if not isinstance(data, dict) or not data.get("stations") or not data.get("areas"):
        raise JurisdictionFileError(f"{path}: needs 'stations' and 'areas' lists")
    station_codes = set()
    for i, st in enumerate(data["stations"]):
        _require(st, ("code", "name"), f"stations[{i}]")
        station_codes.add(st["code"])
    kinds = {k.value for k in Area.Kind}
    for i, area in enumerate(data["areas"]):
        _require(area, ("code", "name", "kind", "station"), f"areas[{i}]")
        if area["kind"] not in kinds:
            raise JurisdictionFileError(f"areas[{i}]: kind must be one of {sorted(kinds)}")
        if area["station"] not in station_codes:
            raise JurisdictionFileError(f"areas[{i}]: unknown station {area['station']!r}")
    for i, dept in enumerate(data.get("partner_departments") or []):
        _require(dept, ("code", "name"), f"partner_departments[{i}]")
    return data


@transaction.atomic
def load(path: Path = DEFAULT_FILE) -> LoadReport:
    """Create or update by code; never deletes (an office edit in the admin survives)."""
    data = parse(path)
    stations = {}
    for st in data["stations"]:
        stations[st["code"]], _ = Station.objects.update_or_create(
            code=st["code"], defaults={"name": st["name"]}
        )
    for area in data["areas"]:
        Area.objects.update_or_create(
            code=area["code"],
            defaults={
                "name": area["name"],
                "kind": area["kind"],
                "station": stations[area["station"]],
            },
        )
    for dept in data.get("partner_departments") or []:
        PartnerDepartment.objects.update_or_create(
            code=dept["code"], defaults={"name": dept["name"]}
        )
    return LoadReport(
        len(data["stations"]), len(data["areas"]), len(data.get("partner_departments") or [])
    )
