from django.http import HttpRequest

from .selectors import active_assignments


def navigation(request: HttpRequest) -> dict[str, object]:
    """Which menu entries to show; the views check the same permissions again."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"nav_accounts": user.is_superuser or bool(active_assignments(user))}
