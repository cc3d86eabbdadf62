"""Pure order pricing: the domain core, no web framework and no I/O."""
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import List, Protocol

MAX_QUANTITY = 100
SUPPORTED_CURRENCIES = ("EUR", "USD", "GBP")


@dataclass(frozen=True)
class Line:
    sku: str
    quantity: int
    unit_price: str


@dataclass(frozen=True)
class Priced:
    total: str
    currency: str
    lines: int


class OrderRejected(Exception):
    """Every violated field, so the client can fix them all at once."""

    def __init__(self, violations: List[str]):
        super().__init__(", ".join(violations))
        self.violations = violations


class OrderIds(Protocol):
    """Port: where order ids come from (a sequence, a UUID source, a database)."""

    def next_id(self) -> str: ...


def price_order(currency: str, lines: List[Line]) -> Priced:
    violations: List[str] = []
    if currency not in SUPPORTED_CURRENCIES:
        violations.append("currency")
    if not lines:
        violations.append("lines")
    total = Decimal("0")
    for index, line in enumerate(lines):
        if not line.sku.strip():
            violations.append(f"lines[{index}].sku")
        if line.quantity < 1 or line.quantity > MAX_QUANTITY:
            violations.append(f"lines[{index}].quantity")
        try:
            price = Decimal(line.unit_price)
        except InvalidOperation:
            violations.append(f"lines[{index}].unit_price")
            continue
        if price <= 0 or price.as_tuple().exponent < -2:
            violations.append(f"lines[{index}].unit_price")
            continue
        total += price * line.quantity
    if violations:
        raise OrderRejected(violations)
    return Priced(total=f"{total:.2f}", currency=currency, lines=len(lines))
