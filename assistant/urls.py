"""The project's URLs: each app's own urls under its prefix, plus accounts and admin."""

from __future__ import annotations

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from assistant.api.v1 import api
from assistant.approvals import views
from messaging import channel_views

# The admin signs in through allauth's form, so it shares the login rate limits and MFA.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]
admin.site.site_header = "Consigliere administration"
admin.site.site_title = "Consigliere admin"

handler500 = "assistant.outages.server_error"  # an outage is a 503, never a bare 500

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("teams/<int:pk>/", views.team_detail, name="team_detail"),
    path("teams/switch/", views.team_switch, name="team_switch"),
    path("health/", views.health, name="health"),
    path("api/v1/", api.urls),
    path("approvals/", views.approvals, name="approvals"),
    path("approvals/count/", views.approvals_count, name="approvals_count"),
    path("approvals/bulk/", views.approvals_bulk, name="approvals_bulk"),
    path("actions/<int:pk>/", views.action_card_view, name="action_card"),
    path("actions/<int:pk>/undo/", views.action_undo_view, name="action_undo"),
    path("actions/<int:pk>/feedback/", views.action_feedback_view, name="action_feedback"),
    path("history/", views.history, name="history"),
    path("insights/", views.insights, name="insights"),
    path("history/export.csv", views.history_export, {"fmt": "csv"}, name="history_export_csv"),
    path("history/export.json", views.history_export, {"fmt": "json"}, name="history_export_json"),
    path("actions/<int:pk>/approve/", views.action_approve_view, name="action_approve"),
    path("actions/<int:pk>/reject/", views.action_reject_view, name="action_reject"),
    path("actions/<int:pk>/edit/", views.action_edit_view, name="action_edit"),
    path("actions/<int:pk>/revise/", views.action_revise_view, name="action_revise"),
    path("settings/agent/", views.agent_settings, name="agent_settings"),
    path("settings/channels/", channel_views.channel_settings, name="channel_settings"),
    path("settings/api-tokens/", views.api_token_create_view, name="api_token_create"),
    path(
        "settings/api-tokens/<int:pk>/revoke/", views.api_token_revoke_view, name="api_token_revoke"
    ),
    path("tasks/", include("tasks.urls")),
    path("contacts/", include("contacts.urls")),
    path("calendar/", include("calendar_sync.urls")),
    path("messaging/", include("messaging.urls")),
    path("webhooks/", include("messaging.webhook_urls")),
    path("costs/", include("costs.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]
