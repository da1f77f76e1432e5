"""Two requests at once in tests: each call on its own thread, so on its own
database connection."""

import contextlib
import threading
from collections.abc import Callable

import pytest
from django.db import connection


def at_once(*calls: Callable[[], object]) -> list[object]:
    """Run the calls in two threads released together; each returns its
    result or the exception it raised."""
    if connection.vendor != "postgresql":
        pytest.fail("row locks are tested on PostgreSQL (make test)")
    barrier = threading.Barrier(len(calls))
    outcomes: list[object] = [None] * len(calls)

    def run(index: int) -> None:
        try:
            barrier.wait()
            outcomes[index] = calls[index]()
        except Exception as error:  # kept for the test to assert on
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def meeting_point(parties: int = 2, timeout: float = 1.0) -> Callable[[], None]:
    """A place in the code under test where the threads wait for each other,
    so both are past a check before either writes. A thread held by a lock
    never arrives: the other goes on after `timeout`."""
    barrier = threading.Barrier(parties)

    def meet() -> None:
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait(timeout)

    return meet
