"""Handlers of the tools whose side effects live in tasks (see assistant.registry)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from assistant.models import Action
from tasks.models import Todo


def create_task(*, action: Action) -> dict[str, Any]:
    args = action.args
    due = datetime.fromisoformat(args["due_at"]) if args.get("due_at") else None
    todo, _ = Todo.objects.get_or_create(
        created_by_action=action,
        defaults={
            "team": action.team,
            "title": args["title"],
            "notes": args.get("notes", ""),
            "due_at": due,
        },
    )
    return {"todo": todo.pk, "title": todo.title}
