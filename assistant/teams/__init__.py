"""Teams and the people in them: scoping every query to a team, the current-team middleware,
sign-up adapters, API tokens, and the services that create teams, members and invitations."""
