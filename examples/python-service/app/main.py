"""HTTP adapter: FastAPI routes over the pricing core. Listens where uvicorn is told ($PORT)."""
import itertools
import os
from typing import List

from fastapi import FastAPI
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from app.pricing import Line, OrderIds, OrderRejected, price_order

SERVICE = "python-service"


class SequentialIds:
    """Adapter for the OrderIds port: ord-1, ord-2, … (per process)."""

    def __init__(self) -> None:
        self._counter = itertools.count(1)

    def next_id(self) -> str:
        return f"ord-{next(self._counter)}"


class LineIn(BaseModel):
    sku: str
    quantity: int
    unit_price: str


class OrderIn(BaseModel):
    currency: str
    lines: List[LineIn]


def create_app(ids: OrderIds) -> FastAPI:
    app = FastAPI(title=SERVICE)

    @app.get("/healthz")
    def healthz() -> JSONResponse:
        return JSONResponse({"status": "ok"}, headers={"cache-control": "no-store"})

    @app.get("/v1/ping")
    def ping() -> dict:
        return {"pong": True, "service": SERVICE, "commit": os.environ.get("GIT_COMMIT", "unknown")}

    @app.post("/v1/orders", status_code=201)
    def create_order(order: OrderIn) -> JSONResponse:
        lines = [Line(sku=x.sku, quantity=x.quantity, unit_price=x.unit_price) for x in order.lines]
        try:
            priced = price_order(order.currency, lines)
        except OrderRejected as rejected:
            return JSONResponse({"error": "invalid_order", "fields": rejected.violations}, status_code=422)
        body = {"id": ids.next_id(), "total": priced.total, "currency": priced.currency, "lines": priced.lines}
        return JSONResponse(body, status_code=201)

    return app


app = create_app(SequentialIds())
