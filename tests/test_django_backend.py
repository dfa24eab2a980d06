"""The Django backend: messages go through LintingBackend wrapping the locmem backend (and anymail's)."""

from __future__ import annotations

import logging

import pytest

django = pytest.importorskip("django")

from django.conf import settings  # noqa: E402

if not settings.configured:
    settings.configure(
        EMAIL_BACKEND="email_lint.integrations.django.LintingBackend",
        EMAIL_LINT_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        EMAIL_LINT={"mode": "block", "countries": ["gb"]},
        INSTALLED_APPS=[],
    )
    django.setup()

from django.core import mail  # noqa: E402
from django.core.exceptions import ImproperlyConfigured  # noqa: E402
from django.test import override_settings  # noqa: E402

from email_lint.integrations.django import LintingBackend, MessageBlocked, anymail_pre_send  # noqa: E402

ONE_CLICK = {"List-Unsubscribe": "<https://northwind.example/unsubscribe?u=42>",
             "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
TEXT = ("Hello, here are ten novels our booksellers loved this autumn.\n\n"
        "This is an advertisement. You are receiving this email because you subscribed on northwind.example.\n"
        "Unsubscribe: {link}\n"
        "Northwind Books Ltd, 14 Harbour Road, Bristol BS1 4RN, United Kingdom.\n")
HTML = ('<html lang="en"><body><p>Hello, here are ten novels our booksellers loved this autumn.</p>'
        "<p>Northwind Books Ltd, 14 Harbour Road, Bristol BS1 4RN, United Kingdom.</p>"
        "<p>This is an advertisement. You are receiving this email because you subscribed on northwind.example. "
        '<a href="{link}">Unsubscribe</a> at any time.</p></body></html>')


def email(to=("reader@example.org",), *, compliant: bool = True, cls=None):
    from django.core.mail import EmailMultiAlternatives

    link = "https://northwind.example/unsubscribe?u=42" if compliant else "*|UNSUB|*"
    message = (cls or EmailMultiAlternatives)(
        "Our autumn reading list", TEXT.format(link=link), "Northwind Books <news@northwind.example>", list(to),
        headers=ONE_CLICK if compliant else {},
    )
    message.attach_alternative(HTML.format(link=link), "text/html")
    return message


@pytest.fixture(autouse=True)
def outbox():
    mail.outbox = []
    yield mail.outbox


def test_a_compliant_message_is_sent_through_the_wrapped_backend(outbox):
    assert mail.get_connection().send_messages([email()]) == 1
    assert [m.subject for m in outbox] == ["Our autumn reading list"]
    assert isinstance(mail.get_connection(), LintingBackend)


def test_a_blocked_message_is_dropped_logged_and_not_counted(outbox, caplog):
    with caplog.at_level(logging.WARNING, logger="email_lint"):
        sent = mail.get_connection().send_messages([email(), email(compliant=False), email()])
    assert sent == 2 and len(outbox) == 2
    [record] = [r for r in caplog.records if "not sent" in r.getMessage()]
    assert "EL006" in record.getMessage()


def test_send_mail_returns_0_for_a_blocked_message(outbox):
    assert mail.send_mail("Hello", "*|FNAME|*, buy now", "shop@example.org", ["a@example.org"]) == 0
    assert outbox == []


def test_warn_mode_sends_everything_and_logs(outbox, caplog):
    with override_settings(EMAIL_LINT={"mode": "warn", "countries": ["gb"]}), \
            caplog.at_level(logging.WARNING, logger="email_lint"):
        assert mail.get_connection().send_messages([email(compliant=False)]) == 1
    assert len(outbox) == 1
    assert any("EL006" in r.getMessage() for r in caplog.records)


def test_raise_turns_a_block_into_an_exception(outbox):
    with override_settings(EMAIL_LINT={"mode": "block", "raise": True}), pytest.raises(MessageBlocked) as caught:
        mail.get_connection().send_messages([email(compliant=False)])
    assert "EL006" in str(caught.value) and outbox == []


def test_suppressed_recipients_are_taken_off_and_the_others_still_get_it(outbox, tmp_path):
    suppressed = tmp_path / "unsubscribed.txt"
    suppressed.write_text("gone@example.org\n", encoding="utf-8")
    with override_settings(EMAIL_LINT={"suppressions": [str(suppressed)]}):
        connection = mail.get_connection()
        assert connection.send_messages([email(["Ann <ann@example.org>", "GONE@example.org"])]) == 1
        assert connection.send_messages([email(["gone@example.org"])]) == 0
    [sent] = outbox
    assert sent.to == ["Ann <ann@example.org>"]


def test_bad_settings_are_reported_by_name():
    with override_settings(EMAIL_LINT={"mode": "block", "countires": ["fr"]}), \
            pytest.raises(ImproperlyConfigured, match="countires"):
        mail.get_connection()


def test_anymail_pre_send_receiver_cancels_blocked_messages(outbox):
    pytest.importorskip("anymail")
    from anymail.message import AnymailMessage
    from anymail.signals import pre_send

    pre_send.connect(anymail_pre_send)
    try:
        with override_settings(ANYMAIL={}):
            connection = mail.get_connection("anymail.backends.test.EmailBackend")
            assert connection.send_messages([email(compliant=False, cls=AnymailMessage)]) == 0
            assert connection.send_messages([email(cls=AnymailMessage)]) == 1
    finally:
        pre_send.disconnect(anymail_pre_send)
    assert [m.subject for m in outbox] == ["Our autumn reading list"]
    assert outbox[0].anymail_status.status == {"sent"}


def test_contacts_without_a_lawful_basis_are_taken_off(outbox, tmp_path):
    contacts = tmp_path / "contacts.csv"
    contacts.write_text("email,country,audience,consent\nanna@example.de,de,b2c,double-opt-in\n"
                        "bernd@example.de,de,b2c,opt-out\n", encoding="utf-8")
    with override_settings(EMAIL_LINT={"contacts": str(contacts)}):
        assert mail.get_connection().send_messages([email(["anna@example.de", "bernd@example.de"])]) == 1
    assert outbox[0].to == ["anna@example.de"]  # UWG §7(2) Nr. 2: no advertising to consumers on opt-out


def test_a_message_that_cannot_be_checked_is_never_sent_unchecked(outbox, monkeypatch):
    from email_lint.presend import message as presend_message

    def unreadable(*_args, **_kwargs):
        raise presend_message.MessageNotChecked("message.eml: not a text file")

    monkeypatch.setattr(presend_message, "check_message", unreadable)
    with pytest.raises(presend_message.MessageNotChecked):
        mail.get_connection().send_messages([email()])
    assert mail.get_connection(fail_silently=True).send_messages([email()]) == 0
    assert outbox == []
