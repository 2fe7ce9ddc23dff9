from datetime import date

from .services import sweep, sweep_pending_evidence


def run(today: date) -> dict[str, int]:
    return {
        "complaint_alerts": sweep(today),
        "complaint_pending_evidence": sweep_pending_evidence(),
    }
