from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.db.models import QuerySet
from django.http import HttpRequest

from assistant.models import (
    Action,
    ApiToken,
    AuditEvent,
    Heartbeat,
    Membership,
    PrincipalIdentity,
    SmsApprovalCode,
    Team,
    TeamPolicy,
    TraceEvent,
    User,
    UserAgentSettings,
)
from assistant.teams.services import user_invite
from assistant.teams.tokens import api_token_revoke


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "time_zone", "created_at"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "team", "role", "created_at"]
    list_filter = ["role", "team"]
    search_fields = ["user__email", "team__name"]
    autocomplete_fields = ["user", "team"]
    actions = ["send_invitation"]

    @admin.action(description="Email an invitation to choose a password")
    def send_invitation(self, request: HttpRequest, queryset: QuerySet[Membership]) -> None:
        for membership in queryset.select_related("team", "user"):
            user_invite(
                team=membership.team,
                email=membership.user.email,
                role=membership.role,
                invited_by=request.user,
            )
        messages.success(request, f"Sent {queryset.count()} invitation(s).")


class UserCreationAdminForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)


class UserChangeAdminForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    add_form = UserCreationAdminForm
    form = UserChangeAdminForm
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_active", "is_staff", "last_login"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Personal", {"fields": ("first_name", "last_name", "time_zone")}),
        (
            "Permissions",
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "usable_password", "password1", "password2"),
            },
        ),
    )


@admin.register(Heartbeat)
class HeartbeatAdmin(admin.ModelAdmin):
    list_display = ["name", "seen_at"]
    readonly_fields = ["name", "seen_at"]


@admin.register(TeamPolicy)
class TeamPolicyAdmin(admin.ModelAdmin):
    list_display = ["team", "agent_enabled", "min_confidence", "critical_needs_other_admin"]
    fieldsets = (
        (None, {"fields": ("team", "agent_enabled", "allowed_tools", "blocked_topics")}),
        (
            "Approval",
            {
                "fields": (
                    "users_may_auto_approve_low",
                    "users_may_auto_approve_medium",
                    "min_confidence",
                    "critical_needs_other_admin",
                    "approval_expiry_minutes",
                    "principal_sms_counts_as_principal",
                )
            },
        ),
        (
            "Limits",
            {
                "fields": (
                    "quiet_hours_start",
                    "quiet_hours_end",
                    "daily_limit_sms",
                    "daily_limit_email",
                    "daily_limit_call",
                    "max_recipients",
                )
            },
        ),
    )


@admin.register(UserAgentSettings)
class UserAgentSettingsAdmin(admin.ModelAdmin):
    list_display = ["membership", "auto_approve_low", "auto_approve_medium", "undo_seconds"]
    list_filter = ["membership__team"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows that change only through services (actions) or never (audit, traces)."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Action)
class ActionAdmin(ReadOnlyAdmin):
    list_display = [
        "id",
        "tool",
        "status",
        "risk",
        "decision",
        "team",
        "requested_by",
        "created_at",
    ]
    list_filter = ["status", "risk", "decision", "tool", "team"]
    list_select_related = ["team", "requested_by"]
    search_fields = ["tool", "args"]


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "event", "from_status", "to_status", "action", "user", "via"]
    list_filter = ["event", "team"]


@admin.register(TraceEvent)
class TraceEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "kind", "action", "task", "latency_ms"]
    list_filter = ["kind", "team"]


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    """Tokens are created by their owner (``manage.py create_api_token``); admins can revoke."""

    list_display = ["prefix", "name", "user", "team", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["team"]
    search_fields = ["prefix", "name", "user__email"]
    actions = ["revoke"]

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return obj is None  # the list (and its actions) but no edit form

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        for token in queryset:
            api_token_revoke(token=token)
        messages.success(request, f"Revoked {queryset.count()} token(s).")


@admin.register(PrincipalIdentity)
class PrincipalIdentityAdmin(admin.ModelAdmin):
    """Members' own numbers and addresses; the code's digest never leaves the database."""

    list_display = ["user", "kind", "value", "verified_at", "team"]
    list_filter = ["kind", "team"]
    list_select_related = ["user", "team"]
    search_fields = ["value", "user__email"]
    autocomplete_fields = ["user", "team"]
    exclude = ["code_digest"]
    readonly_fields = ["code_sent_at", "created_at"]

    def get_readonly_fields(self, request: HttpRequest, obj: object = None) -> list[str]:
        # A verification proves one value: changing it would carry the mark to another.
        return [*self.readonly_fields, *(["kind", "value"] if obj else [])]


@admin.register(SmsApprovalCode)
class SmsApprovalCodeAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "code", "phone", "user", "action", "used_at"]
    list_select_related = ["user", "action"]
    search_fields = ["phone", "user__email"]
