"""Every row of the rule table is read by the code its key names: for each
key, putting another value in force changes a decision of the registry, and
a version in force only from the day after the one the decision judges the
rule on changes nothing. A row added to the table without a probe here fails
the suite, and so does a row whose new value the registry ignores or reads on
another day."""

import datetime

import pytest

from organizations.models import RuleVersion
from organizations.rules import rule_in_force

from . import probes_candidates, probes_members  # noqa: F401 (they fill PROBES)
from .probe import PROBES

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.smoke,
    pytest.mark.usefixtures("frozen_today"),
]


def test_every_row_of_the_rule_table_has_a_probe():
    keys = set(RuleVersion.objects.values_list("key", flat=True))
    assert keys - set(PROBES) == set(), "rows no probe shows the registry reading"
    assert set(PROBES) - keys == set(), "probes of rows the table no longer has"


@pytest.mark.parametrize("key", sorted(PROBES))
def test_changing_the_value_in_force_changes_the_decision(key, request):
    probe = PROBES[key]
    decide = probe.arrange(request)
    before = decide()
    versions = RuleVersion.objects.filter(key=key)
    assert versions.exists()
    assert all(v.value != probe.changed for v in versions)
    versions.update(value=probe.changed)
    after = decide()
    assert after != before, f"{key}: the decision ignores the rule ({before!r})"


@pytest.mark.parametrize("key", sorted(PROBES))
def test_each_rule_is_judged_on_its_own_day(key, request):
    probe = PROBES[key]
    decide = probe.arrange(request)
    before = decide()
    seeded = rule_in_force(key, probe.on)
    later = RuleVersion.objects.create(
        key=key,
        value=probe.changed,
        unit=seeded.unit,
        effective_from=probe.on + datetime.timedelta(days=1),
        source="Phiên bản thử (kiểm thử)",
    )
    assert decide() == before, f"{key} is read after {probe.on}"
    later.effective_from = probe.on
    later.save()
    assert decide() != before, f"{key} is not read on {probe.on}"
