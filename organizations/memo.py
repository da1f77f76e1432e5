"""Reference data read once per unit of work. Rule versions and document
kinds change rarely, through the admin; a request or a background job reads
each at most once, so a loop over two hundred candidates does not ask the
database two hundred times, and no process keeps a copy that another
process's edit would leave stale."""

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")
_local = threading.local()


@contextmanager
def unit_of_work() -> Iterator[None]:
    """Within the block, `remembered` loads each name once. Nested blocks share
    the outer one's memory."""
    outer = getattr(_local, "memo", None)
    if outer is None:
        _local.memo = {}
    try:
        yield
    finally:
        if outer is None:
            _local.memo = None


def memo_open() -> bool:
    return getattr(_local, "memo", None) is not None


def remembered(name: Any, load: Callable[[], T]) -> T:
    """`load()`, kept for the rest of the unit of work when one is open."""
    memo: dict[Any, Any] | None = getattr(_local, "memo", None)
    if memo is None:
        return load()
    if name not in memo:
        memo[name] = load()
    return memo[name]


class UnitOfWorkMiddleware:
    """Each request is a unit of work."""

    def __init__(self, get_response: Callable[[Any], Any]) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        with unit_of_work():
            return self.get_response(request)
