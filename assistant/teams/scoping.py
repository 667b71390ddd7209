"""Team scoping: the one pattern that keeps every team's data to itself (PROMISES.md #21).

Every team-owned model inherits ``TeamOwned`` (or, like ``Team`` itself, uses a
``TeamScopedQuerySet`` with ``team_path = ""``). Views never fetch a team-owned row by id
alone: they go through ``get_for_member``, which returns 404, not 403, for rows of teams the
user is not a member of, so another team's ids cannot even be probed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.db import models
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

if TYPE_CHECKING:
    from assistant.models import Team, User

M = TypeVar("M", bound=models.Model)


class TeamScopedQuerySet(models.QuerySet):
    """A queryset that knows the lookup path from its model to ``Team``.

    ``team_path`` is ``"team"`` for a model with a ``team`` foreign key, ``"task__team"`` for
    a model one hop further, and ``""`` for ``Team`` itself.
    """

    team_path = "team"

    def _lookup(self, suffix: str) -> str:
        return f"{self.team_path}__{suffix}" if self.team_path else suffix

    def for_team(self, team: Team) -> TeamScopedQuerySet:
        return self.filter(**{self._lookup("pk"): team.pk})

    def for_member(self, user: User | Any) -> TeamScopedQuerySet:
        """Rows of every team ``user`` is an active member of; none for anonymous users."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        return self.filter(**{self._lookup("memberships__user"): user})


class TeamOwned(models.Model):
    """Base for every model whose rows belong to a team."""

    team = models.ForeignKey("assistant.Team", on_delete=models.CASCADE)

    objects = TeamScopedQuerySet.as_manager()

    class Meta:
        abstract = True


def get_for_member(request: HttpRequest, queryset: models.QuerySet[M], **lookups: Any) -> M:
    """Fetch one row the signed-in user may see, or raise Http404.

    ``queryset`` must be a ``TeamScopedQuerySet`` (``Model.objects.all()`` or narrower).
    """
    if not isinstance(queryset, TeamScopedQuerySet):
        raise TypeError(f"{queryset.model.__name__} is not team-scoped; use a TeamScopedQuerySet.")
    return get_object_or_404(queryset.for_member(request.user), **lookups)
