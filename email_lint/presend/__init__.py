"""The send-time entrances: ``check_message``, the audience check, the SMTP gate, the Django backend.

Thin adapters over the same engine, imported only when used: nothing here is imported by
``email-lint check``.
"""
