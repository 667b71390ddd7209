"""/webhooks/: the addresses providers call. Each answers with or without a trailing slash
(whichever the provider was given); the signature is checked against the one called."""

from __future__ import annotations

from django.urls import re_path

from messaging import webhooks

app_name = "webhooks"

urlpatterns = [
    re_path(r"^twilio/sms/?$", webhooks.twilio_sms, name="twilio-sms"),
    re_path(r"^twilio/voice/?$", webhooks.twilio_voice, name="twilio-voice"),
    re_path(r"^twilio/status/?$", webhooks.twilio_status, name="twilio-status"),
]
