import pytest

from app.pricing import Line, OrderRejected, price_order


def test_totals_every_line_in_minor_units():
    priced = price_order("EUR", [Line("book", 2, "12.50"), Line("pen", 3, "1.10")])
    assert priced.total == "28.30"
    assert priced.lines == 2


def test_names_every_violated_field():
    with pytest.raises(OrderRejected) as rejected:
        price_order("XXX", [Line(" ", 0, "1.234"), Line("ok", 1, "abc")])
    assert rejected.value.violations == ["currency", "lines[0].sku", "lines[0].quantity", "lines[0].unit_price", "lines[1].unit_price"]


def test_an_order_needs_lines():
    with pytest.raises(OrderRejected) as rejected:
        price_order("USD", [])
    assert rejected.value.violations == ["lines"]
