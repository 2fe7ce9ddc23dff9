from datetime import date

from .services import sweep


def run(today: date) -> dict[str, int]:
    return {"complaint_alerts": sweep(today)}
