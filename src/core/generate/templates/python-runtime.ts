// The generated FastAPI adapter runtime (`<out>/http.py`): request/response values for the ports
// and the glue that binds a route to a port method. It holds no spec text, so it is the same for
// every project. Bodies are capped at 1 MiB (413), bad JSON is a 400, and a port that raises is a
// 500 without details (the traceback goes to the server log).

export const PYTHON_HTTP_RUNTIME = `import json
import logging
from dataclasses import dataclass, field
from typing import Any, Awaitable, Callable, List, Mapping

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

MAX_BODY_BYTES = 1024 * 1024


@dataclass(frozen=True)
class ApiRequest:
    """What a port method receives: the parsed HTTP request."""

    method: str
    path: str
    params: Mapping[str, str]
    query: Mapping[str, str]
    headers: Mapping[str, str]
    body: Any = None


@dataclass(frozen=True)
class ApiResponse:
    """What a port method returns: status, JSON body (None for no body) and extra headers."""

    status: int
    body: Any = None
    headers: Mapping[str, str] = field(default_factory=dict)


Handler = Callable[[ApiRequest], Awaitable[ApiResponse]]


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    operation: str
    handler: Handler


class RequestRejected(Exception):
    def __init__(self, status: int, error: str) -> None:
        super().__init__(error)
        self.status = status
        self.error = error


async def read_body(request: Request) -> Any:
    chunks: List[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise RequestRejected(413, "payload_too_large")
        chunks.append(chunk)
    raw = b"".join(chunks)
    if not raw:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        raise RequestRejected(400, "invalid_json") from None


async def api_request(request: Request) -> ApiRequest:
    return ApiRequest(
        method=request.method,
        path=request.url.path,
        params=dict(request.path_params),
        query=dict(request.query_params),
        headers={name.lower(): value for name, value in request.headers.items()},
        body=await read_body(request),
    )


def to_response(result: ApiResponse) -> Response:
    if result.body is None:
        return Response(status_code=result.status, headers=dict(result.headers))
    return JSONResponse(result.body, status_code=result.status, headers=dict(result.headers))


def bind(router: APIRouter, route: Route) -> None:
    """Adds one route to the router: parse the request, call the port, answer its result."""

    async def endpoint(request: Request) -> Response:
        try:
            parsed = await api_request(request)
        except RequestRejected as rejected:
            return JSONResponse({"error": rejected.error}, status_code=rejected.status)
        try:
            result = await route.handler(parsed)
        except Exception:
            logging.getLogger(__name__).exception("%s failed", route.operation)
            return JSONResponse({"error": "internal_error"}, status_code=500)
        return to_response(result)

    router.add_api_route(route.path, endpoint, methods=[route.method], name=route.operation)
`;
