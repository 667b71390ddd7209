"""Celery jobs of messaging: thin, named <verb>_<thing>_job, enqueued after commit."""

from __future__ import annotations

from celery import shared_task


@shared_task(ignore_result=True)
def request_sms_approvals_job(action_id: int) -> int:
    """Text the members who approve by SMS about one waiting action (once each)."""
    from messaging.sms_approvals import sms_approvals_request

    return sms_approvals_request(action_id=action_id)


@shared_task(ignore_result=True)
def process_inbound_message_job(message_id: int) -> str:
    """Act on one stored inbound text or spoken reply: an approval answer, a request from a
    member, or a message from someone else."""
    from messaging.inbound import inbound_message_process

    return inbound_message_process(message_id=message_id)
