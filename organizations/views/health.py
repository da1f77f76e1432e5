import time

from celery import current_app
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def _check_database() -> dict[str, object]:
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return {"ok": False, "error": exc.__class__.__name__}
    return {
        "ok": True,
        "engine": connection.vendor,
        "ms": round((time.perf_counter() - started) * 1000, 1),
    }


def _check_broker() -> dict[str, object]:
    # The app config/ made current; organizations/ does not import config/.
    app = current_app
    started = time.perf_counter()
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:
        return {"ok": False, "error": exc.__class__.__name__}
    return {"ok": True, "ms": round((time.perf_counter() - started) * 1000, 1)}


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Database and (when configured) broker status; 503 when either is down."""
    checks: dict[str, dict[str, object]] = {"database": _check_database()}
    if settings.REDIS_URL:
        checks["broker"] = _check_broker()
    ok = all(check["ok"] for check in checks.values())
    return JsonResponse(
        {"status": "ok" if ok else "error", **checks}, status=200 if ok else 503
    )
