"""Checks of the message broker: reachability (for /health/) and a safe Redis configuration."""

from __future__ import annotations

import logging
from functools import cache

import redis
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from kombu import Connection
from redis.backoff import NoBackoff
from redis.retry import Retry

logger = logging.getLogger(__name__)

SAFE_EVICTION_POLICY = "noeviction"


def redis_eviction_policy_check(url: str) -> None:
    """Raise ``ImproperlyConfigured`` unless the Redis at ``url`` never evicts keys.

    A Redis that evicts under memory pressure silently drops queued jobs. Servers that forbid
    ``CONFIG GET`` (some hosted offerings) cannot be checked; that is logged as a warning.
    """
    client = redis.Redis.from_url(url, socket_connect_timeout=5, socket_timeout=5)
    try:
        policy = client.config_get("maxmemory-policy").get("maxmemory-policy")
    except redis.ResponseError as error:
        logger.warning(
            "Could not read Redis maxmemory-policy (%s); make sure it is noeviction.", error
        )
        return
    finally:
        client.close()
    if policy != SAFE_EVICTION_POLICY:
        raise ImproperlyConfigured(
            f"Redis at {url} has maxmemory-policy={policy!r}; Consigliere needs 'noeviction' so "
            "queued jobs are never dropped. Run `redis-cli CONFIG SET maxmemory-policy "
            "noeviction` and set it in redis.conf."
        )


def redis_eviction_policy_recheck(url: str) -> bool:
    """Check the Redis at ``url`` again (a worker whose broker connection came back); never raise.

    A Redis restarted from another configuration may now evict. A running worker cannot
    refuse to start any more, so it says so at ERROR with the command that fixes it and goes
    on. Returns whether the policy is known to be safe (False when it evicts or cannot be read).
    """
    try:
        redis_eviction_policy_check(url)
    except ImproperlyConfigured as error:
        logger.error("BROKER_MAY_EVICT: %s Queued jobs may be dropped until it is fixed.", error)
        return False
    except redis.RedisError as error:  # gone again already: the next reconnect checks again
        logger.warning("Could not check Redis maxmemory-policy after reconnecting: %s", error)
        return False
    return True


def broker_ping(*, timeout: float = 3.0) -> str | None:
    """Connect to the configured Celery broker; return None when it answers, else the reason.

    Redis is asked over a pooled client (a PING on a kept connection); building a kombu
    connection and channel on every call made /health/ fifteen times slower than a bare view.
    Other transports (the embedded filesystem queue) go through kombu.
    """
    url = settings.CELERY_BROKER_URL
    try:
        if url.startswith(("redis://", "rediss://")):
            _redis_client(url, timeout).ping()
        else:
            _kombu_ping(url, timeout)
    except Exception as error:  # any transport failure is "down", with its reason
        return f"{type(error).__name__}: {error}"
    return None


@cache
def _redis_client(url: str, timeout: float) -> redis.Redis:
    # No retries: redis-py's default (three, with a growing backoff) made a down broker hold
    # /health/ for 18 s, which a load balancer reads as a timeout rather than "down".
    return redis.Redis.from_url(
        url, socket_connect_timeout=timeout, socket_timeout=timeout, retry=Retry(NoBackoff(), 0)
    )


def _kombu_ping(url: str, timeout: float) -> None:
    connection = Connection(
        url, transport_options=settings.CELERY_BROKER_TRANSPORT_OPTIONS, connect_timeout=timeout
    )
    try:
        connection.ensure_connection(max_retries=0, timeout=timeout)
        # Opening a channel makes the filesystem transport touch its folders too.
        connection.default_channel  # noqa: B018
    finally:
        connection.release()
