"""Planner back-ends (base interface, OpenAI) arrive with the planners issue."""
