"""What complaints show on other apps' pages (found by ``fangxin.core.discovery``)."""

from fangxin.core.scoping import visible

from .models import Complaint


def operator_file(user, operator) -> dict:
    """The latest complaints about ``operator`` on supervision's operator file (regulators)."""
    return {"complaints": visible(user, Complaint).filter(operator=operator)[:20]}
