from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from organizations.models import Organization, QualityLevel
from organizations.text import day_label

from .profile import Member


class DisciplineLevel(models.TextChoices):
    """Discipline short of expulsion, which ends membership instead."""

    REPRIMAND = "reprimand", _("Reprimand (khiển trách)")
    WARNING = "warning", _("Warning (cảnh cáo)")
    DISMISSAL = "dismissal", _("Dismissal (cách chức)")


class ReadmissionBar(models.TextChoices):
    """Why a former member may not come back (DOMAIN.md §1.16), recorded with
    the ending of the membership; which of them bar a re-admission is the
    rule table's `candidate.readmission_bars` in force when it is decided."""

    ABANDONED = "abandoned", _("Abandoned party activities on their own")
    DISUNITY = "disunity", _("Caused serious internal disunity")
    CORRUPTION = "corruption", _("Convicted of corruption")
    SERIOUS_CRIME = "serious_crime", _("Convicted of a serious crime or worse")
    LESS_SERIOUS_CRIME = "less_serious_crime", _("Convicted of a less serious crime")


class MemberEvent(models.Model):
    """One entry of a member's history (the 1-HSĐV booklet as data). Append-only:
    written by the members services in the same transaction as the change."""

    class Kind(models.TextChoices):
        ADMITTED = "admitted", _("Admitted")
        RECOGNIZED = "recognized", _("Recognized as official member")
        PROFILE_UPDATED = "profile_updated", _("Profile updated")
        EXEMPTED = "exempted", _("Exempted from work and activities")
        EXEMPTION_ENDED = "exemption_ended", _("Returned to activities")
        SUSPENDED = "suspended", _("Suspended, prosecuted or detained")
        SUSPENSION_ENDED = "suspension_ended", _("Suspension ended")
        GUIDANCE_STARTED = "guidance_started", _("The cell began helping")
        GUIDANCE_ENDED = "guidance_ended", _("Improvement recorded")
        DISCIPLINED = "disciplined", _("Disciplined")
        RATED = "rated", _("Quality rating")
        TRANSFER_STARTED = "transfer_started", _("Introduced for transfer")
        TRANSFER_RECEIVED = "transfer_received", _("Transfer received")
        TRANSFER_CANCELLED = "transfer_cancelled", _("Transfer cancelled")
        TRANSFERRED_OUT = "transferred_out", _("Transferred out of the registry")
        TRANSFERRED_IN = "transferred_in", _("Transferred in from outside the registry")
        TEMPORARY_LEFT = "temporary_left", _("Temporary transfer started")
        TEMPORARY_RETURNED = "temporary_returned", _("Back from temporary transfer")
        CARD_ISSUED = "card_issued", _("Party card issued")
        BADGE_AWARDED = "badge_awarded", _("Party badge awarded")
        REORGANIZED = "reorganized", _("Organization merged or moved")
        READMITTED = "readmitted", _("Re-admitted")
        REMOVED = "removed", _("Name removed (xóa tên)")
        EXPELLED = "expelled", _("Expelled (khai trừ)")
        LEFT = "left", _("Left the Party")
        RECORD_CLEARED = "record_cleared", _("Criminal record cleared")
        DIED = "died", _("Died")

    # Indexed by (member, on) below.
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="events", db_index=False
    )
    kind = models.CharField(_("event"), max_length=30, choices=Kind.choices)
    on = models.DateField(_("date"))
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organization"),
    )
    decision_number = models.CharField(_("decision number"), max_length=40, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    decided_by = models.CharField(_("decided by"), max_length=150, blank=True)
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(default=dict, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("member event")
        verbose_name_plural = _("member events")
        ordering = ["member", "on", "pk"]
        indexes = [models.Index(fields=["member", "on"])]

    def __str__(self) -> str:
        return f"{self.member} · {self.get_kind_display()} · {day_label(self.on)}"


class MemberPeriod(models.Model):
    """A dated period on top of the member's status, not a status: from
    `start` (inclusive) to `end` (exclusive; open while it lasts), one open at
    a time."""

    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="%(class)ss"
    )
    start = models.DateField(_("from"))
    end = models.DateField(_("to"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=255)

    class Meta:
        abstract = True
        ordering = ["member", "start"]
        constraints = [
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(end__isnull=True),
                name="%(class)s_one_open",
            ),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gt=models.F("start")),
                name="%(class)s_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} · {day_label(self.start)}"


class Exemption(MemberPeriod):
    """Exemption from work and activities, decided by the cell (DOMAIN.md
    §5.2)."""

    class Ground(models.TextChoices):
        ELDERLY = "elderly", _("Elderly: past working age")
        ILL = "ill", _("Weak: illness needing long treatment, or a medical record")
        OTHER = (
            "other",
            _(
                "Other allowed case: treatment far away, abroad alone, remote work, "
                "awaiting retirement"
            ),
        )

    ground = models.CharField(
        _("ground"), max_length=20, choices=Ground.choices, default=Ground.OTHER
    )
    # For weakness: the treatment's expected end, or a medical record instead.
    treatment_until = models.DateField(_("treatment until"), null=True, blank=True)
    medical_record = models.BooleanField(_("medical record"), default=False)

    class Meta(MemberPeriod.Meta):
        verbose_name = _("exemption")
        verbose_name_plural = _("exemptions")


class Suspension(MemberPeriod):
    """A member who may not take part in the cell's votes while it lasts:
    suspended from activities, prosecuted or detained (DOMAIN.md §1.8); never
    counted among the voters, present or not, and not rated."""

    class Kind(models.TextChoices):
        SUSPENDED = "suspended", _("Suspended from activities")
        PROSECUTED = "prosecuted", _("Under prosecution")
        DETAINED = "detained", _("Detained")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)

    class Meta(MemberPeriod.Meta):
        verbose_name = _("suspension")
        verbose_name_plural = _("suspensions")


class Rating(models.Model):
    """The yearly quality rating of a member (DOMAIN.md §5.6)."""

    Level = QualityLevel

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="ratings")
    year = models.PositiveSmallIntegerField(_("year"))
    # On the 100-point scale of 366-QĐ/TW, where the cell scored the member.
    points = models.DecimalField(
        _("points"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)

    class Meta:
        verbose_name = _("quality rating")
        verbose_name_plural = _("quality ratings")
        ordering = ["member", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "year"], name="rating_one_per_year"
            ),
            models.CheckConstraint(
                condition=Q(points__isnull=True) | Q(points__gte=0, points__lte=100),
                name="rating_points_0_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.year} · {self.get_level_display()}"


class Guidance(MemberPeriod):
    """The cell helping a member who falls short of the duties (DOMAIN.md
    §5.3), from `start` until it records the improvement (`end`): twelve
    months without one are a trigger for removal of name."""

    class Meta(MemberPeriod.Meta):
        verbose_name = _("guidance by the cell")
        verbose_name_plural = _("guidance by the cell")


class MissedMonth(models.Model):
    """A month in which the member missed the cell's meeting or did not pay
    the dues without a valid reason, as the cell recorded it: three such
    months in a year are a trigger for removal of name (DOMAIN.md §5.3). A
    meeting missed through illness is recorded too, as the valid reason it
    is: months of it show who may ask to be exempted (§5.2)."""

    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="missed_months"
    )
    # The month's first day.
    month = models.DateField(_("month"))
    absent = models.BooleanField(_("missed the meeting"), default=False)
    unpaid = models.BooleanField(_("did not pay the dues"), default=False)
    ill = models.BooleanField(_("away ill"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("missed month")
        verbose_name_plural = _("missed months")
        ordering = ["member", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "month"], name="missed_month_once"
            ),
            models.CheckConstraint(
                condition=Q(absent=True) | Q(unpaid=True) | Q(ill=True),
                name="missed_month_missed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.month:%m/%Y}"
