"""The pages where people decide: the live queue and its cards, editing and revising an
action, history with exports and feedback, insights; also the dashboard and settings pages."""
