"""Orders service: a FastAPI example governed by specgate."""
