"""The engine: an action's life (propose, decide, approve, execute once, sweep after a
crash), the hooks it announces, who may decide (``action_decision_options``) and its jobs."""
