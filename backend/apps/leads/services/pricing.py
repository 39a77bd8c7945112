"""Money on quotation lines: computed here, on the server, in ``Decimal``.

Rounding (documented for staff and auditors): every amount is rounded to
cents with ROUND_HALF_UP **per line**, in this order:

    gross    = round(quantity × unit price)
    discount = round(gross × discount % / 100)
    net      = gross − discount
    tax      = round(net × tax rate / 100)
    total    = net + tax

The quotation's subtotal, discount, tax and total are the sums of the line
amounts of the lines that count (every non-optional line, and optional lines
the client chose), so the totals always equal the sum of what the lines show.
Amounts a client sends (totals, line totals) are never read."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from apps.core.exceptions import DomainError

CENTS = Decimal("0.01")
HUNDRED = Decimal("100")
MAX_QUANTITY = Decimal("99999999.99")
MAX_UNIT_PRICE = Decimal("9999999999.99")
MAX_LINES = 200


def to_cents(value: Decimal) -> Decimal:
    return value.quantize(CENTS, rounding=ROUND_HALF_UP)


def allowed_tax_rates() -> tuple[Decimal, ...]:
    return tuple(Decimal(r).quantize(CENTS) for r in settings.QUOTATION_TAX_RATES)


def default_tax_rate() -> Decimal:
    return allowed_tax_rates()[0]


def format_money(amount: Decimal, currency: str) -> str:
    """``KES 185,600.00``"""
    return f"{currency} {number_format(to_cents(amount), 2, force_grouping=True)}"


@dataclass(frozen=True)
class LineAmounts:
    gross: Decimal
    discount: Decimal
    net: Decimal
    tax: Decimal
    total: Decimal


def line_amounts(
    *, quantity: Decimal, unit_price: Decimal, discount_percent: Decimal, tax_rate: Decimal
) -> LineAmounts:
    gross = to_cents(quantity * unit_price)
    discount = to_cents(gross * discount_percent / HUNDRED)
    net = gross - discount
    tax = to_cents(net * tax_rate / HUNDRED)
    return LineAmounts(gross=gross, discount=discount, net=net, tax=tax, total=net + tax)


@dataclass(frozen=True)
class Totals:
    subtotal: Decimal
    discount: Decimal
    tax: Decimal
    total: Decimal


def totals_of(lines: Iterable[Any]) -> Totals:
    """Sums over lines (model rows) that count: non-optional, or optional and selected."""
    subtotal = discount = tax = total = Decimal("0.00")
    for line in lines:
        if line.is_optional and not line.is_selected:
            continue
        subtotal += line.gross_amount
        discount += line.discount_amount
        tax += line.tax_amount
        total += line.line_total
    return Totals(subtotal=subtotal, discount=discount, tax=tax, total=total)


def tax_breakdown(lines: Iterable[Any]) -> list[tuple[Decimal, Decimal, Decimal]]:
    """``[(rate, net, tax)]`` per tax rate over the lines that count, highest rate first."""
    by_rate: dict[Decimal, list[Decimal]] = {}
    for line in lines:
        if line.is_optional and not line.is_selected:
            continue
        net_tax = by_rate.setdefault(line.tax_rate, [Decimal("0.00"), Decimal("0.00")])
        net_tax[0] += line.net_amount
        net_tax[1] += line.tax_amount
    return [(rate, v[0], v[1]) for rate, v in sorted(by_rate.items(), reverse=True)]


def _decimal(value: Any, field: str, message: str) -> Decimal:
    if isinstance(value, float):
        value = repr(value)
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError, TypeError):
        raise DomainError(field, message) from None
    if not number.is_finite():
        raise DomainError(field, message)
    return number


def clean_line(raw: dict[str, Any], index: int) -> dict[str, Any]:
    """One line as typed by staff → checked values. Errors name the field as
    ``lines[2].unit_price`` so a form or API client can point at it."""
    prefix = f"lines[{index}]"
    description = str(raw.get("description") or "").strip()
    service = raw.get("service")
    if not description and service is not None:
        description = service.name
    if not description:
        raise DomainError(f"{prefix}.description", _("Describe the item."))
    if len(description) > 500:
        raise DomainError(f"{prefix}.description", _("Keep the description under 500 characters."))
    quantity = _decimal(
        raw.get("quantity", 1), f"{prefix}.quantity", _("Enter a quantity, e.g. 1 or 2.5.")
    )
    if quantity <= 0:
        raise DomainError(f"{prefix}.quantity", _("The quantity must be more than zero."))
    if quantity > MAX_QUANTITY or quantity != quantity.quantize(CENTS):
        raise DomainError(f"{prefix}.quantity", _("Use a quantity with at most two decimals."))
    unit_price = _decimal(
        raw.get("unit_price"), f"{prefix}.unit_price", _("Enter a price, e.g. 45000.")
    )
    if unit_price < 0:
        raise DomainError(f"{prefix}.unit_price", _("A price cannot be negative."))
    if unit_price > MAX_UNIT_PRICE or unit_price != unit_price.quantize(CENTS):
        raise DomainError(f"{prefix}.unit_price", _("Use a price with at most two decimals."))
    discount = _decimal(
        raw.get("discount_percent") or 0,
        f"{prefix}.discount_percent",
        _("Enter a discount between 0 and 100 %."),
    )
    if not Decimal(0) <= discount <= HUNDRED:
        raise DomainError(f"{prefix}.discount_percent", _("Enter a discount between 0 and 100 %."))
    rates = allowed_tax_rates()
    raw_rate = raw.get("tax_rate")
    tax_rate = (
        default_tax_rate()
        if raw_rate in (None, "")
        else _decimal(raw_rate, f"{prefix}.tax_rate", _("Choose a tax rate."))
    )
    if tax_rate.quantize(CENTS) not in rates:
        raise DomainError(
            f"{prefix}.tax_rate",
            _("Choose one of the tax rates: %(rates)s %%.")
            % {"rates": ", ".join(f"{r.normalize():f}" for r in rates)},
        )
    unit = str(raw.get("unit") or "pc").strip()[:20]
    return {
        "service": service,
        "description": description,
        "quantity": quantity.quantize(CENTS),
        "unit": unit,
        "unit_price": unit_price.quantize(CENTS),
        "discount_percent": discount.quantize(CENTS),
        "tax_rate": tax_rate.quantize(CENTS),
        "is_optional": bool(raw.get("is_optional", False)),
    }


def clean_lines(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if not lines:
        raise DomainError("lines", _("Add at least one line."))
    if len(lines) > MAX_LINES:
        raise DomainError("lines", _("A quotation can have at most %s lines.") % MAX_LINES)
    cleaned = [clean_line(raw, i) for i, raw in enumerate(lines)]
    if all(line["is_optional"] for line in cleaned):
        raise DomainError("lines", _("At least one line must not be optional."))
    return cleaned
