from fastapi.testclient import TestClient

from app.main import SequentialIds, create_app

client = TestClient(create_app(SequentialIds()))


def test_health_is_not_cached():
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response.headers["cache-control"] == "no-store"


def test_ping_names_the_service():
    assert client.get("/v1/ping").json()["service"] == "python-service"


def test_order_created_with_an_id_and_total():
    response = client.post("/v1/orders", json={"currency": "EUR", "lines": [{"sku": "book", "quantity": 2, "unit_price": "12.50"}]})
    assert response.status_code == 201
    assert response.json()["total"] == "25.00"
    assert response.json()["id"].startswith("ord-")


def test_invalid_order_lists_fields():
    response = client.post("/v1/orders", json={"currency": "XXX", "lines": []})
    assert response.status_code == 422
    assert response.json()["fields"] == ["currency", "lines"]
