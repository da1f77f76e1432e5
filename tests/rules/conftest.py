from tests.candidates.conftest import (  # noqa: F401 (fixtures shared)
    candidate,
    cell,
    committee,
    meeting,
    proposal,
)
