"""Contacts: Contacts, interactions, memory summaries and commitments."""
