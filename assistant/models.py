"""Core models: users, teams and their members, and liveness heartbeats."""

from __future__ import annotations

import uuid
from datetime import time
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower

from assistant.teams.scoping import TeamScopedQuerySet
from assistant.validators import validate_time_zone


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **fields: Any) -> User:
        if not email:
            raise ValueError("A user needs an email address.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)  # None makes an unusable password
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **fields: Any) -> User:
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create(email, password, **fields)

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> User:
        fields.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **fields)


class User(AbstractUser):
    """A person who signs in. Identified by email; there is no username."""

    username = None  # type: ignore[assignment]
    email = models.EmailField("email address", unique=True)
    time_zone = models.CharField(
        max_length=64, default=settings.TIME_ZONE, validators=[validate_time_zone]
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_unique_case_insensitive")
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.email


class TeamQuerySet(TeamScopedQuerySet):
    team_path = ""  # a Team is its own team


class Team(models.Model):
    """Everything in Consigliere belongs to a team: the principal and the people who help."""

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=60, unique=True)
    time_zone = models.CharField(
        max_length=64, default=settings.TIME_ZONE, validators=[validate_time_zone]
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TeamQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner", "Owner"
        ADMIN = "admin", "Admin"
        MEMBER = "member", "Member"

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["team__name", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["team", "user"], name="membership_unique_team_user"),
            models.CheckConstraint(
                condition=models.Q(role__in=["owner", "admin", "member"]),
                name="membership_role_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.team} ({self.get_role_display()})"

    @property
    def is_admin(self) -> bool:
        return self.role in {self.Role.OWNER, self.Role.ADMIN}


class Heartbeat(models.Model):
    """The last time a named background process proved it was alive (beat → worker)."""

    name = models.CharField(max_length=60, unique=True)
    seen_at = models.DateTimeField()
    # How far the recording worker's clock was from the database's (seconds to add to it).
    clock_offset_seconds = models.FloatField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name} at {self.seen_at:%Y-%m-%d %H:%M:%S}"


class TeamPolicy(models.Model):
    """The team's rules for the agent (SPEC §6, layer 2); it may only tighten the platform's."""

    team = models.OneToOneField(Team, on_delete=models.CASCADE, related_name="policy")
    agent_enabled = models.BooleanField(default=True)
    allowed_tools = models.JSONField(
        default=list, blank=True, help_text="Tool names the agent may use; empty means all."
    )
    users_may_auto_approve_low = models.BooleanField(default=True)
    users_may_auto_approve_medium = models.BooleanField(default=True)
    min_confidence = models.FloatField(default=0.6)
    critical_needs_other_admin = models.BooleanField(
        default=False, help_text="A critical action must be approved by an admin who did not ask."
    )
    quiet_hours_start = models.TimeField(default=time(21, 0))
    quiet_hours_end = models.TimeField(default=time(8, 0))
    daily_limit_sms = models.PositiveIntegerField(default=100)
    daily_limit_email = models.PositiveIntegerField(default=200)
    daily_limit_call = models.PositiveIntegerField(default=20)
    user_daily_limit_sms = models.PositiveIntegerField(
        default=50, help_text="Texts one member's requests may send a day."
    )
    user_daily_limit_email = models.PositiveIntegerField(default=100)
    user_daily_limit_call = models.PositiveIntegerField(default=10)
    max_recipients = models.PositiveIntegerField(default=10)
    approval_expiry_minutes = models.PositiveIntegerField(default=24 * 60)
    principal_sms_counts_as_principal = models.BooleanField(default=False)
    blocked_topics = models.JSONField(
        default=list, blank=True, help_text="Words or phrases the agent must never act on."
    )

    class Meta:
        verbose_name_plural = "team policies"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_confidence__gte=0, min_confidence__lte=1),
                name="team_policy_confidence_range",
            ),
            models.CheckConstraint(
                condition=models.Q(max_recipients__gte=1), name="team_policy_recipients_min"
            ),
        ]

    def __str__(self) -> str:
        return f"Policy of {self.team}"


class UserAgentSettings(models.Model):
    """One person's own settings in one team (SPEC §6, layer 3); they only tighten the team's.

    They belong to the membership, so they go when the person leaves the team, and the policy
    reads membership, settings and team policy in one query.
    """

    membership = models.OneToOneField(
        Membership, on_delete=models.CASCADE, related_name="agent_settings"
    )
    auto_approve_low = models.BooleanField(default=True)
    auto_approve_medium = models.BooleanField(default=False)
    confidence_threshold = models.FloatField(default=0.0)
    always_ask_channels = models.JSONField(
        default=list, blank=True, help_text="Channels (sms, email, call) that always need approval."
    )
    undo_seconds = models.PositiveIntegerField(default=5)
    notify_by_sms = models.BooleanField(default=False)
    approve_by_sms = models.BooleanField(default=False)

    class Meta:
        verbose_name_plural = "user agent settings"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(confidence_threshold__gte=0, confidence_threshold__lte=1),
                name="user_agent_settings_confidence_range",
            ),
        ]

    def __str__(self) -> str:
        return f"Settings of {self.membership}"


ACTION_STATUSES = [
    "proposed", "pending_approval", "approved", "executing", "succeeded", "failed",
    "rejected", "expired", "denied", "cancelled", "needs_review",
]  # fmt: skip


class Action(models.Model):
    """One proposed tool call, its decision, and its execution.

    Status changes only through ``assistant.engine.actions`` services, each a conditional update
    (``UPDATE ... WHERE status IN (...)``), so two clicks or two workers cannot both win.
    """

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        PENDING_APPROVAL = "pending_approval", "Waiting for approval"
        APPROVED = "approved", "Approved"
        EXECUTING = "executing", "Sending"
        SUCCEEDED = "succeeded", "Done"
        FAILED = "failed", "Failed"
        REJECTED = "rejected", "Rejected"
        EXPIRED = "expired", "Expired"
        DENIED = "denied", "Denied by policy"
        CANCELLED = "cancelled", "Cancelled"
        NEEDS_REVIEW = "needs_review", "Needs review"

    class Decision(models.TextChoices):
        AUTO = "auto", "Runs automatically"
        APPROVAL = "approval", "Needs approval"
        DENY = "deny", "Denied"

    class Risk(models.TextChoices):
        LOW = "low", "Low"
        MEDIUM = "medium", "Medium"
        HIGH = "high", "High"
        CRITICAL = "critical", "Critical"

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="actions")
    task = models.ForeignKey("tasks.Task", on_delete=models.CASCADE, related_name="actions")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The contact the action is about (its first recipient, or the contact of a note or a
    # promise), for the queue's and the history's filters; set when the action is decided.
    contact = models.ForeignKey(
        "contacts.Contact", null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    actor_kind = models.CharField(max_length=10, default="user")
    tool = models.CharField(max_length=60)
    args = models.JSONField(default=dict)
    original_args = models.JSONField(null=True, blank=True)
    rationale = models.TextField(blank=True)
    confidence = models.FloatField(default=1.0)
    risk = models.CharField(max_length=10, choices=Risk.choices, default=Risk.HIGH)
    decision = models.CharField(max_length=10, choices=Decision.choices, blank=True)
    reasons = models.JSONField(default=list, blank=True)
    decided_digest = models.CharField(max_length=64, blank=True)
    decided_with = models.JSONField(default=dict, blank=True)
    estimated_cost_micros = models.BigIntegerField(default=0)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PROPOSED)
    expires_at = models.DateTimeField(null=True, blank=True)
    run_after = models.DateTimeField(null=True, blank=True)
    idempotency_key = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    attempts = models.PositiveIntegerField(default=0)
    dispatched_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    result = models.JSONField(null=True, blank=True)
    error_code = models.CharField(max_length=40, blank=True)
    error_message = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TeamScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["team", "status", "-created_at"]),
            models.Index(fields=["status", "expires_at"]),
            models.Index(fields=["team", "-updated_at"]),  # "anything changed since" polls
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(confidence__gte=0, confidence__lte=1),
                name="action_confidence_range",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=ACTION_STATUSES), name="action_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tool} #{self.pk} ({self.status})"


class Approval(models.Model):
    """A person's decision on an action, bound to the exact tool and arguments they saw."""

    class Via(models.TextChoices):
        WEB = "web", "Web"
        API = "api", "API"
        SMS = "sms", "SMS reply"

    class Verdict(models.TextChoices):
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="approvals")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    via = models.CharField(max_length=5, choices=Via.choices)
    verdict = models.CharField(max_length=10, choices=Verdict.choices)
    reason = models.TextField(blank=True)
    args_digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.get_verdict_display()} by {self.user} via {self.via}"


class Feedback(models.Model):
    """A person's verdict on an action that ran: thumbs up or down, and why."""

    class Rating(models.IntegerChoices):
        UP = 1, "Good"
        DOWN = -1, "Not good"

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="feedback")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    rating = models.SmallIntegerField(choices=Rating.choices)
    comment = models.TextField(blank=True, max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["action", "user"], name="feedback_one_per_person"),
            models.CheckConstraint(condition=models.Q(rating__in=[1, -1]), name="feedback_rating"),
        ]

    def __str__(self) -> str:
        return f"{self.get_rating_display()} on {self.action}"


class AuditEvent(models.Model):
    """Append-only record of every state change: who, what, when, from where."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    action = models.ForeignKey(
        Action, null=True, blank=True, on_delete=models.CASCADE, related_name="audit_events"
    )
    task = models.ForeignKey(
        "tasks.Task", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    via = models.CharField(max_length=10, blank=True)
    event = models.CharField(max_length=40)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.event} {self.from_status}→{self.to_status}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValueError("Audit events are append-only.")


class TraceEvent(models.Model):
    """What the machine did and why: decisions, tool calls and results (LLM calls later)."""

    class Kind(models.TextChoices):
        LLM_CALL = "llm_call", "LLM call"
        TOOL_CALL = "tool_call", "Tool call"
        TOOL_RESULT = "tool_result", "Tool result"
        DECISION = "decision", "Decision"
        PLANNER = "planner", "Planner"

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    task = models.ForeignKey(
        "tasks.Task", null=True, blank=True, on_delete=models.CASCADE, related_name="traces"
    )
    action = models.ForeignKey(
        Action, null=True, blank=True, on_delete=models.CASCADE, related_name="traces"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    payload = models.JSONField(default=dict, blank=True)
    model = models.CharField(max_length=80, blank=True)
    tokens_in = models.PositiveIntegerField(null=True, blank=True)
    tokens_out = models.PositiveIntegerField(null=True, blank=True)
    latency_ms = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} at {self.created_at:%H:%M:%S}"


class PrincipalIdentity(models.Model):
    """A phone number or email address of a team member, proven theirs by a code sent to it.

    A text from a verified number is that member speaking (as far as caller ID can be
    trusted: the team policy decides); SMS approvals go to it and are accepted only from it.
    """

    class Kind(models.TextChoices):
        PHONE = "phone", "Phone"
        EMAIL = "email", "Email"

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="identities")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="identities"
    )
    kind = models.CharField(max_length=5, choices=Kind.choices)
    value = models.CharField(max_length=254, help_text="E.164 number or lower-case email.")
    verified_at = models.DateTimeField(null=True, blank=True)
    code_digest = models.CharField(max_length=64, blank=True)
    code_sent_at = models.DateTimeField(null=True, blank=True)
    code_attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TeamScopedQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "value"]
        verbose_name_plural = "principal identities"
        constraints = [
            models.UniqueConstraint(fields=["team", "kind", "value"], name="identity_unique"),
            models.CheckConstraint(
                condition=models.Q(kind__in=["phone", "email"]), name="identity_kind_known"
            ),
        ]
        indexes = [models.Index(fields=["value"])]

    def __str__(self) -> str:
        state = "verified" if self.verified_at else "not verified"
        return f"{self.value} of {self.user} ({state})"


class SmsApprovalCode(models.Model):
    """The code in an approval text ("Reply Y 4821"): single use, good only for this action,
    this person and this number, and only while the action waits."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="sms_codes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    phone = models.CharField(max_length=20)
    code = models.CharField(max_length=8)
    digest = models.CharField(max_length=64, help_text="The arguments the text described.")
    created_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["phone", "code"])]
        constraints = [
            models.UniqueConstraint(fields=["action", "user"], name="sms_code_one_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.code} for {self.action} to {self.phone}"


class ApiToken(models.Model):
    """A bearer token for the JSON API: one person acting in one team.

    Only the SHA-256 of the token is stored, so a database dump cannot be replayed; the
    plaintext is shown once, when the token is created. ``prefix`` (the first characters)
    lets people tell their tokens apart in lists and logs.
    """

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="api_tokens")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=16)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = TeamScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(token_hash__regex=r"^[0-9a-f]{64}$"),  # noqa: S106
                name="api_token_hash_is_sha256",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…) of {self.user} in {self.team}"
