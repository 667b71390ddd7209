"""Planning: a request in words becomes a task with proposed actions (``services.py``), in a
job for texted requests (``jobs.py``), through a planner (``llm/``: offline rules or OpenAI)."""
