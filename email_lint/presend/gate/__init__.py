"""The SMTP gate: an SMTP server that judges each recipient and message, then relays or refuses.

Needs the ``gate`` extra (aiosmtpd, aiosmtplib); nothing here is imported by ``check``.
"""
