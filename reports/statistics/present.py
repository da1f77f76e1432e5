"""The figures as tables with their headings, for the page, the PDF and the
XLSX alike: one reading of the dict `compute` makes (or a frozen year keeps)."""

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from candidates.models import Stage
from members.models import Member, Rating
from members.models.events import DisciplineLevel
from members.models.profile import (
    OccupationGroup,
    ProfessionalLevel,
    Religion,
    TheoryLevel,
)
from organizations.models import Organization

from .tables import Row, Section, Table, breakdown


def _choices(choices: Any) -> dict[str, Any]:
    return dict(choices)


AGE_LABELS = {
    "to_30": gettext_lazy("30 or younger"),
    "31_40": "31–40",
    "41_50": "41–50",
    "51_60": "51–60",
    "from_61": gettext_lazy("61 or older"),
}
PARTY_AGE_LABELS = {
    "under_10": gettext_lazy("Under 10 years"),
    "10_19": gettext_lazy("10 to 19 years"),
    "20_29": gettext_lazy("20 to 29 years"),
    "30_39": gettext_lazy("30 to 39 years"),
    "40_49": gettext_lazy("40 to 49 years"),
    "from_50": gettext_lazy("50 years or more"),
}
EDUCATION_LABELS = {
    "primary": gettext_lazy("Primary school"),
    "lower_secondary": gettext_lazy("Lower secondary school"),
    "upper_secondary": gettext_lazy("Upper secondary school"),
}
ETHNICITY_LABELS = {
    "kinh": gettext_lazy("Kinh"),
    "minority": gettext_lazy("Ethnic minorities"),
}


def _organizations(figures: dict[str, Any]) -> Section:
    kinds = _choices(Organization.Kind.choices)
    section = Section("organizations", _("Party organizations"))
    section.tables.append(
        breakdown(
            "grassroots_by_kind",
            _("Grassroots party organizations by kind"),
            figures["grassroots_by_kind"],
            kinds,
            total=figures["grassroots"],
            chart=False,
        )
    )
    # Figures frozen before the sector was recorded have none.
    if "grassroots_by_sector" in figures:
        section.tables.append(
            breakdown(
                "grassroots_by_sector",
                _("Grassroots party organizations by sector"),
                figures["grassroots_by_sector"],
                _choices(Organization.Sector.choices),
                total=figures["grassroots"],
                chart=False,
            )
        )
    section.tables.append(
        Table(
            "organizations",
            _("Summary"),
            [
                Row(
                    "grassroots",
                    _("Grassroots party organizations"),
                    figures["grassroots"],
                ),
                Row(
                    "subordinate_cells",
                    _("Subordinate party cells"),
                    figures["subordinate_cells"],
                ),
                Row(
                    "without_admission",
                    _("Grassroots organizations that admitted no one in the period"),
                    figures["without_admission"],
                ),
                Row("villages", _("Villages"), figures["villages"]),
                Row(
                    "villages_without_members",
                    _("Villages where no party member lives"),
                    len(figures["villages_without_members"]),
                ),
            ],
        )
    )
    section.tables.append(
        Table(
            "without_admission_list",
            _("Grassroots organizations that admitted no one in the period"),
            [
                Row(o["code"], o["name"], None)
                for o in figures["without_admission_list"]
            ],
            listing=True,
        )
    )
    section.tables.append(
        Table(
            "villages_without_members_list",
            _("Villages where no party member lives"),
            [
                Row(v["code"], f"{v['name']} ({v['commune']})", None)
                for v in figures["villages_without_members"]
            ],
            listing=True,
        )
    )
    return section


def _members(figures: dict[str, Any]) -> Section:
    total = figures["total"]
    sex = figures["by_sex"]
    section = Section("members", _("Party members at the end of the period"))
    section.tables.append(
        Table(
            "summary",
            _("Members"),
            [
                Row("total", _("Party members"), total),
                Row(
                    "official",
                    _("Official members"),
                    figures["by_status"]["official"],
                    part=True,
                ),
                Row(
                    "probationary",
                    _("Probationary members"),
                    figures["by_status"]["probationary"],
                    part=True,
                ),
                Row("female", _("Women"), sex["female"], part=True),
                Row(
                    "minority",
                    _("Ethnic minorities"),
                    figures["by_ethnicity"]["minority"],
                    part=True,
                ),
                Row(
                    "exempt",
                    _("Exempt from work and activities"),
                    figures["exempt"],
                    part=True,
                ),
                Row("average_age", _("Average age"), figures["average_age"]),
            ],
        )
    )
    tables = [
        ("by_sex", _("By sex"), sex, _choices(Member.Sex.choices)),
        (
            "by_ethnicity",
            _("Kinh and ethnic minorities"),
            figures["by_ethnicity"],
            ETHNICITY_LABELS,
        ),
        ("by_ethnic_group", _("By ethnic group"), figures["by_ethnic_group"], {}),
        ("by_age", _("By age"), figures["by_age"], AGE_LABELS),
        (
            "by_education",
            _("By general education"),
            figures["by_education"],
            EDUCATION_LABELS,
        ),
        (
            "by_professional",
            _("By professional qualification"),
            figures["by_professional"],
            _choices(ProfessionalLevel.choices),
        ),
        (
            "by_theory",
            _("By political theory"),
            figures["by_theory"],
            _choices(TheoryLevel.choices),
        ),
        (
            "by_religion",
            _("By religion"),
            figures["by_religion"],
            _choices(Religion.choices),
        ),
        (
            "by_occupation",
            _("By occupation"),
            figures["by_occupation"],
            _choices(OccupationGroup.choices),
        ),
        ("by_party_age", _("By party age"), figures["by_party_age"], PARTY_AGE_LABELS),
    ]
    section.tables += [
        breakdown(key, title, counts, labels, total=total)
        for key, title, counts, labels in tables
    ]
    return section


def _movements(figures: dict[str, Any]) -> Section:
    admitted = figures["admitted"]
    moves = figures["transfers"]
    levels = _choices(DisciplineLevel.choices)
    section = Section("movements", _("Movements in the period"))
    rows = [
        Row("admitted", _("Admitted"), admitted["total"]),
        Row("admitted_women", _("Women"), admitted["women"], part=True),
        Row(
            "admitted_minorities",
            _("Ethnic minorities"),
            admitted["minorities"],
            part=True,
        ),
        Row(
            "admitted_youth_union",
            _("Youth Union members"),
            admitted["youth_union"],
            part=True,
        ),
        Row(
            "admitted_believers",
            _("Religious believers"),
            admitted["believers"],
            part=True,
        ),
        Row("readmitted", _("Re-admitted"), figures["readmitted"], part=True),
        Row("recognized", _("Recognized as official members"), figures["recognized"]),
        Row("official_in", _("Transferred in (official)"), moves["official_in"]),
        Row("official_out", _("Transferred out (official)"), moves["official_out"]),
        Row("temporary_in", _("Temporary transfers in"), moves["temporary_in"]),
        Row("temporary_out", _("Temporary transfers out"), moves["temporary_out"]),
        Row("deceased", _("Died"), figures["deceased"]),
        Row("removed", _("Name removed"), figures["removed"]),
        Row("expelled", _("Expelled"), figures["expelled"]),
        Row("left", _("Left the Party"), figures["left"]),
        Row("disciplined", _("Disciplined"), figures["disciplined"]),
    ]
    rows += [
        Row(f"discipline_{level}", str(levels[level]), n, part=True)
        for level, n in figures["discipline_by_level"].items()
    ]
    rows.append(
        Row("exempted", _("Exempted from work and activities"), figures["exempted"])
    )
    section.tables.append(Table("movements", _("Movements"), rows))
    section.tables.append(
        breakdown(
            "admitted_by_occupation",
            _("Admitted, by occupation"),
            admitted["by_occupation"],
            _choices(OccupationGroup.choices),
            total=admitted["total"],
        )
    )
    badges = figures["badges"]
    section.tables.append(
        Table(
            "badges",
            _("Party badges presented"),
            [
                Row(milestone, _("%(years)s years") % {"years": milestone}, n)
                for milestone, n in badges.items()
            ],
            total=sum(badges.values()),
            chart=True,
        )
    )
    return section


def _pipeline(figures: dict[str, Any]) -> list[Section]:
    stages = _choices(Stage.choices)
    section = Section("pipeline", _("Candidates at the end of the period"))
    section.tables.append(
        breakdown(
            "by_stage",
            _("Candidates by stage"),
            {k: v for k, v in figures["by_stage"].items() if v},
            stages,
            total=figures["in_pool"],
        )
    )
    section.tables.append(
        Table(
            "pipeline",
            _("Candidates"),
            [
                Row("in_pool", _("Candidates in the pipeline"), figures["in_pool"]),
                Row(
                    "overdue_cell_vote",
                    _("Application past its time limit, not yet voted by the cell"),
                    figures["overdue_cell_vote"],
                ),
                Row(
                    "class_enrolled",
                    _("Attended the awareness class"),
                    figures["class_enrolled"],
                ),
                Row("class_passed", _("Passed"), figures["class_passed"], part=True),
            ],
        )
    )
    targets = figures["targets"]
    goals = Section("targets", _("Admissions against the targets"))
    goals.tables.append(
        Table(
            "targets",
            _("Admissions against the targets"),
            [Row(r["code"], r["name"], r["admitted"]) for r in targets["rows"]],
        )
    )
    return [section, goals]


def _ranking(figures: dict[str, Any]) -> Section:
    members = figures["members"]
    labels = {**_choices(Rating.Level.choices), "not_ranked": _("Not ranked")}
    section = Section("ranking", _("Quality ranking"))
    section.tables.append(
        breakdown(
            "members",
            _("Members by quality ranking"),
            members,
            labels,
            total=sum(members.values()),
        )
    )
    organizations = figures["organizations"]
    section.tables.append(
        breakdown(
            "organizations",
            _("Grassroots organizations by quality ranking"),
            organizations,
            labels,
            total=sum(organizations.values()),
        )
    )
    return section


def present(figures: dict[str, Any]) -> list[Section]:
    return [
        _organizations(figures["organizations"]),
        _members(figures["members"]),
        _movements(figures["movements"]),
        *_pipeline(figures["pipeline"]),
        _ranking(figures["ranking"]),
    ]
