"""The policy: the facts a decision needs (``policy_facts_load``, the database work) and the
pure rules that decide (``policy_evaluate``), with the reasons in words (``rules.py``)."""
