"""The environment readers accept good values and name the variable when one is bad."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from assistant.env import (
    env_bool,
    env_database,
    env_int,
    env_list,
    env_time_zone,
    env_url,
    redis_url_next_database,
)


@pytest.mark.parametrize(
    ("raw", "expected"), [("1", True), ("YES", True), ("off", False), ("", False)]
)
def test_booleans_are_read_in_their_usual_spellings(raw, expected):
    assert env_bool("FLAG", not expected, environ={"FLAG": raw}) is expected


def test_an_unset_variable_gives_the_default():
    assert env_bool("FLAG", True, environ={}) is True
    assert env_int("N", 7, environ={}) == 7
    assert env_list("HOSTS", ["a"], environ={}) == ["a"]


def test_a_bad_boolean_names_the_variable_and_the_accepted_spellings():
    with pytest.raises(
        ImproperlyConfigured, match=r"FLAG='sometimes' is not a boolean: use one of"
    ):
        env_bool("FLAG", False, environ={"FLAG": "sometimes"})


def test_a_number_outside_its_range_is_refused():
    with pytest.raises(ImproperlyConfigured, match="PORT=0 is out of range"):
        env_int("PORT", 8000, minimum=1, maximum=65535, environ={"PORT": "0"})


def test_lists_ignore_blanks_around_items():
    assert env_list("HOSTS", [], environ={"HOSTS": " a.example , ,b.example"}) == [
        "a.example",
        "b.example",
    ]


def test_urls_must_use_an_accepted_scheme_and_lose_a_trailing_slash():
    assert (
        env_url("U", schemes={"https"}, environ={"U": "https://x.example/"}) == "https://x.example"
    )
    with pytest.raises(ImproperlyConfigured, match="must start with one of https://"):
        env_url("U", schemes={"https"}, environ={"U": "ftp://x.example"})


def test_a_postgres_url_becomes_a_django_database():
    config = env_database("DB", "", environ={"DB": "postgres://app@db.internal:5433/consigliere"})
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.internal", 5433, "consigliere")


def test_a_postgres_host_that_stops_answering_fails_a_connection_in_two_seconds():
    config = env_database("DB", "", environ={"DB": "postgres://app@db.internal/consigliere"})
    assert config["OPTIONS"]["connect_timeout"] == 2


def test_a_time_zone_must_be_an_iana_name():
    assert env_time_zone("TZ", "UTC", environ={"TZ": "Europe/Rome"}) == "Europe/Rome"
    with pytest.raises(ImproperlyConfigured, match="is not an IANA time zone"):
        env_time_zone("TZ", "UTC", environ={"TZ": "Sicily"})


def test_the_cache_database_is_the_one_after_the_jobs_database():
    assert redis_url_next_database("redis://h:6379/0") == "redis://h:6379/1"
    assert redis_url_next_database("redis://h:6379") == "redis://h:6379/1"
    assert redis_url_next_database("") == ""
    with pytest.raises(ImproperlyConfigured, match="set REDIS_CACHE_URL"):
        redis_url_next_database("redis://h:6379/15")
