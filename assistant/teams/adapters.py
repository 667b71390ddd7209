"""django-allauth's account adapter: whether sign-up is open, and where people land."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        """Sign-up is closed unless ACCOUNT_ALLOW_SIGNUP is on: admins invite people."""
        return settings.ACCOUNT_ALLOW_SIGNUP
