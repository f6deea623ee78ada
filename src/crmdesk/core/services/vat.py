"""VAT: the rates offered, the default rate, and the tax of a line.

Rates are kept in basis points (1300 = 13 %) on lines and products; the settings hold
them in percent as people write them (``vat.rates`` "13, 9, 6, 0", ``vat.default_rate``
13).  A line's tax is rounded half-up (away from zero) to the cent, per line; a
document's net, tax and total are the sums of its lines.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from sqlalchemy.orm import Session

from crmdesk.core.models import Product
from crmdesk.core.services import settings

BASIS = 10_000  # basis points in 100 %


def percent_to_bp(text: str | int) -> int | None:
    """``"13"`` / ``"13%"`` / ``"5.5"`` -> 1300 / 1300 / 550; None when it is no rate."""
    cleaned = str(text).strip().rstrip("%").strip()
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    if not value.is_finite() or value < 0 or value > 100:
        return None
    return int((value * 100).to_integral_value())


def bp_text(rate: int) -> str:
    """1300 -> ``13%``; 550 -> ``5.5%``."""
    text = f"{Decimal(rate) / 100:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text}%"


def rates(session: Session) -> list[int]:
    """The rates offered (basis points, as listed in ``vat.rates``; bad entries skipped)."""
    found: list[int] = []
    for text in settings.get(session, "vat.rates") or []:
        rate = percent_to_bp(text)
        if rate is not None and rate not in found:
            found.append(rate)
    return found


def default_rate(session: Session) -> int:
    return int(settings.get(session, "vat.default_rate")) * 100


def rate_of(session: Session, product: Product | None, default: int | None = None) -> int:
    """A line's rate: its product's, else the settings' default."""
    if product is not None and product.vat_rate is not None:
        return int(product.vat_rate)
    return default_rate(session) if default is None else default


def tax(net_cents: int, rate: int) -> int:
    """round(net x rate / 10000), half-up (away from zero), in whole cents."""
    magnitude = (abs(net_cents) * rate * 2 + BASIS) // (2 * BASIS)
    return magnitude if net_cents >= 0 else -magnitude
