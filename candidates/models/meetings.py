"""The Standing Committee's monthly review (DOMAIN.md §1.12): the meeting, its
agenda and outcomes, and the committee's yearly register of decision numbers."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from organizations.models import Organization
from organizations.text import day_label

from .candidate import Candidate
from .dossier import one_subject, subject_organization
from .recognition import Recognition


class DecisionRegister(models.Model):
    """One committee's numbers of one kind for one year, each kind its own
    book as the party's offices keep them: decisions ("Số 12-QĐ/HU"), the
    organization committee's proposals ("Số 05-TTr/BTCHU"), the meetings'
    minutes ("Số 11-BB/HU"). `next_number` only moves forward under a row
    lock."""

    class Book(models.TextChoices):
        DECISIONS = "decisions", _("Decisions")
        PROPOSALS = "proposals", _("Proposals (tờ trình)")
        MINUTES = "minutes", _("Minutes (biên bản)")

    committee = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="decision_registers",
        verbose_name=_("committee"),
    )
    book = models.CharField(
        _("book"), max_length=12, choices=Book.choices, default=Book.DECISIONS
    )
    year = models.PositiveSmallIntegerField(_("year"))
    symbol = models.CharField(
        _("symbol"), max_length=20, help_text=_("For example QĐ/HU.")
    )
    start_number = models.PositiveIntegerField(_("first number"), default=1)
    next_number = models.PositiveIntegerField(_("next number"), default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("decision register")
        verbose_name_plural = _("decision registers")
        ordering = ["committee", "-year", "book"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "year", "book"], name="one_book_a_year"
            ),
            models.CheckConstraint(
                condition=Q(next_number__gte=models.F("start_number")),
                name="register_never_goes_back",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.symbol} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("candidates:register", args=[self.pk])


class DecisionNumber(models.Model):
    """Every number a register gave out: used by a decision of the registry,
    reserved for a decision made outside it, or voided with a reason."""

    class State(models.TextChoices):
        USED = "used", _("Used")
        RESERVED = "reserved", _("Reserved for a decision outside the registry")
        VOIDED = "voided", _("Voided")

    class Kind(models.TextChoices):
        ADMISSION = "admission", _("Admission decision")
        RECOGNITION = "recognition", _("Recognition decision")
        OTHER = "other", _("Other decision")
        PROPOSAL = "proposal", _("Proposal to the Standing Committee")
        MINUTES = "minutes", _("Minutes of a review meeting")

    register = models.ForeignKey(
        DecisionRegister, on_delete=models.PROTECT, related_name="numbers"
    )
    number = models.PositiveIntegerField(_("number"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    dated = models.DateField(_("dated"))
    subject = models.CharField(_("about"), max_length=255)
    reason = models.TextField(_("reason"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("decision number")
        verbose_name_plural = _("decision numbers")
        ordering = ["register", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["register", "number"], name="decision_number_once"
            ),
            models.CheckConstraint(
                condition=~Q(state="voided") | ~Q(reason=""),
                name="voided_number_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return f"{self.number}-{self.register.symbol}"


class ReviewMeeting(models.Model):
    """The Standing Committee's meeting that decides the appraised dossiers."""

    class Status(models.TextChoices):
        PREPARING = "preparing", _("In preparation")
        LOCKED = "locked", _("Locked")

    committee = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="review_meetings",
        verbose_name=_("committee"),
    )
    held_on = models.DateField(_("meeting date"))
    place = models.CharField(_("place"), max_length=255)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("chair"),
    )
    secretary = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("secretary of the meeting"),
        help_text=_("Who takes and signs the minutes."),
    )
    # Taken from their books: the proposal when the organization committee
    # signs it, the minutes when the meeting is locked.
    proposal_number = models.OneToOneField(
        "DecisionNumber",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposal_of",
    )
    minutes_number = models.OneToOneField(
        "DecisionNumber",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="minutes_of",
    )
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="+",
        verbose_name=_("present"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PREPARING
    )
    # Raised by every correction after locking, so documents render anew.
    revision = models.PositiveSmallIntegerField(default=0)
    locked_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("review meeting")
        verbose_name_plural = _("review meetings")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.committee} · {day_label(self.held_on)}"

    def get_absolute_url(self) -> str:
        return reverse("candidates:meeting", args=[self.pk])

    @property
    def is_locked(self) -> bool:
        return self.status == self.Status.LOCKED


class AgendaItem(models.Model):
    """One dossier on a meeting's agenda and what the committee decided on it."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Not yet decided")
        APPROVED = "approved", _("Admit / recognize")
        DEFERRED = "deferred", _("Deferred")
        REJECTED = "rejected", _("Rejected")

    meeting = models.ForeignKey(
        ReviewMeeting, on_delete=models.PROTECT, related_name="items"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    candidate = models.ForeignKey(
        Candidate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_items",
    )
    recognition = models.ForeignKey(
        Recognition,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_items",
    )
    outcome = models.CharField(
        _("decision"), max_length=10, choices=Outcome.choices, default=Outcome.PENDING
    )
    reason = models.TextField(_("reason"), blank=True)
    # A deferral whose reason asks the cell to correct the dossier.
    needs_correction = models.BooleanField(_("the cell must correct it"), default=False)
    votes_for = models.PositiveSmallIntegerField(_("for"), null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(
        _("against"), null=True, blank=True
    )
    abstaining = models.PositiveSmallIntegerField(
        _("abstaining"), null=True, blank=True
    )
    note = models.TextField(_("note"), blank=True)
    decision = models.OneToOneField(
        DecisionNumber,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_item",
        verbose_name=_("decision"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "position", "pk"]
        constraints = [
            one_subject("agenda_item_one_subject"),
            models.UniqueConstraint(
                fields=["meeting", "candidate"], name="candidate_once_an_agenda"
            ),
            models.UniqueConstraint(
                fields=["meeting", "recognition"], name="recognition_once_an_agenda"
            ),
            # A dossier waits on one agenda at a time, or it could be decided twice.
            models.UniqueConstraint(
                fields=["candidate"],
                condition=Q(outcome="pending"),
                name="candidate_waits_on_one_agenda",
            ),
            models.UniqueConstraint(
                fields=["recognition"],
                condition=Q(outcome="pending"),
                name="recognition_waits_on_one_agenda",
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=["pending", "approved"]) | ~Q(reason=""),
                name="agenda_item_deferred_or_rejected_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.subject_name}"

    @property
    def dossier(self) -> "Candidate | Recognition":
        if self.candidate_id:
            return self.candidate  # type: ignore[return-value]
        return self.recognition  # type: ignore[return-value]

    @property
    def subject_name(self) -> str:
        if self.candidate_id:
            return self.candidate.full_name  # type: ignore[union-attr]
        return self.recognition.member.full_name  # type: ignore[union-attr]

    @property
    def subject_born(self) -> datetime.date:
        """Told apart by birth year (and cell) from a namesake on one agenda."""
        if self.candidate_id:
            return self.candidate.birth_date  # type: ignore[union-attr]
        return self.recognition.member.birth_date  # type: ignore[union-attr]

    @property
    def organization(self) -> Organization:
        return subject_organization(self)


class Correction(models.Model):
    """A change to a locked meeting: who, why and what changed."""

    meeting = models.ForeignKey(
        ReviewMeeting, on_delete=models.PROTECT, related_name="corrections"
    )
    item = models.ForeignKey(
        AgendaItem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
    )
    reason = models.TextField(_("reason"))
    changes = models.JSONField(_("what changed"), default=dict)
    revision = models.PositiveSmallIntegerField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        ordering = ["meeting", "at"]

    def __str__(self) -> str:
        return f"{self.meeting} · {self.revision}"
