"""Costs: Price book, cost events, estimates, budgets and the cost pages."""
