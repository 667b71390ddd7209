"""Tasks: Task (one request and its lifecycle), reminders and recurrence."""
