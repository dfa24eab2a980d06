"""email-lint: check email templates for the elements the law requires of commercial email."""

__version__ = "0.1.0"
