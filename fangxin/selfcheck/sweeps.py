from datetime import date

from .services import send_due_reminders


def run(today: date) -> dict[str, int]:
    return {"rectification_reminders": send_due_reminders(today)}
