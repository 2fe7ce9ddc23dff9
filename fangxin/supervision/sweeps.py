from datetime import date

from .services.enforcement import mark_overdue_orders


def run(today: date) -> dict[str, int]:
    return {"overdue_orders": mark_overdue_orders(today)}
