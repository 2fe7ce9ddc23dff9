from datetime import date

from .services import fail_stalled_scans


def run(today: date) -> dict[str, int]:
    return {"monitoring_scans_stalled": fail_stalled_scans()}
