"""The JSON API under ``/api/v1/`` (django-ninja): ``v1.py`` holds the API and the action and
task endpoints, ``auth.py`` the bearer tokens; contacts' endpoints live in ``contacts/api.py``."""
