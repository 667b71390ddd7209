"""The fake SMTP server takes email from Django's real SMTP backend as a mail server would."""

from __future__ import annotations

import smtplib
import threading

import pytest
from django.core.mail import EmailMultiAlternatives, get_connection

from tests.fakes.smtp_server import FakeSmtp, running_fake_smtp

# The fixtures (fake_twilio, fake_smtp and their session servers), until a conftest has them.

MESSAGE_ID = "<action-42.7f3a@consigliere.test>"


def _connection(fake: FakeSmtp, **options: object):
    return get_connection(
        "django.core.mail.backends.smtp.EmailBackend",
        host=fake.host,
        port=fake.port,
        timeout=5,
        fail_silently=False,
        **options,
    )


def _email(fake: FakeSmtp, *, to: list[str] | None = None, **options: object):
    email = EmailMultiAlternatives(
        subject="Running late",
        body="Vito is running ten minutes late.",
        from_email="Consigliere <assistant@consigliere.test>",
        to=to or ["alice@example.com"],
        cc=["tom@example.com"],
        headers={"Message-ID": MESSAGE_ID},
        connection=_connection(fake, **options),
    )
    email.attach_alternative("<p>Vito is running <b>ten minutes</b> late.</p>", "text/html")
    return email


def test_django_sends_a_text_and_html_email_and_the_fake_keeps_it_parsed(
    fake_smtp: FakeSmtp,
) -> None:
    assert _email(fake_smtp).send() == 1

    [mail] = fake_smtp.wait_for(1)
    assert mail.envelope_from == "assistant@consigliere.test"
    assert mail.envelope_to == ["alice@example.com", "tom@example.com"]
    assert mail.message["Message-ID"] == MESSAGE_ID
    assert mail.message["Subject"] == "Running late"
    assert mail.message["To"] == "alice@example.com"
    assert mail.message.get_content_type() == "multipart/alternative"
    text = mail.message.get_body(preferencelist=("plain",))
    html = mail.message.get_body(preferencelist=("html",))
    assert text is not None and text.get_content().strip() == "Vito is running ten minutes late."
    assert html is not None and "<b>ten minutes</b>" in html.get_content()
    assert mail.login is None
    assert fake_smtp.url == f"smtp://127.0.0.1:{fake_smtp.port}"


def test_a_scripted_451_refuses_the_recipients_for_now_and_the_next_send_goes_through(
    fake_smtp: FakeSmtp,
) -> None:
    fake_smtp.script("451")

    with pytest.raises(smtplib.SMTPRecipientsRefused) as raised:
        _email(fake_smtp).send()
    assert {code for code, _ in raised.value.recipients.values()} == {451}
    assert fake_smtp.messages == []

    assert _email(fake_smtp).send() == 1
    assert len(fake_smtp.wait_for(1)) == 1
    assert [(r.stage, r.code) for r in fake_smtp.refusals] == [("RCPT", 451), ("RCPT", 451)]


def test_a_scripted_550_refuses_the_recipients_for_good(fake_smtp: FakeSmtp) -> None:
    fake_smtp.script("550")

    with pytest.raises(smtplib.SMTPRecipientsRefused) as raised:
        _email(fake_smtp, to=["nobody@example.com"]).send()

    assert raised.value.recipients["nobody@example.com"][0] == 550
    assert fake_smtp.messages == []


@pytest.mark.parametrize("code", [451, 554])
def test_a_scripted_refusal_after_data_raises_smtplibs_data_error(
    fake_smtp: FakeSmtp, code: int
) -> None:
    fake_smtp.script(f"data:{code}")

    with pytest.raises(smtplib.SMTPDataError) as raised:
        _email(fake_smtp).send()

    assert raised.value.smtp_code == code
    assert fake_smtp.messages == []
    [refusal] = fake_smtp.refusals
    assert (refusal.stage, refusal.envelope_to) == (
        "DATA",
        ["alice@example.com", "tom@example.com"],
    )


def test_scripting_an_unknown_outcome_is_refused(fake_smtp: FakeSmtp) -> None:
    with pytest.raises(ValueError, match="Unknown SMTP outcome"):
        fake_smtp.script("250")


def test_a_login_with_the_fakes_credentials_is_recorded_on_the_email(fake_smtp: FakeSmtp) -> None:
    _email(fake_smtp, username=fake_smtp.username, password=fake_smtp.password).send()

    assert fake_smtp.wait_for(1)[0].login == fake_smtp.username


def test_a_login_with_a_wrong_password_is_refused(fake_smtp: FakeSmtp) -> None:
    email = _email(fake_smtp, username=fake_smtp.username, password="wrong")
    with pytest.raises(smtplib.SMTPAuthenticationError):
        email.send()
    email.connection.close()  # Django keeps the half-open connection until told to close it

    assert fake_smtp.messages == []


def test_wait_for_returns_once_another_thread_has_sent(fake_smtp: FakeSmtp) -> None:
    email = _email(fake_smtp)
    sender = threading.Thread(target=email.send)
    sender.start()

    [mail] = fake_smtp.wait_for(1, timeout=5)
    sender.join(timeout=5)

    assert mail.message["Message-ID"] == MESSAGE_ID


def test_wait_for_fails_and_says_how_many_arrived(fake_smtp: FakeSmtp) -> None:
    with pytest.raises(AssertionError, match="accepted 0 emails, not 1"):
        fake_smtp.wait_for(1, timeout=0.1)


def test_reset_forgets_emails_and_script(fake_smtp: FakeSmtp) -> None:
    _email(fake_smtp).send()
    fake_smtp.script("550")

    fake_smtp.reset()

    assert fake_smtp.messages == []
    assert _email(fake_smtp).send() == 1


def test_a_fake_of_its_own_starts_on_a_free_port_and_stops() -> None:
    with running_fake_smtp() as first, running_fake_smtp() as second:
        assert first.port != second.port
        _email(second).send()
        assert len(second.wait_for(1)) == 1 and first.messages == []
        port = second.port

    with pytest.raises(OSError):
        smtplib.SMTP("127.0.0.1", port, timeout=2)
