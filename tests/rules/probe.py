"""The table of probes: for each rule key, a value to put in force instead of
the seeded one, and a decision of the registry that reads the rule. A probe
arranges what the decision needs and returns the decision as a callable, so
the same question can be asked before and after the rule changes."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

D = datetime.date
Decision = Callable[[], Any]
Arrange = Callable[[pytest.FixtureRequest], Decision]


@dataclass(frozen=True)
class Probe:
    changed: Any
    # The day the decision judges the rule on, as the row's "judged on" says.
    on: datetime.date
    arrange: Arrange


PROBES: dict[str, Probe] = {}


def probe(key: str, changed: Any, on: datetime.date) -> Callable[[Arrange], Arrange]:
    def register(arrange: Arrange) -> Arrange:
        assert key not in PROBES, f"two probes for {key}"
        PROBES[key] = Probe(changed, on, arrange)
        return arrange

    return register


class _Undone(Exception):
    pass


def attempt(action: Callable[[], Any], show: Callable[[Any], Any] = repr) -> Any:
    """What a service decides, with whatever it wrote undone: "refused" and
    its messages, or what `show` keeps of its result."""
    try:
        with transaction.atomic():
            result = show(action())
            raise _Undone(result)
    except _Undone as undone:
        return ("done", undone.args[0])
    except ValidationError as error:
        return ("refused", tuple(error.messages))
