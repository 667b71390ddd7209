"""Messaging: SMS, voice and email channels; inbound webhooks; delivery status; opt-out."""
