from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from ..services.health import check_beat, check_broker, check_database, check_workers


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """The database, and with a broker configured the broker, each queue's
    workers and beat.

    503 when the database or the broker is down: this process cannot serve.
    Silent workers or beat make the status "degraded" but keep 200, so that a
    load balancer does not take healthy web processes out of service for a
    fault they cannot mend; monitoring reads the body."""
    database = check_database()
    body: dict[str, object] = {"database": database}
    serving = [database]
    background: list[dict[str, object]] = []
    if settings.REDIS_URL:
        broker = check_broker()
        workers = check_workers()
        beat = check_beat()
        body.update(broker=broker, workers=workers, beat=beat)
        serving.append(broker)
        background += [*workers.values(), beat]
    if not all(check["ok"] for check in serving):
        status = "error"
    elif not all(check["ok"] for check in background):
        status = "degraded"
    else:
        status = "ok"
    return JsonResponse(
        {"status": status, **body}, status=503 if status == "error" else 200
    )
