from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from members.models import Member
from organizations.models import Organization
from organizations.text import day_label

from .candidate import Candidate, Stage
from .recognition import Recognition, RecognitionStage


def one_subject(name: str) -> models.CheckConstraint:
    """A candidate's record or a probationary member's, never both."""
    return models.CheckConstraint(
        condition=Q(candidate__isnull=False, recognition__isnull=True)
        | Q(candidate__isnull=True, recognition__isnull=False),
        name=name,
    )


def subject_organization(record: models.Model) -> Organization:
    """The organization of the candidate or probationary member a record with
    `one_subject` is about."""
    subject = record.candidate or record.recognition  # type: ignore[attr-defined]
    return subject.organization


STAGE_LABELS = dict(Stage.choices) | dict(RecognitionStage.choices)


class Introducer(models.Model):
    """An official member's introduction (3-KNĐ), with the date since when they
    have worked or lived with the candidate."""

    candidate = models.ForeignKey(
        Candidate, on_delete=models.PROTECT, related_name="introducers"
    )
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="+", verbose_name=_("member")
    )
    together_since = models.DateField(_("worked or lived together since"))
    letter_on = models.DateField(_("introduction letter dated"))
    # A replacement when an introducer moved away: the 12 months do not apply.
    replacement = models.BooleanField(
        _("replaces an introducer who left"), default=False
    )

    class Meta:
        verbose_name = _("introducer")
        verbose_name_plural = _("introducers")
        ordering = ["candidate", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "member"], name="introducer_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} → {self.candidate}"


class Verification(models.Model):
    """A background verification request (DOMAIN.md §1.4) for the candidate or a
    relative, with its answer. Relatives who are party members are exempt."""

    class Relation(models.TextChoices):
        SELF = "self", _("The candidate")
        FATHER = "father", _("Father")
        MOTHER = "mother", _("Mother")
        SPOUSE = "spouse", _("Spouse")
        SPOUSE_FATHER = "spouse_father", _("Spouse's father")
        SPOUSE_MOTHER = "spouse_mother", _("Spouse's mother")
        GUARDIAN = "guardian", _("Person who raised the candidate")
        CHILD = "child", _("Adult child")

    candidate = models.ForeignKey(
        Candidate, on_delete=models.PROTECT, related_name="verifications"
    )
    relation = models.CharField(_("relation"), max_length=20, choices=Relation.choices)
    person_name = models.CharField(_("name"), max_length=150)
    party_member = models.BooleanField(
        _("party member (no verification needed)"), default=False
    )
    sent_to = models.CharField(_("sent to"), max_length=255, blank=True)
    sent_on = models.DateField(_("request sent on"), null=True, blank=True)
    answered_on = models.DateField(_("answer dated"), null=True, blank=True)
    conclusion = models.TextField(_("conclusion"), blank=True)

    class Meta:
        verbose_name = _("verification")
        verbose_name_plural = _("verifications")
        ordering = ["candidate", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(answered_on__isnull=True)
                | Q(sent_on__isnull=False, answered_on__gte=models.F("sent_on")),
                name="verification_answer_after_request",
            )
        ]

    def __str__(self) -> str:
        return f"{self.candidate} · {self.person_name}"

    @property
    def settled(self) -> bool:
        return self.party_member or self.answered_on is not None


class Vote(models.Model):
    """A meeting that voted on a candidate (6-KNĐ, 8-KNĐ) or on a probationary
    member's recognition (13-KNĐ, 15-KNĐ). `eligible` is what the registry
    computed on that date."""

    class Body(models.TextChoices):
        CELL = "cell", _("Party cell")
        GRASSROOTS = "grassroots", _("Grassroots party committee")

    candidate = models.ForeignKey(
        Candidate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="votes",
    )
    recognition = models.ForeignKey(
        Recognition,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="votes",
    )
    body = models.CharField(_("meeting of"), max_length=20, choices=Body.choices)
    held_on = models.DateField(_("held on"))
    resolution_number = models.CharField(_("resolution number"), max_length=40)
    eligible = models.PositiveIntegerField(_("members entitled to vote"))
    present = models.PositiveIntegerField(_("present"))
    votes_for = models.PositiveIntegerField(_("for"))
    votes_against = models.PositiveIntegerField(_("against"))
    passed = models.BooleanField(_("passed"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        ordering = ["candidate", "held_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(votes_for__lte=models.F("present"))
                & Q(votes_against__lte=models.F("present")),
                name="vote_not_more_than_present",
            ),
            one_subject("vote_one_subject"),
        ]

    def __str__(self) -> str:
        return f"{self.candidate} · {day_label(self.held_on)}"


class DocumentKind(models.Model):
    """A form the dossier needs (DOMAIN.md §3), kept as data: which gate needs it
    and when (always, one per introducer, on a union route, for a grassroots
    committee)."""

    class Needed(models.TextChoices):
        ALWAYS = "always", _("Always")
        PER_INTRODUCER = "per_introducer", _("One per introducing member")
        UNION_ROUTE = "union_route", _("Youth Union or trade union route")
        PER_VERIFICATION = "per_verification", _("One per verification sent")
        GRASSROOTS_COMMITTEE = "grassroots_committee", _("Under a grassroots committee")
        SUB_COMMITTEE = "sub_committee", _("Under a sub-committee")

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    # A gate of either pipeline: Stage or RecognitionStage.
    gate = models.CharField(_("needed to pass"), max_length=30)
    needed = models.CharField(
        _("needed"), max_length=30, choices=Needed.choices, default=Needed.ALWAYS
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("document kind")
        verbose_name_plural = _("document kinds")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return f"{self.code} · {self.name}"


class Document(models.Model):
    """One uploaded version of a dossier document; earlier versions are kept."""

    candidate = models.ForeignKey(
        Candidate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
    )
    recognition = models.ForeignKey(
        Recognition,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
    )
    kind = models.ForeignKey(
        DocumentKind, on_delete=models.PROTECT, related_name="+", verbose_name=_("form")
    )
    file = models.FileField(upload_to="dossiers/%Y/%m/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dossier document")
        verbose_name_plural = _("dossier documents")
        ordering = ["candidate", "kind__position", "-uploaded_at", "-pk"]
        constraints = [one_subject("document_one_subject")]

    def __str__(self) -> str:
        return self.original_name

    @property
    def organization(self) -> Organization:
        """The organization whose dossier or probation file holds it."""
        return subject_organization(self)


ACTION_LABELS = {
    "introduce": _("Introduced"),
    "assign_mentor": _("Mentor assigned"),
    "certificate": _("Awareness class certificate"),
    "record_dates": _("Papers dated"),
    "verification_sent": _("Verification requested"),
    "verification_answered": _("Verification answered"),
    "introducer": _("Introducer added"),
    "introducer_removed": _("Introducer removed"),
    "cell_vote": _("Cell vote"),
    "correct_vote": _("Cell vote corrected"),
    "grassroots_vote": _("Grassroots committee vote"),
    "correct_grassroots_vote": _("Grassroots committee vote corrected"),
    "correct_certificate": _("Class certificate corrected"),
    "correct_verification_answered": _("Verification answer corrected"),
    "correct_record_dates": _("Papers' dates corrected"),
    "correct_verification_sent": _("Verification request corrected"),
    "correct_subcommittee": _("Sub-committee appraisal corrected"),
    "correct_consent": _("Provincial consent corrected"),
    "details": _("Details completed"),
    "correct_details": _("Details corrected"),
    "subcommittee": _("Sub-committee appraisal"),
    "document": _("Document uploaded"),
    "submit": _("Submitted"),
    "resubmit": _("Resubmitted after correction"),
    "return": _("Returned for correction"),
    "appraise": _("Appraised, ready for review"),
    "pause": _("Paused"),
    "withdraw": _("Withdrawn"),
    "resume": _("Resumed"),
    "open": _("Probation file opened"),
    "on_agenda": _("Put on the Standing Committee's agenda"),
    "held_back": _("Taken off the agenda"),
    "decide": _("Decided by the Standing Committee"),
    "defer": _("Deferred by the Standing Committee"),
    "reject": _("Rejected by the Standing Committee"),
    "ceremony": _("Admission ceremony held"),
    "extend": _("Decision deadline extended"),
    "consent": _("Provincial Standing Committee's consent recorded"),
    "reorganized": _("Organization merged into another"),
}


class StageLog(models.Model):
    """Append-only: every step recorded on a candidate, with the stage before
    and after it."""

    candidate = models.ForeignKey(
        Candidate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="log",
    )
    recognition = models.ForeignKey(
        Recognition,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="log",
    )
    action = models.CharField(_("action"), max_length=40)
    from_stage = models.CharField(max_length=30, blank=True)
    to_stage = models.CharField(max_length=30)
    on = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("stage log entry")
        verbose_name_plural = _("stage log")
        ordering = ["candidate", "at", "pk"]
        constraints = [one_subject("stagelog_one_subject")]

    def __str__(self) -> str:
        return f"{self.candidate} · {self.action}"

    @property
    def from_label(self) -> str:
        return str(STAGE_LABELS.get(self.from_stage, self.from_stage))

    @property
    def to_label(self) -> str:
        return str(STAGE_LABELS.get(self.to_stage, self.to_stage))

    @property
    def action_label(self) -> str:
        return str(ACTION_LABELS.get(self.action, self.action))
